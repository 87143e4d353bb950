"""Each need's view for families at /needs/<area>/<need>/families/ (issue 26).

Expected values are read from the example's YAML here (the taxonomy's tiers marked
`families_expect`, each need's entries and `families:` text, the services' files), never from
the engine's model, so a test fails when the page drifts from the content.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import build, load_project
from ordinarily.checks.content_checks import check_content
from ordinarily.core.problems import ContentError

from conftest import EXAMPLE, copy_example, mkdocs

TODAY = __import__("datetime").date(2026, 12, 7)


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def example_needs(root: Path = EXAMPLE) -> list[tuple[str, str, dict]]:
    """(area id, need id, the need's YAML) for every need the taxonomy lists."""
    taxonomy = read(root / "needs/taxonomy.yml")
    return [(a["id"], n, read(root / "needs" / a["id"] / f"{n}.yml"))
            for a in taxonomy["areas"] for n in a["needs"]]


def expected_should(root: Path, need: dict) -> list[str]:
    """What the setting should already be doing: the entries at the tiers the taxonomy marks,
    in the taxonomy's tier order, in the family's words where written, else the title."""
    tiers = [t["id"] for t in read(root / "needs/taxonomy.yml")["tiers"]
             if t.get("families_expect")]
    words = (need.get("families") or {}).get("setting_should") or {}
    return [words.get(p["id"], p["title"]) for t in tiers for p in need["provision"]
            if p["tier"] == t]


def section(page: str, heading_id: str) -> str:
    """The HTML of one section of a built page: from its heading to the next h2."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    return page[start:end if end >= 0 else len(page)]


GLOSSARY_NOTE = re.compile(r'<span class="ord-term__note".*?</span>', re.S)


def texts(fragment: str, tag: str = "li") -> list[str]:
    """The visible text of each element (glossary notes, hidden until asked for, left out)."""
    items = re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", GLOSSARY_NOTE.sub("", fragment), re.S)
    plain = [html.unescape(re.sub(r"<[^>]+>", "", i)) for i in items]
    return [" ".join(p.split()) for p in plain]


def without_tags(fragment: str) -> str:
    visible = GLOSSARY_NOTE.sub("", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", visible)).split())


def switch_off(settings: Path) -> None:
    text = settings.read_text("utf-8")
    assert "\n  families: true" in text
    settings.write_text(text.replace("\n  families: true", "\n  families: false"), "utf-8")


# --- the pages, from the model (fast) -----------------------------------------------------


def test_every_need_has_a_family_page_and_the_need_page_links_it() -> None:
    output = build(load_project(EXAMPLE))
    pages = {p.src: p for p in output.pages}
    for area, need, _ in example_needs():
        assert f"needs/{area}/{need}/families.md" in pages, need
        family = pages[f"needs/{area}/{need}/families.md"].content
        assert f"](../{need}.md)" in family


def test_a_need_without_families_text_shows_the_derived_parts_only(project: Path) -> None:
    path = project / "needs/sensory-and-physical/vision.yml"
    data = read(path)
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("\nfamilies:")] + "\n", "utf-8")
    page = next(p for p in build(load_project(project)).pages
                if p.src == "needs/sensory-and-physical/vision/families.md").content
    assert "What you might notice at home" not in page
    assert "Questions to ask" not in page and "What helps at home" not in page
    for title in expected_should(project, {**data, "families": {}}):
        assert html.escape(title, quote=False) in page or title in page, title
    # No advice service is named: the page says so and links the Local Offer's list instead.
    assert "does not yet name advice services" in page
    assert 'href="../../../../local-offer/needs/vision/"' in page
    # Its 'when to ask for more' is the need's own 'seek more help', never invented text.
    assert data["seek_help"][0].split()[0] in page
    result = next(r for r in check_content(load_project(project), ["families"], TODAY))
    assert [(f.file, "no family text" in f.message) for f in result.findings] == [
        ("needs/sensory-and-physical/vision.yml", True)]
    assert not result.failed


def test_a_renamed_need_keeps_its_family_address(project: Path) -> None:
    path = project / "needs/sensory-and-physical/vision.yml"
    path.write_text(path.read_text("utf-8").replace("\nnotice:", "\nformerly: [sight]\nnotice:",
                                                    1), "utf-8")
    redirects = {(r.old, r.new) for r in build(load_project(project)).redirects}
    assert ("needs/sensory-and-physical/sight/families.md",
            "needs/sensory-and-physical/vision/families.md") in redirects


def test_switched_off_there_are_no_family_pages(project: Path) -> None:
    settings = project / "ordinarily.yml"
    switch_off(settings)
    output = build(load_project(project))
    assert not [p.src for p in output.pages if p.src.endswith("/families.md")]
    assert not [r for r in output.redirects if r.old.endswith("/families.md")]
    assert not [p.src for p in output.pages if "families/" in p.content
                and p.src.startswith("needs/")]


# --- errors name the file, the line and the likely fix -----------------------------------


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  advice_services: [eye-clinic-family-liaison, sendiass-helpline]",
     "  advice_services: [eye-clinic-family-liaison, sendiass-helpine]",
     "unknown service 'sendiass-helpine' (did you mean 'sendiass-helpline'?)"),
    ("    say-what-you-show: Teachers", "    say-what-you-shows: Teachers",
     "unknown provision entry 'say-what-you-shows' (did you mean 'say-what-you-show'?)"),
])
def test_a_wrong_id_in_families_is_reported_at_its_line(project: Path, old: str, new: str,
                                                         message: str) -> None:
    path = project / "needs/sensory-and-physical/vision.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    line = text[:text.index(old)].count("\n") + 1
    with pytest.raises(ContentError) as caught:
        load_project(project)
    found = [(p.file, p.line, p.message) for p in caught.value.problems]
    assert ("needs/sensory-and-physical/vision.yml", line, message) in found


def test_family_words_for_an_entry_the_view_does_not_list_are_refused(project: Path) -> None:
    path = project / "needs/sensory-and-physical/vision.yml"
    data = read(path)
    specialist = next(p["id"] for p in data["provision"] if p["tier"] == "specialist")
    text = path.read_text("utf-8")
    anchor = "    say-what-you-show: Teachers"
    path.write_text(text.replace(anchor, f"    {specialist}: Words for families.\n{anchor}"),
                    "utf-8")
    line = text[:text.index(anchor)].count("\n") + 1
    with pytest.raises(ContentError) as caught:
        load_project(project)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("needs/sensory-and-physical/vision.yml", line)
    assert "'specialist'" in problem.message and "families_expect: true" in problem.message


def test_an_unknown_field_in_families_is_refused_by_the_schema(project: Path) -> None:
    path = project / "needs/sensory-and-physical/vision.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  at_home:\n", "  at_hom:\n", 1), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_project(project)
    messages = " ".join(p.message for p in caught.value.problems)
    assert "at_hom" in messages and "at_home" in messages


# --- check-content -------------------------------------------------------------------------


def test_family_text_passes_reading_ease_and_hard_text_is_flagged(project: Path) -> None:
    result = next(r for r in check_content(load_project(EXAMPLE), ["reading"], TODAY))
    assert not [f for f in result.findings if "family view" in f.message]
    path = project / "needs/sensory-and-physical/vision.yml"
    hard = ("Consideration of environmental modifications necessitates interdisciplinary "
            "collaboration regarding individualised organisational accommodations.")
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("\nfamilies:")] + f"\nfamilies:\n  ask_for_more: {hard}\n",
                    "utf-8")
    result = next(r for r in check_content(load_project(project), ["reading"], TODAY))
    flagged = [f for f in result.findings if "family view" in f.message]
    assert [f.file for f in flagged] == ["needs/sensory-and-physical/vision.yml"]


def test_the_example_has_no_thin_family_view() -> None:
    result = next(r for r in check_content(load_project(EXAMPLE), ["families"], TODAY))
    assert result.findings == () and "all 13 needs" in result.summary


# --- the built site -------------------------------------------------------------------------


@pytest.mark.build
def test_built_family_views_show_the_needs_entries_and_advice_services(site: Path) -> None:
    for area, need_id, need in example_needs():
        page = (site / "needs" / area / need_id / "families/index.html").read_text("utf-8")
        should = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", t)).split()) for t in
                  re.findall(r'<li><a href="[^"]*#[^"]*">(.*?)</a>',
                             section(page, "section-families-setting"), re.S)]
        assert should == expected_should(EXAMPLE, need), need_id
        named = need["families"]["advice_services"]
        advice = section(page, "section-families-advice")
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', advice)
        services = [(h, html.unescape(t)) for h, t in links if "/services/" in h]
        expected = []
        for service_id in named:
            service = read(EXAMPLE / "local-offer/services" / f"{service_id}.yml")
            # the council's own advice services, by their type in the Local Offer
            assert "information-advice-and-support" in service["types"], service_id
            expected.append((f"../../../../local-offer/services/{service_id}/",
                             service["name"]))
        assert services == expected, need_id
        for key, heading in (("notice_at_home", "section-families-notice"),
                             ("questions", "section-families-questions"),
                             ("at_home", "section-families-at-home")):
            assert texts(section(page, heading)) == [" ".join(t.split())
                                                     for t in need["families"][key]]
        assert " ".join(need["families"]["ask_for_more"].split()) in without_tags(
            section(page, "section-families-more"))
        # linked both ways with the need page
        need_page = (site / "needs" / area / need_id / "index.html").read_text("utf-8")
        assert 'href="families/"' in need_page, need_id
        assert 'href="../"' in page


@pytest.mark.build
def test_the_local_offers_need_list_links_the_family_view(site: Path) -> None:
    page = (site / "local-offer/needs/autism/index.html").read_text("utf-8")
    assert 'href="../../../needs/communication-and-interaction/autism/families/"' in page


@pytest.mark.build
def test_sections_off_leaves_no_family_page_or_link(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "project")
    settings = project / "ordinarily.yml"
    switch_off(settings)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not list(site.glob("needs/*/*/families"))
    for page in site.rglob("*.html"):
        assert "/families/" not in page.read_text("utf-8"), page


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path", ["/needs/communication-and-interaction/autism/families/",
                                  "/needs/sensory-and-physical/hearing/families/"])
def test_family_views_pass_axe_and_stay_on_the_site(page_at, site_url: str, path: str,
                                                    viewport: str) -> None:
    from browser import describe, run_axe

    page = page_at(path, viewport)
    violations = run_axe(page)
    assert not violations, describe(violations)
    assert all(url.startswith(site_url) for url in page.requests), page.requests
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


# --- the checker's result -------------------------------------------------------------------


def test_the_checkers_data_links_each_needs_family_view_only_when_on() -> None:
    from ordinarily.checker.checker_page import checker_data
    from ordinarily.guide.loader import load_guide

    guide = load_guide(EXAMPLE)
    on = {n["id"]: n["families_url"] for n in checker_data(guide)["needs"]}
    assert on == {need: f"needs/{area}/{need}/families/" for area, need, _ in example_needs()}
    assert {n["families_url"] for n in checker_data(guide, families=False)["needs"]} == {None}


@pytest.mark.browser
def test_the_checkers_result_offers_each_need_for_families(page_at, site_url: str) -> None:
    page = page_at("/checker/", "phone")
    page.check("#ord-phase-primary")
    first = page.locator(".ord-checker input[type=checkbox]").first
    first.check()
    page.get_by_role("button", name="Show suggestions").first.click()
    page.locator("[data-ord-results] .ord-result").first.wait_for()
    for result in page.locator(".ord-result").all():
        need = result.locator("h3 a").get_attribute("href").split("?")[0]
        link = result.locator(".ord-result__families a")
        assert link.get_attribute("href") == need + "families/"
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/families/") and "for families" in page.title()
