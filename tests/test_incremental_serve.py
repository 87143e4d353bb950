"""Under `make serve` (`mkdocs serve --dirty`) a saved file rebuilds only what depends on it,
and the site is then exactly what a fresh serve build of the edited project gives.

The real serve machinery runs in a subprocess on a copy of the example; its temporary site
folder is found through TMPDIR. After each edit the served site is compared, byte for byte,
with a clean build of a copy of the edited project made the way `mkdocs serve` makes its first
build (command "serve", the same address), in a separate process. The edits: a need's text, a
need's title, a service, the glossary. The test also checks that the rebuilds skipped work:
MkDocs' log line and the modification times of files that should not have been written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ordinarily.core.engine_files import ENGINE_THEME

from browser import free_port
from conftest import BIN, copy_example

pytestmark = pytest.mark.build  # Runs `mkdocs serve`, which builds the site.

NEED = "needs/communication-and-interaction/autism.yml"
NEED_PAGE = "needs/communication-and-interaction/autism/index.html"
SERVICE = "local-offer/services/accessible-play-days-half-term.yml"
SERVICE_PAGE = "local-offer/services/accessible-play-days-half-term/index.html"
AUTISM_SERVICE_PAGE = "local-offer/services/autism-parent-programme/index.html"
GLOSSARY = "needs/glossary.yml"
BUILT = "Documentation built in"
RELOADED = "Reloading browsers"  # mkdocs logs it after the build and its last file
# After the first build: mkdocs starts watching the files (the watcher's start adds every
# folder to inotify) and then says where it serves. An edit before that is never seen.
SERVING = "Serving on http"

# The build a serve process makes first (mkdocs/commands/serve.py: on_startup with command
# "serve", the site address set to the server's, `build(serve_url=...)`), without the server.
CLEAN_SERVE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[3]
build(config, serve_url=sys.argv[3], dirty=False)
"""


class Serve:
    """`mkdocs serve --livereload --dirty` as `make serve` runs it, on a free port."""

    def __init__(self, project: Path, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tmp / "serve.log"
        self.tmpdir = tmp / "serve-tmp"
        self.tmpdir.mkdir()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(self.tmpdir)}
        with open(self.log, "w", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", "--dev-addr",
                 f"127.0.0.1:{self.port}"], cwd=project, env=env, stdout=out,
                stderr=subprocess.STDOUT)
        self.wait_for(lambda log: BUILT in log and SERVING in log.split(BUILT, 1)[1], 0)
        self.site = next(self.tmpdir.glob("mkdocs_*"))

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_built(self, since: int) -> None:
        """Wait for a build, and the browsers' reload, logged after the log's first `since`
        characters."""
        self.wait_for(lambda log: BUILT in log and RELOADED in log.split(BUILT, 1)[1], since)

    def wait_for(self, logged: Callable[[str], bool], since: int, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if logged(self.text()[since:]):
                return
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve exited:\n{self.text()}")
            time.sleep(0.2)
        seen = "Detected file changes" in self.text()[since:]
        raise AssertionError(f"no build within {seconds} s of the edit (the change was "
                             f"{'' if seen else 'not '}detected):\n{self.text()[since:][-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns
            for p in site.rglob("*") if p.is_file()}


def clean_build(project: Path, out: Path, url: str) -> dict[str, bytes]:
    result = subprocess.run(
        [str(BIN / "python"), "-c", CLEAN_SERVE_BUILD, str(project / "mkdocs.yml"), str(out),
         url], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return tree(out)


def differences(served: dict[str, bytes], clean: dict[str, bytes],
                since: float) -> list[str]:
    """What differs, leaving out the engine's theme files edited while the test ran (other
    work in the same tree)."""
    served = {p: data for p, data in served.items() if not _edited(p, since)}
    clean = {p: data for p, data in clean.items() if not _edited(p, since)}
    out = [f"only in the served site: {p}" for p in sorted(set(served) - set(clean))]
    out += [f"only in the clean build: {p}" for p in sorted(set(clean) - set(served))]
    out += [f"differs: {p}" for p in sorted(set(served) & set(clean))
            if served[p] != clean[p]]
    return out


def _edited(path: str, since: float) -> bool:
    source = ENGINE_THEME / path
    return source.is_file() and source.stat().st_mtime > since


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer says {old!r}: update the test's edit"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [  # (name, file, old text, new text)
    ("need text", NEED, "often find uncertainty and change hard",
     "often find uncertainty and sudden change hard"),
    ("need title", NEED, "title: Autism\n", "title: Autism and autistic children\n"),
    ("service", SERVICE, "a nurse-trained team and adapted play",
     "a nurse-trained team, quiet rooms and adapted play"),
    ("glossary", GLOSSARY, "Ways of communicating that add to speech",
     "Ways of communicating that add to talking"),
]


def test_incremental_rebuilds_match_a_clean_serve_build(tmp_path: Path) -> None:
    started = time.time()
    project = copy_example(tmp_path / "project")
    serve = Serve(project, tmp_path)
    served: list[tuple[str, dict[str, bytes], str, dict[str, int], dict[str, int]]] = []
    try:
        for number, (name, path, old, new) in enumerate(EDITS, start=2):
            before = mtimes(serve.site)
            log_before = len(serve.text())
            time.sleep(0.05)
            edit(project, path, old, new)
            serve.wait_built(log_before)
            copy = tmp_path / f"edited-{number}"
            shutil.copytree(project, copy)
            served.append((name, tree(serve.site), serve.text()[log_before:], before,
                           mtimes(serve.site)))
    finally:
        serve.stop()

    with ThreadPoolExecutor(2) as pool:  # the clean builds, two at a time
        cleans = list(pool.map(lambda n: clean_build(tmp_path / f"edited-{n}",
                                                     tmp_path / f"clean-{n}", serve.url),
                               range(2, len(served) + 2)))
    for number, (name, site, log, before, after) in enumerate(served, start=2):
        clean = cleans[number - 2]
        assert not differences(site, clean, started), (name, differences(site, clean,
                                                                           started)[:20])
        if "Full rebuild (engine:" in log:
            continue  # someone edited the engine's templates meanwhile: all was built again
        rewritten = {p for p in after if before.get(p) != after[p]}
        if name == "need text":
            assert "Incremental rebuild" in log, log
            assert NEED_PAGE in rewritten
            assert SERVICE_PAGE not in rewritten
            assert len(rewritten) < len(after) / 10, sorted(rewritten)
        elif name == "need title":
            assert "Incremental rebuild" in log, log
            # Every page shows the new title in its navigation; service pages for autism
            # name the need; other service pages are written only if their bytes changed.
            assert NEED_PAGE in rewritten and AUTISM_SERVICE_PAGE in rewritten, log
        elif name == "service":
            assert "Incremental rebuild" in log, log
            assert SERVICE_PAGE in rewritten and NEED_PAGE not in rewritten
            assert len(rewritten) < len(after) / 10, sorted(rewritten)
        else:
            assert "Full rebuild (needs/glossary.yml changed)" in log, log
