"""MkDocs hooks that note when each build event first and last runs (profile_build.py adds them).

They run before every plugin (priority 100), so the gap between two events is the time MkDocs
and the plugins spent in between. Written to the JSON file named by ORDINARILY_PHASES.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from mkdocs.plugins import event_priority

_seen: dict[str, list[float]] = {}


def _note(event: str) -> None:
    now = time.perf_counter()
    first_last = _seen.setdefault(event, [now, now])
    first_last[1] = now


def _passthrough(event: str) -> Any:
    @event_priority(100)
    def hook(value: Any = None, **_: Any) -> Any:
        _note(event)
        return value

    return hook


on_config = _passthrough("config")
on_pre_build = _passthrough("pre_build")
on_files = _passthrough("files")
on_nav = _passthrough("nav")
on_env = _passthrough("env")
on_pre_page = _passthrough("pre_page")
on_page_markdown = _passthrough("page_markdown")
on_page_content = _passthrough("page_content")
on_page_context = _passthrough("page_context")
on_post_page = _passthrough("post_page")


@event_priority(100)
def on_startup(**_: Any) -> None:
    _note("startup")


@event_priority(100)
def on_post_build(**_: Any) -> None:
    _note("post_build")


@event_priority(-100)
def on_shutdown() -> None:
    _note("shutdown")
    path = os.environ.get("ORDINARILY_PHASES")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_seen, f)
