"""A fingerprint of the engine's own files: which state of the engine made something.

The parse cache keys its entries by it (an engine that reads YAML differently never reuses an
older engine's entries), and `benchmarks/` records it beside every figure. The version string
is no use for either: it does not change between commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent  # plugins/ordinarily/ (or the installed package)
CODE = (".py", ".json")  # what decides how content is read: the code and the JSON Schemas


def fingerprint(suffixes: Iterable[str] | None = CODE, folder: Path = ENGINE) -> str:
    """A hash (12 hex digits) of every file below `folder` whose name ends with one of
    `suffixes` (None: every file), by its path relative to `folder` and its bytes. Compiled
    files (`__pycache__`) are left out."""
    digest = hashlib.sha256()
    wanted = tuple(suffixes) if suffixes is not None else None
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        if wanted is not None and not path.name.endswith(wanted):
            continue
        name = path.relative_to(folder).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:12]


@cache
def engine_code() -> str:
    """The fingerprint of the engine's code and schemas, computed once per process."""
    return fingerprint()
