"""From the checker's result to "What can I do next?": the result offers the page (only when it
is on), and the page holds a link to each need's family view for its script to show the ones
the checker suggested (none when families or the checker are off). Expected addresses and
titles are worked out here from the example's files, not by the engine. The journey in a
browser is in test_next_steps_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ordinarily.assembly.project import build, load_project

from conftest import EXAMPLE


def page(project: Path, src: str) -> str:
    return {p.src: p for p in build(load_project(project)).pages}[src].content


def switch(project: Path, section: str, on: bool) -> None:
    settings = project / "ordinarily.yml"
    text = settings.read_text("utf-8")
    line = f"  {section}: {'true' if on else 'false'}\n"
    if re.search(rf"^  {section}: \w+.*\n", text, re.M):
        text = re.sub(rf"^  {section}: \w+.*\n", line, text, flags=re.M)
    else:
        text = text.replace("  maintainers: true\n", "  maintainers: true\n" + line)
    settings.write_text(text, "utf-8")


def every_family_view() -> list[tuple[str, str, str]]:
    """(need id, link from /next-steps/, link text) for every need, in the taxonomy's order."""
    taxonomy = yaml.safe_load((EXAMPLE / "needs/taxonomy.yml").read_text("utf-8"))
    out = []
    for area in taxonomy["areas"]:
        for need in area["needs"]:
            title = yaml.safe_load((EXAMPLE / "needs" / area["id"] / f"{need}.yml")
                                   .read_text("utf-8"))["title"]
            out.append((need, f"../needs/{area['id']}/{need}/families/", f"{title} for families"))
    return out


def test_the_checker_result_offers_what_can_i_do_next() -> None:
    results = page(EXAMPLE, "checker.md").split("data-ord-results ", 1)[1]
    assert re.search(r'<p class="ord-checker__next" data-ord-next-link hidden>'
                     r'<a href="\.\./next-steps/">What can I do next\?</a>', results)


def test_no_link_to_next_steps_when_it_is_off(project: Path) -> None:
    switch(project, "next_steps", False)
    content = page(project, "checker.md")
    assert "data-ord-next-link" not in content and "next-steps/" not in content


def test_the_next_steps_page_holds_every_needs_family_view_hidden() -> None:
    content = page(EXAMPLE, "next-steps.md")
    box = content.split("<div class=\"ord-next__families\" data-ord-next-families hidden "
                        "data-search-exclude>", 1)[1].split("</div>", 1)[0]
    found = re.findall(r'<li data-ord-need="([^"]+)"><a href="([^"]+)">([^<]+)</a></li>', box)
    assert found == every_family_view()
    # a place for them in the step that links the checker, and in no other step
    steps = re.split(r'<li class="ord-next-step"', content)[1:]
    with_place = [re.search(r'<h3 id="([^"]+)"', s)[1] for s in steps
                  if "data-ord-next-families-here" in s]
    assert with_place == ["talk-to-the-setting"]


def test_no_family_views_when_families_or_the_checker_are_off(project: Path) -> None:
    for section in ("families", "checker"):
        switch(project, section, False)
        content = page(project, "next-steps.md")
        assert "data-ord-next-families" not in content, section
        assert "/families/" not in content, section
        switch(project, section, True)
