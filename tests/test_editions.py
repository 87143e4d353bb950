"""Editions: /changes/ and /editions/ in the build, and `ordinarily publish` into a local
bare repository standing in for GitHub."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
from history_repo import (
    commit_all,
    editions_in_a_folder,
    git,
    two_editions,
)

from conftest import copy_example, mkdocs, ordinarily

LIVE = "https://send.example.org.uk/"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return two_editions(tmp_path_factory.mktemp("editions") / "repo")


def build(project: Path, site: Path, **env: str) -> str:
    result = mkdocs(project, "build", "--strict", "--site-dir", str(site), env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr


def article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def listed(html: str) -> list[tuple[str, str]]:
    """(verb, title) of each change listed on a /changes/ page."""
    items = re.findall(r"<li><strong>(\w+):</strong> (?:<a [^>]*>)?(.*?)(?:</a>|<ul>|</li>| \(|:)",
                       html)
    return sorted((verb.lower(), unescape(re.sub(r"<[^>]+>", "", title)).strip())
                  for verb, title in items)


def diffed(repo: Path, base: str, head: str) -> list[tuple[str, str]]:
    result = ordinarily("diff", base, head, "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    return sorted((r["change"], r["title"]) for r in json.loads(result.stdout)["changes"])


@pytest.mark.build
def test_changes_page_matches_the_diff_since_the_last_edition(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    html = article(site / "changes" / "index.html")
    assert "since the 2026-27 edition was published on" in html
    assert listed(html) == diffed(repo, "2026-27", "HEAD") == [
        ("reworded", "Say exactly what you mean")]
    assert 'href="../needs/communication-and-interaction/autism/#say-exactly-what-you-mean"' \
        in html
    assert "<ins>explain</ins>" in html


@pytest.mark.build
def test_an_edition_lists_the_changes_since_the_edition_before(repo: Path,
                                                                tmp_path: Path) -> None:
    with_edition = tmp_path / "checkout"
    git(repo, "worktree", "add", "--detach", "--quiet", str(with_edition), "2026-27")
    site = tmp_path / "site"
    build(with_edition, site, ORDINARILY_EDITION="2026-27")
    git(repo, "worktree", "remove", "--force", str(with_edition))
    html = article(site / "changes" / "index.html")
    assert "this edition of the guide since the 2025-26 edition" in html
    # An archived edition carries the guide only: its summary leaves the Local Offer out.
    assert listed(html) == [c for c in diffed(repo, "2025-26", "2026-27")
                            if "Sensory swim" not in c[1] and "play days" not in c[1]]
    assert len(listed(html)) == 3
    assert not (site / "local-offer").exists() and not (site / "api").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "You are reading the 2026-27 edition of this guide" in home
    assert f'href="{LIVE}local-offer/"' in home  # the nav and links go to the live Local Offer
    need = (site / "needs/communication-and-interaction/autism/index.html").read_text("utf-8")
    assert (f'<a href="{LIVE}needs/communication-and-interaction/autism/">Read this page in '
            "the current guide</a>") in need
    assert f'<link rel="canonical" href="{LIVE}editions/2026-27/needs/' in need


@pytest.mark.build
def test_the_editions_page_and_menu_list_edition_tags_only(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    editions = article(site / "editions" / "index.html")
    assert f'<a href="{LIVE}editions/2026-27/">2026-27 edition</a>, published ' \
           '<time datetime="2026-08-01">1 August 2026</time>' in editions
    assert f'<a href="{LIVE}editions/2025-26/">2025-26 edition</a>' in editions
    assert "v1.0.0" not in editions
    menu = (site / "index.html").read_text(encoding="utf-8")
    assert '<summary class="ord-editions__button">Current guide' in menu
    assert menu.index("2026-27 edition") < menu.index("2025-26 edition")


@pytest.mark.build
def test_without_history_the_page_says_there_is_no_earlier_edition(project: Path) -> None:
    settings = project / "ordinarily.yml"  # a fork without the example's previous-edition folder
    settings.write_text(re.sub(r"\n  previous: .*", "", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    log = build(project, project / "site")  # a copy of the example, not a git repository
    page = article(project / "site" / "changes" / "index.html")
    assert "There is no earlier edition yet." in page
    assert "The 'What has changed' page has no list of changes: the project is not a git " \
           "repository" in log
    assert "ord-editions" not in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_shallow_clone_builds_but_cannot_publish(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--no-single-branch",
                    f"file://{repo}", str(shallow)], check=True)
    git(shallow, "fetch", "--quiet", "--depth", "1", "origin", "tag", "2026-27")
    log = build(shallow, tmp_path / "site")
    assert "the clone is shallow" in log
    page = article(tmp_path / "site" / "changes" / "index.html")
    assert "There is an earlier edition (2026-27)" in page
    result = ordinarily("publish", cwd=shallow)
    assert result.returncode == 1
    assert "this is a shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr


# -- publishing ----------------------------------------------------------------------------------

def tree(remote: Path, branch: str = "gh-pages") -> dict[str, str]:
    """Every file of the Pages branch: path -> blob id."""
    out = git(remote, "ls-tree", "-r", "--full-tree", branch)
    return {line.split("\t")[1]: line.split()[2] for line in out.splitlines()}


def show(remote: Path, path: str) -> str:
    return git(remote, "show", f"gh-pages:{path}")


def bare_remote(repo: Path, tmp_path: Path, name: str) -> Path:
    """A bare repository standing in for GitHub, added to `repo` as remote `name`."""
    remote = tmp_path / f"{name}.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(repo, "remote", "add", name, str(remote))
    return remote


def publish(repo: Path, *args: str) -> subprocess.CompletedProcess:
    result = ordinarily("publish", *args, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.build
def test_publish_live_site_and_two_editions(repo: Path, tmp_path: Path) -> None:
    remote = bare_remote(repo, tmp_path, "pages")

    publish(repo, "--remote", "pages")
    live = tree(remote)
    assert "index.html" in live and ".nojekyll" in live
    assert "local-offer/services/sensory-swim-riverside/index.html" in live
    assert "api/oruk/index.json" in live and "editions/index.html" in live

    publish(repo, "--remote", "pages", "--edition", "2025-26")
    first = tree(remote)
    older = {p: b for p, b in first.items() if p.startswith("editions/2025-26/")}
    assert "editions/2025-26/needs/communication-and-interaction/autism/index.html" in older
    assert not any(p.startswith("editions/2025-26/local-offer/") for p in older)
    assert {p: b for p, b in first.items() if not p.startswith("editions/")} == \
        {p: b for p, b in live.items() if not p.startswith("editions/")}

    publish(repo, "--remote", "pages", "--edition", "2026-27")
    after = tree(remote)
    assert {p: b for p, b in after.items() if p.startswith("editions/2025-26/")} == older
    assert "editions/2026-27/index.html" in after
    for path in live:  # no deploy removed another's files
        assert path in after, path

    # The links between them: live -> editions -> the same page on the live site.
    editions_page = show(remote, "editions/index.html")
    for tag in ("2025-26", "2026-27"):
        assert f'href="{LIVE}editions/{tag}/"' in editions_page
        assert f"editions/{tag}/index.html" in after
    archived = show(remote, "editions/2025-26/needs/communication-and-interaction/autism/"
                            "index.html")
    target = re.search(r'<a href="([^"]+)">Read this page in the current guide', archived)
    assert target and target.group(1).startswith(LIVE)
    assert target.group(1)[len(LIVE):] + "index.html" in after
    assert "join-play-through-interests" in archived  # the old edition keeps its entry
    current = show(remote, "needs/communication-and-interaction/autism/index.html")
    assert "join-play-through-interests" not in current


@pytest.mark.build
def test_previews_come_and_go_without_touching_the_rest(repo: Path, tmp_path: Path) -> None:
    remote = bare_remote(repo, tmp_path, "previews")
    publish(repo, "--remote", "previews")
    before = tree(remote)
    built = tmp_path / "preview-site"
    build(repo, built, ORDINARILY_PREVIEW="12")
    publish(repo, "--remote", "previews", "--preview", "12", "--site", str(built))
    with_preview = tree(remote)
    assert "previews/pr-12/index.html" in with_preview
    assert "This is a preview of proposed change 12" in show(remote, "previews/pr-12/index.html")
    publish(repo, "--remote", "previews")  # the live site is redeployed: the preview stays
    assert "previews/pr-12/index.html" in tree(remote)
    publish(repo, "--remote", "previews", "--preview", "12", "--remove")
    assert tree(remote) == before
    again = publish(repo, "--remote", "previews", "--preview", "12", "--remove")
    assert "nothing has changed" in again.stdout and tree(remote) == before


@pytest.mark.build
def test_the_live_site_keeps_githubs_custom_domain_file(repo: Path, tmp_path: Path) -> None:
    remote = bare_remote(repo, tmp_path, "domain")
    publish(repo, "--remote", "domain")
    # GitHub commits a CNAME file to the Pages branch when a custom domain is set.
    pages = tmp_path / "pages"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(pages))
    (pages / "CNAME").write_text("send.anytown.gov.uk\n", encoding="utf-8")
    git(pages, "add", "CNAME")
    git(pages, "commit", "--quiet", "-m", "Create CNAME")
    git(pages, "push", "--quiet")
    publish(repo, "--remote", "domain", "--edition", "2025-26")
    assert show(remote, "CNAME") == "send.anytown.gov.uk\n"
    assert "editions/2025-26/index.html" in tree(remote)


@pytest.mark.build
def test_an_edition_of_a_project_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    """The engine's own repository keeps its example in example/."""
    top = tmp_path / "repository"
    copy_example(top / "example")
    (top / "README.md").write_text("# The engine\n", encoding="utf-8")
    git(top, "init", "--quiet", "--initial-branch=main")
    commit_all(top, "The example, one folder down", "2025-09-01")
    git(top, "tag", "2025-26")
    remote = bare_remote(top, tmp_path, "pages")
    result = ordinarily("publish", "--project", "example", "--remote", "pages", "--edition",
                        "2025-26", cwd=top)
    assert result.returncode == 0, result.stderr
    files = tree(remote)
    assert "editions/2025-26/needs/communication-and-interaction/autism/index.html" in files
    assert "index.html" in files and not any(p.startswith("example/") for p in files)


