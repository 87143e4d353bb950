"""Shared fixtures: a copy of the example project, one strict build of it, and a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example"  # the Anytown example the engine's tests use; forks leave it alone
EXAMPLE_PARTS = ("mkdocs.yml", "ordinarily.yml", "words.txt", "needs", "local-offer", "plans",
                 "content", "overrides", "previous-edition")
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "tests" / "artifacts"


def copy_example(target: Path) -> Path:
    """A copy of the example project (content and settings only, not the engine)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in EXAMPLE_PARTS:
        source = EXAMPLE / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


FAST_TIER = "ORDINARILY_TEST_TIER"  # `make test-fast` sets it to "fast"


def refuse_in_fast_tier(what: str) -> None:
    """`make test-fast` leaves out the tests marked `build`; one that builds without the mark
    fails here, naming the fix, instead of making the quick tier slow unnoticed."""
    if os.environ.get(FAST_TIER) == "fast":
        pytest.fail(f"this test {what}: mark it @pytest.mark.build (make test-fast leaves "
                    "those out)", pytrace=False)


def mkdocs(project: Path, *args: str, env: dict | None = None,
           timeout: int = 600) -> subprocess.CompletedProcess:
    refuse_in_fast_tier("runs mkdocs")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([str(BIN / "mkdocs"), *args], cwd=project, capture_output=True,
                          text=True, env=full_env, timeout=timeout)


def ordinarily(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    if args and args[0] == "publish":
        refuse_in_fast_tier("publishes (a full build)")
    return subprocess.run([str(BIN / "ordinarily"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the example project."""
    return copy_example(tmp_path / "project")


def build_site(project: Path) -> Path:
    """`mkdocs build --strict` of a project into its `site/`, which must succeed."""
    result = mkdocs(project, "build", "--strict", "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once with `mkdocs build --strict`."""
    return build_site(copy_example(tmp_path_factory.mktemp("example") / "project"))


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    from browser import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium. Outside CI a machine without one skips browser tests; in CI
    (CI=true) a missing browser is a failure, never a skip."""
    from browser import ARGS, chromium_path

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Playwright is not installed: run 'make test'")
    manager = sync_playwright().start()
    try:
        launched = manager.chromium.launch(executable_path=chromium_path(), args=ARGS)
    except Exception as exc:  # noqa: BLE001 - report any launch failure the same way
        manager.stop()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"No Chromium for the browser tests ({exc}); run 'make test'")
    yield launched
    launched.close()
    manager.stop()


@pytest.fixture
def page_at(browser, site_url):
    """Open a path of the example site at a viewport; records every request it makes."""
    from browser import VIEWPORTS

    opened = []

    def open_page(path: str, viewport: str = "desktop", javascript: bool = True):
        context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("requestfailed", lambda request: page.requests.append(request.url))
        page.goto(site_url + path, wait_until="networkidle")
        opened.append(context)
        return page

    yield open_page
    for context in opened:
        context.close()


BROWSER_FIXTURES = frozenset({"browser", "page_at"})
BUILD_FIXTURES = frozenset({"site", "site_url"})  # the example built once per run


def pytest_collection_modifyitems(items: list) -> None:
    """Tests that use the shared browser or built site are marked for the tiers; tests that
    build in other ways carry `@pytest.mark.build` themselves."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & (BROWSER_FIXTURES | BUILD_FIXTURES):
            item.add_marker(pytest.mark.build)
