"""The Local Offer: its files are checked like the guide's, and the built site has a page for
every service, browse pages, "You said, we did", and links both ways between needs and services."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from ordinarily.assembly.project import load_project
from ordinarily.cli.commands import main
from ordinarily.core.rendering import page_url
from ordinarily.guide.pages import need_src
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.finder_index import words
from ordinarily.local_offer.offer_pages import BROWSE_SIZE

from conftest import EXAMPLE, mkdocs

PROJECT = load_project(EXAMPLE)
OFFER = PROJECT.offer
GUIDE = PROJECT.guide
SERVICE = "local-offer/services/short-breaks-saturday-club.yml"


def problems_after(project: Path, name: str, find: str, replace: str,
                   capsys: pytest.CaptureFixture) -> tuple[int, list[str], int]:
    """Edit one file, run `ordinarily validate`; return the exit code, problems and the line."""
    path = project / name
    text = path.read_text()
    assert find in text, f"{name} has no {find!r}"
    line = text[: text.index(find)].count("\n") + 1 + find.startswith("\n")
    path.write_text(text.replace(find, replace, 1))
    code = main(["validate", str(project)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines(), line


# --- The example content ---------------------------------------------------------------------

def test_the_example_local_offer_is_broad() -> None:
    listed = OFFER.listed
    assert len(listed) >= 80
    for facet, terms in (("types", OFFER.taxonomy.service_types),
                         ("audiences", OFFER.taxonomy.audiences),
                         ("places", OFFER.taxonomy.places)):
        for term in terms:
            assert any(term.id in getattr(s, facet) for s in listed), f"no service for {term.id}"
    for need in GUIDE.needs:
        assert any(need.id in s.needs for s in listed), f"no service names {need.id}"
    assert {s.access.open for s in listed} == {True, False}
    assert {s.free for s in listed} == {True, False}
    assert OFFER.feedback and len(OFFER.feedback.entries) >= 8


def test_validate_counts_services(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    assert re.search(r"\d+ services from \d+ organisations", capsys.readouterr().out)


# --- Bad files --------------------------------------------------------------------------------

@pytest.mark.parametrize(("find", "replace", "message"), [
    ("needs: [autism", "needs: [autsm", "unknown need 'autsm' (did you mean 'autism'?)"),
    ("types: [leisure-and-activities", "types: [leisure", "unknown service type 'leisure'"),
    ("places: [riverside]", "places: [riversid]", "unknown place 'riversid' (did you mean "
                                                  "'riverside'?)"),
    ("organisation: anytown-leisure-trust", "organisation: anytown-leisure",
     "unknown organisation 'anytown-leisure' (did you mean 'anytown-leisure-trust'?)"),
    ("ages: {from: 5, to: 14}", "ages: {from: 15, to: 14}", "the age range starts at 15"),
    ("status: active", "status: open", "expected one of active, temporarily-closed"),
    ("\nreviewed: 2026-09-12", "\nreviewed: 2026-02-30", "'2026-02-30' is not a real date"),
])
def test_a_bad_service_is_reported_at_its_line(project: Path, capsys: pytest.CaptureFixture,
                                               find: str, replace: str, message: str) -> None:
    code, problems, line = problems_after(project, SERVICE, find, replace, capsys)
    assert code == 1
    assert any(p.startswith(f"{SERVICE}:{line}: ") and message in p for p in problems), problems


def test_a_free_service_with_a_charge_is_reported_at_the_charge(
        project: Path, capsys: pytest.CaptureFixture) -> None:
    code, problems, _ = problems_after(project, SERVICE, "free: false", "free: true", capsys)
    text = (project / SERVICE).read_text()
    line = text[: text.index("amount: 3.50")].count("\n") + 1
    assert code == 1
    assert f"{SERVICE}:{line}: the service says free: true but this cost is £3.50; set free: " \
           "false or remove the amount" in problems


def test_an_overlong_summary_is_reported(project: Path, capsys: pytest.CaptureFixture) -> None:
    code, problems, line = problems_after(project, SERVICE, "summary: >-\n",
                                          "summary: >-\n  " + "Very long. " * 20 + "\n", capsys)
    assert code == 1
    assert any(p.startswith(f"{SERVICE}:{line}: the summary is") for p in problems), problems


def test_a_need_naming_an_unknown_service_is_reported(project: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    name = "needs/communication-and-interaction/autism.yml"
    code, problems, line = problems_after(project, name, "related_services: []",
                                          "related_services: [saturday-club]", capsys)
    assert code == 1
    assert any(p.startswith(f"{name}:{line}: unknown service 'saturday-club' (did you mean "
                            "'short-breaks-saturday-club'?)") for p in problems), problems


def test_a_badly_named_service_file_is_reported(project: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    (project / SERVICE).rename(project / "local-offer/services/Saturday Club.yml")
    assert main(["validate", str(project)]) == 1
    err = capsys.readouterr().err
    assert "local-offer/services/Saturday Club.yml: the file name is the service's id" in err
    assert "rename it saturday-club.yml" in err


def test_a_stray_file_in_the_local_offer_is_reported(project: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    (project / "local-offer/taxonomy.yaml").write_text("places: []\n")
    assert main(["validate", str(project)]) == 1
    assert ("local-offer/taxonomy.yaml: this is not part of the Local Offer (did you mean "
            "'taxonomy.yml'?)") in capsys.readouterr().err


@pytest.mark.build
def test_the_build_fails_on_an_unknown_need(project: Path) -> None:
    path = project / SERVICE
    path.write_text(path.read_text().replace("needs: [autism", "needs: [autsm", 1))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(rf"{re.escape(SERVICE)}:\d+: unknown need 'autsm'", result.stderr)


# --- The built site ---------------------------------------------------------------------------

def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_listed_service_has_a_page(site: Path) -> None:
    for service in OFFER.listed:
        html = read(site, f"local-offer/services/{service.id}/")
        assert f">{_escaped(service.name)}</h1>" in html
        assert "Report a problem with this listing" in html
    for service in OFFER.services:
        if not service.listed:
            assert not (site / f"local-offer/services/{service.id}").exists()


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")


def test_service_pages_link_back_to_need_pages(site: Path) -> None:
    service = next(s for s in OFFER.listed if o.ALL not in s.needs)
    html = read(site, f"local-offer/services/{service.id}/")
    for need_id in service.needs:
        need_url = page_url(need_src(GUIDE.need(need_id)))
        assert f'href="../../../{need_url}"' in html


def test_report_a_problem_uses_the_councils_route(site: Path) -> None:
    html = read(site, "local-offer/services/short-breaks-saturday-club/")
    footer = html[html.index("Report a problem with this listing"):]
    settings = PROJECT.settings
    assert "mailto:" + settings.feedback.email in footer
    assert unquote("Problem with a Local Offer listing: Saturday Sports Club") in unquote(footer)
    form = settings.feedback.form.split("?")[0]
    assert form in footer


def test_service_and_browse_pages_are_out_of_the_nav_and_search_index(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert not [loc for loc in locations if loc.startswith(("local-offer/services/",
                                                            "local-offer/needs/",
                                                            "local-offer/types/",
                                                            "local-offer/places/"))]
    assert "local-offer/" in locations  # the finder page itself can be found
    html = read(site, "local-offer/services/short-breaks-saturday-club/")
    assert 'class="md-nav__link' not in html.split('class="md-content"')[0].split("md-header")[-1]


def test_service_and_browse_pages_are_in_the_sitemap(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    base = PROJECT.settings.site_url
    for service in OFFER.listed:
        assert f"<loc>{base}local-offer/services/{service.id}/</loc>" in sitemap
    assert f"<loc>{base}local-offer/needs/autism/</loc>" in sitemap
    assert f"<loc>{base}local-offer/places/riverside/</loc>" in sitemap


def test_browse_pages_list_every_matching_service(site: Path) -> None:
    for facet, url_part, terms in (("needs", "needs", [n.id for n in GUIDE.needs]),
                                   ("types", "types", [t.id for t in OFFER.taxonomy.service_types]),
                                   ("places", "places", [p.id for p in OFFER.taxonomy.places])):
        for term in terms:
            expected = [s for s in OFFER.listed if s.serves(facet, term)]
            html = read(site, f"local-offer/{url_part}/{term}/")
            found = re.findall(r'href="\.\./\.\./services/([a-z0-9-]+)/"', html)
            assert found == [s.id for s in expected][:BROWSE_SIZE], (facet, term)
            assert f"{len(expected)} service" in html or not expected


def test_need_pages_list_services_and_link_to_the_filtered_finder(site: Path) -> None:
    need = GUIDE.need("autism")
    html_text = html.unescape(read(site, page_url(need_src(need))))
    section = html_text[html_text.index('id="section-services"'):]
    total = len(OFFER.for_need("autism"))
    assert f"See all {total} services for autism" in section
    assert 'href="../../../local-offer/?need=autism"' in section
    assert 'href="../../../local-offer/needs/autism/"' in section
    # one list for every phase (shown without JavaScript) and one for each phase (?phase=)
    lists = re.findall(r'<ul class="ord-listings[^"]*" data-ord-phase-list="([^"]*)"[^>]*>'
                       r'(.*?)</ul>', section, re.S)
    assert [phase for phase, _ in lists] == ["", *(p.id for p in GUIDE.taxonomy.phases
                                                  if p.id in need.phases or "all" in need.phases)]
    for _, items in lists:
        links = re.findall(r'href="\.\./\.\./\.\./local-offer/services/', items)
        assert len(links) == min(5, total)


def test_you_said_we_did_links_both_ways(site: Path) -> None:
    feedback = OFFER.feedback
    html = read(site, "local-offer/you-said-we-did/")
    for entry in feedback.entries:
        assert f'id="{entry.id}"' in html
        for service_id in entry.services:
            assert f'href="../services/{service_id}/"' in html
            service_html = read(site, f"local-offer/services/{service_id}/")
            assert f'href="../../you-said-we-did/#{entry.id}"' in service_html
        for page in entry.pages:
            page_html = read(site, page_url(page))
            assert "Changed after your feedback" in page_html
            assert f"you-said-we-did/#{entry.id}" in page_html


def test_every_internal_link_in_the_local_offer_resolves(site: Path) -> None:
    pages = [p for p in (site / "local-offer").rglob("index.html")]
    assert len(pages) > len(OFFER.listed)
    for page in pages:
        here = page.parent
        text = page.read_text(encoding="utf-8")
        for href in (html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)):
            href = href.split("#")[0].split("?")[0]
            if not href or re.match(r"^[a-z]+:", href) or href.startswith("/"):
                continue
            target = (here / href).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, href)


def test_finder_index_words_are_normalised() -> None:
    assert words("Holiday clubs, the Café and SPEECH therapies!") == [
        "holiday", "club", "cafe", "speech", "therapy"]
    assert words("a bus pass is his") == ["bus", "pass"]