@pytest.fixture(scope="module")
def folder_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return editions_in_a_folder(tmp_path_factory.mktemp("folder") / "repository")


def test_diff_of_a_project_in_a_folder_of_the_repository(folder_repo: Path) -> None:
    """`make diff BASE=2025-26` in the engine's repository runs `ordinarily diff --project
    example` from the top folder; people also run it from inside example/."""
    result = ordinarily("diff", "2025-26", "2026-27", "--project", "example", "--format",
                        "json", cwd=folder_repo)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)["changes"]
    assert [(r["change"], r["title"]) for r in found] == [
        ("reworded", "Say exactly what you mean")]
    assert "keep it brief, and say" in found[0]["fields"]["detail"]["after"]
    inside = ordinarily("diff", "2026-27", cwd=folder_repo / "example")
    assert inside.returncode == 0, inside.stderr
    assert "- **Reworded:** Say exactly what you mean" in inside.stdout
    assert "state rules and <ins>explain</ins> the reasons" in inside.stdout


@pytest.mark.build
def test_changes_page_of_a_project_in_a_folder_of_the_repository(folder_repo: Path,
                                                                  tmp_path: Path) -> None:
    site = tmp_path / "site"
    log = build(folder_repo / "example", site)
    assert "could not be read" not in log
    html = article(site / "changes" / "index.html")
    assert "since the 2026-27 edition was published on" in html
    assert listed(html) == [("reworded", "Say exactly what you mean")]
    assert "<ins>explain</ins>" in html


