"""The Open Referral UK feed is for a published site: `mkdocs build` (so `make build` and
`make publish`) always writes it, `mkdocs serve` only when asked (`make serve FEED=1`, which sets
ORDINARILY_FEED=1). Without it, the served site still builds, the finder's data included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import mkdocs

pytestmark = pytest.mark.build

# The first build a serve process makes (mkdocs/commands/serve.py: on_startup with the command
# "serve", then `build(serve_url=...)`), without the server.
SERVE_BUILD = """
import logging
import sys
logging.basicConfig(level=logging.INFO)  # as `mkdocs serve` shows its log
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = "http://127.0.0.1:8000/"
build(config, serve_url="http://127.0.0.1:8000/", dirty=False)
"""
FEED = ("api/oruk/index.json", "api/oruk/services/index.json", "api/oruk/nginx.conf")
FINDER = "local-offer/finder"


def serve_build(project: Path, site: Path, feed: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "ORDINARILY_FEED"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if feed is not None:
        env["ORDINARILY_FEED"] = feed
    result = subprocess.run([sys.executable, "-c", SERVE_BUILD, str(project / "mkdocs.yml"),
                             str(site)], cwd=project, capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_serve_leaves_the_feed_out_unless_asked(project: Path, tmp_path: Path) -> None:
    log = serve_build(project, tmp_path / "plain", None)
    assert not (tmp_path / "plain" / "api").exists()
    assert (tmp_path / "plain" / FINDER).is_dir()  # the finder's data is written as ever
    assert (tmp_path / "plain" / "local-offer/services/accessible-play-days-half-term/"
            "index.html").is_file()
    assert "The Open Referral UK feed (api/oruk/) is not written under serve" in log
    assert "make serve FEED=1" in log

    log = serve_build(project, tmp_path / "feed", "1")
    for path in FEED:
        assert (tmp_path / "feed" / path).is_file(), path
    assert "not written under serve" not in log


def test_build_always_writes_the_feed(project: Path, tmp_path: Path) -> None:
    result = mkdocs(project, "build", "--site-dir", str(tmp_path / "site"),
                    env={"ORDINARILY_FEED": "0"})
    assert result.returncode == 0, result.stderr
    for path in FEED:
        assert (tmp_path / "site" / path).is_file(), path
