"""`mkdocs serve --livereload` (what `make serve` runs) picks up an edited need file, and the
open page reloads itself: the Content-Security-Policy lets the live-reload script run."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from browser import free_port
from conftest import BIN

pytestmark = pytest.mark.build  # Runs `mkdocs serve`, which builds the site.

NEED = "needs/communication-and-interaction/autism.yml"
URL_PATH = "/needs/communication-and-interaction/autism/"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(check, seconds: float, server: subprocess.Popen | None = None) -> bool:
    """Poll `check` until it is true or `seconds` pass; with `server`, stop as soon as the
    server has exited (its output is then in the failure)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        if server is not None and server.poll() is not None:
            raise AssertionError(f"mkdocs serve exited ({server.returncode}):\n"
                                 f"{server.stdout.read() if server.stdout else ''}")
        time.sleep(0.2)
    return False


def test_serve_reloads_an_edited_need(project: Path, browser) -> None:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}{URL_PATH}"
    try:
        assert wait_for(lambda: fetch(url) is not None, 120, server), \
            "the server did not start"
        before = fetch(url)
        assert "Strategy added while serving" not in before
        assert "livereload" in before  # the live-reload script is injected
        page = browser.new_page()
        page.goto(url)
        need = project / NEED
        need.write_text(need.read_text().replace(
            "\nprovision:\n",
            "\nprovision:\n  - id: added-while-serving\n    tier: universal\n"
            "    title: Strategy added while serving\n    detail: Shown after a rebuild.\n", 1))
        assert wait_for(lambda: "Strategy added while serving" in (fetch(url) or ""), 120,
                        server), \
            "the served page did not change after the need file was edited"
        assert 'id="added-while-serving"' in fetch(url)
        page.wait_for_selector("#added-while-serving", timeout=60000)  # reloaded by itself
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
