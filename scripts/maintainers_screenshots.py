"""Remake the screenshots of the maintainers' guide from the example (`make screenshots`).

The example is committed to a temporary git repository as a council's own site would be (without
the example's previous-edition folder, so "What has changed" compares with the git tag), tagged
as the 2026-27 edition and then changed as a pull request would change it (a reworded strategy,
one moved to SEN support, one removed, a service added and another's ages changed). The site is
built as the live site, as a pull request's preview and as the archived edition, and
photographed in headless Chromium (the editions menu open on the archived page); the change
summary is `ordinarily diff` of the same change, shown as GitHub shows a comment. The
images go to plugins/ordinarily/templates/maintainers/images/, where the engine ships them.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import decap  # noqa: E402
from history_repo import AUTISM, commit_all, example_repo, five_changes, git  # noqa: E402

from browser import ARGS, chromium_path, free_port, serve  # noqa: E402

OUT = ROOT / "plugins/ordinarily/templates/maintainers/images"
BIN = Path(sys.executable).parent
NEED_PAGE = "needs/communication-and-interaction/autism/"
VIEWPORT = {"width": 1000, "height": 620}
EDITION = "2026-27"
# The theme's transitions (the header swaps the site's name for the page's title on scrolling)
# have ended: a screenshot never catches two titles on top of each other.
SETTLED = """() => document.getAnimations().every(a => a.playState !== "running"
  || a.effect.getComputedTiming().iterations === Infinity)"""
COMMENT_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; background: #fff; margin: 24px; }
.comment { border: 1px solid #d1d9e0; border-radius: 6px; max-width: 900px; }
.comment > header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px;
  color: #59636e; }
.comment > div { padding: 4px 16px 12px; }
h2 { font-size: 1.3em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.1em; } del { background: #ffebe9; } ins { background: #dafbe1; }
a { color: #0969da; }
"""


def build(repo: Path, out: Path, **env: str) -> Path:
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)],
                            cwd=repo, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    if result.returncode:
        sys.exit(f"The build failed:\n{result.stderr}")
    return out


def change_summary(repo: Path, folder: Path) -> Path:
    """The pull request comment: the Markdown `ordinarily diff` writes, as GitHub shows it."""
    summary = subprocess.run([str(BIN / "ordinarily"), "diff", EDITION, "HEAD", "--project",
                              str(repo), "--links", "https://send.example.org.uk/previews/pr-12/"],
                             capture_output=True, text=True, check=True).stdout
    body = markdown.markdown(summary, extensions=["tables", "sane_lists"])
    page = folder / "comment.html"
    page.write_text(f"<!doctype html><html lang='en-GB'><meta charset='utf-8'><title>Change "
                    f"summary</title><style>{COMMENT_CSS}</style><div class='comment'><header>"
                    f"{html.escape('github-actions commented')}</header><div>{body}</div></div>",
                    encoding="utf-8")
    return page


def as_a_council_site(repo: Path) -> None:
    """Drop the example's previous-edition folder and the setting that names it: a council's
    site compares with its last edition's git tag."""
    settings = repo / "ordinarily.yml"
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.strip().startswith("previous:")]
    if len(kept) != len(lines) - 1:
        sys.exit("ordinarily.yml has no single 'previous:' setting under editions: to remove")
    settings.write_text("".join(kept), encoding="utf-8")
    shutil.rmtree(repo / "previous-edition")
    commit_all(repo, "A council's site: editions come from git tags", "2026-07-20")


def settle(page) -> None:
    page.wait_for_timeout(100)
    page.wait_for_function(SETTLED)


def admin_screenshots(browser, work: Path) -> None:
    """The web forms under `make edit` (decap-server over a copy of the example, from the npm
    registry): the list of services and one service open in its form."""
    from conftest import copy_example

    project = copy_example(work / "forms" / "project")
    port = free_port()
    site = build(project, work / "forms" / "site", ORDINARILY_CMS_LOCAL=str(port))
    page = browser.new_page(viewport=VIEWPORT)
    with decap.running(project, port), serve(site) as url:
        page.goto(url + "/admin/")
        page.get_by_role("button", name="Login").click()
        page.goto(url + "/admin/#/collections/services")
        page.get_by_role("link", name="Sleep support for autistic children").wait_for()
        settle(page)
        page.screenshot(path=OUT / "admin-list.png")
        page.goto("about:blank")
        page.goto(url + "/admin/#/collections/services/entries/autism-sleep-support")
        page.get_by_label("Name", exact=True).first.wait_for()
        settle(page)
        page.screenshot(path=OUT / "admin-edit.png")
    page.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ordinarily-screenshots-") as tmp:
        work = Path(tmp)
        repo = example_repo(work / "repo")
        as_a_council_site(repo)
        git(repo, "tag", EDITION)
        five_changes(repo)
        commit_all(repo, "Reword, move and remove strategies; add and change services",
                   "2026-10-01")
        sites = {"live": build(repo, work / "live"),
                 "preview": build(repo, work / "preview", ORDINARILY_PREVIEW="12"),
                 "edition": build(repo, work / "edition", ORDINARILY_EDITION=EDITION)}
        comment = change_summary(repo, work)
        assert (repo / AUTISM).is_file()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            with serve(sites["live"]) as url:
                page.goto(url + "/changes/", wait_until="networkidle")
                page.screenshot(path=OUT / "changes-page.png")
                page.goto(url + "/" + NEED_PAGE, wait_until="networkidle")
                footer = page.locator(".ord-page-footer")
                footer.scroll_into_view_if_needed()
                page.evaluate("() => window.scrollBy(0, 220)")
                settle(page)
                page.screenshot(path=OUT / "suggest-a-change.png")
            with serve(sites["preview"]) as url:
                page.goto(url + "/" + NEED_PAGE, wait_until="networkidle")
                page.screenshot(path=OUT / "preview-banner.png")
            with serve(sites["edition"]) as url:
                page.goto(url + "/" + NEED_PAGE, wait_until="networkidle")
                page.locator(".ord-editions__button").click()  # the editions menu, open
                page.locator(".ord-editions__list").wait_for(state="visible")
                settle(page)
                page.screenshot(path=OUT / "archived-edition.png")
            page.goto(comment.as_uri())
            page.screenshot(path=OUT / "change-summary.png")
            admin_screenshots(browser, work)
            browser.close()
    for path in sorted(OUT.glob("*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
