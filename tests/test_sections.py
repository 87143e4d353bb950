"""A section switched off in ordinarily.yml leaves no pages, no nav entries and no links, even in
the council's hand-written pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from ordinarily.sitewide.sections import prune_nav, unlink

from conftest import copy_example, mkdocs

HREF = re.compile(r'\bhref="([^"]*)"')
OFF = {"checker": "checker/", "local_offer": "local-offer/", "changes": "changes/",
       "maintainers": "maintainers/"}


def page_links(site: Path) -> dict[str, set[str]]:
    """Every page's links to pages of the same site, as paths below the site root."""
    found = {}
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        base = "http://site/" + rel
        targets = set()
        for href in HREF.findall(page.read_text("utf-8")):
            url = urlsplit(urljoin(base, href.replace("&amp;", "&")))
            if url.netloc == "site":
                targets.add(url.path.lstrip("/"))
        found[rel] = targets
    return found


@pytest.fixture(scope="module")
def site_without(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    project = copy_example(tmp_path_factory.mktemp("sections") / "project")
    settings = project / "ordinarily.yml"
    text = settings.read_text("utf-8")
    for name in OFF:
        text = text.replace(f"  {name}: true", f"  {name}: false")
    settings.write_text(text, "utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site", result.stderr


@pytest.mark.build
def test_switched_off_sections_have_no_pages(site_without: tuple[Path, str]) -> None:
    site, log = site_without
    for folder in OFF.values():
        assert not (site / folder).exists(), folder
    assert not (site / "api").exists()  # the Local Offer's feed goes with it
    assert (site / "needs/index.html").exists() and (site / "funding/index.html").exists()
    assert "Not building local-offer/short-breaks.md: the Local Offer is switched off" in log


@pytest.mark.build
def test_no_page_links_into_a_switched_off_section(site_without: tuple[Path, str]) -> None:
    site, _ = site_without
    into_off = {page: sorted(t for t in targets if t.startswith(tuple(OFF.values())))
                for page, targets in page_links(site).items()}
    assert {page: links for page, links in into_off.items() if links} == {}


@pytest.mark.build
def test_nav_and_home_page_lose_their_entries(site_without: tuple[Path, str]) -> None:
    site, log = site_without
    home = (site / "index.html").read_text("utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index('class="md-content"')]
    for label in ("Local Offer", "Short breaks", "Quick needs checker", "What has changed"):
        assert f">{label}<" not in nav and f"> {label}\n" not in nav, label
    assert "Try the quick needs checker" not in home  # the list item went, not just the link
    assert "Find the support your child should get for their needs" in home
    assert "index.md: left out the link to checker.md" in log


def test_unlink_drops_list_items_and_keeps_other_text() -> None:
    text = ("Intro with [the finder](../local-offer/index.md) inside.\n\n"
            "- [Find services](../local-offer/index.md?audience=x)\n  more of that item\n"
            "- [Funding](funding.md)\n- Also: [checker](../checker.md#start)\n\n"
            "[External](https://example.org/local-offer/) and ![img](../local-offer/a.png)\n")
    result, removed = unlink(text, "about/page.md", ["local_offer", "checker"])
    assert result == ("Intro with the finder inside.\n\n- [Funding](funding.md)\n\n"
                      "[External](https://example.org/local-offer/) and "
                      "![img](../local-offer/a.png)\n")
    assert removed == ["../local-offer/index.md", "../local-offer/index.md?audience=x",
                       "../checker.md#start"]


def test_prune_nav_removes_entries_and_empty_groups() -> None:
    nav = [{"Home": "index.md"}, {"Local Offer": [{"Find": "local-offer/index.md"},
                                                  "local-offer/short-breaks.md"]},
           {"Guide": ["needs/index.md", {"Checker": "checker.md"}]},
           {"Council": "https://example.org/"}]
    assert prune_nav(nav, ["local_offer", "checker"]) == [
        {"Home": "index.md"}, {"Guide": ["needs/index.md"]}, {"Council": "https://example.org/"}]