@pytest.mark.build
def test_removing_a_preview_before_anything_was_published(repo: Path, tmp_path: Path) -> None:
    remote = bare_remote(repo, tmp_path, "empty")
    result = publish(repo, "--remote", "empty", "--preview", "3", "--remove")
    assert "does not exist yet, so there is nothing to remove" in result.stdout
    assert git(remote, "branch", "--list") == ""


@pytest.mark.build
def test_publish_refuses_a_tag_that_is_not_an_edition(repo: Path) -> None:
    result = ordinarily("publish", "--edition", "v1.0.0", cwd=repo)
    assert result.returncode == 1
    assert "'v1.0.0' is not an edition tag" in result.stderr
    result = ordinarily("publish", "--edition", "2030-31", cwd=repo)
    assert result.returncode == 1 and "there is no tag '2030-31'" in result.stderr


@pytest.mark.build
def test_a_bad_preview_number_is_a_clear_build_error(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    result = mkdocs(project, "build", "--site-dir", str(tmp_path / "site"),
                    env={"ORDINARILY_PREVIEW": "12; rm -rf /"})
    assert result.returncode != 0
    assert "should be a pull request number" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_archived_edition_banner_menu_and_changes_pass_axe(repo: Path, tmp_path: Path, browser,
                                                           viewport: str) -> None:
    from browser import VIEWPORTS, describe, run_axe, serve

    checkout = tmp_path / "checkout"
    git(repo, "worktree", "add", "--detach", "--quiet", str(checkout), "2026-27")
    build(checkout, tmp_path / "site", ORDINARILY_EDITION="2026-27")
    git(repo, "worktree", "remove", "--force", str(checkout))
    with serve(tmp_path / "site") as url:
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url + "/changes/", wait_until="networkidle")
        assert page.locator(".ord-banner").is_visible()
        assert page.locator(".ord-changes del").count() >= 1
        assert describe(run_axe(page)) == ""
        menu = page.locator(".ord-editions__button")
        menu.focus()
        page.keyboard.press("Enter")  # a disclosure: opens from the keyboard
        current = page.locator(".ord-editions__list a[aria-current]")
        assert current.is_visible() and current.inner_text() == "2026-27 edition"
        box = menu.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        assert describe(run_axe(page)) == ""
        context.close()
    assert [r for r in requests if not r.startswith(url + "/")] == []
