"""A service's price, funding routes, structured times and venue features, and the taxonomy's
funding routes, venue features and postcode districts: loaded as written, old-style files
unchanged, and every mistake named at its file and line with the likely fix."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import load_project
from ordinarily.cli.commands import main
from ordinarily.core.settings import load_settings
from ordinarily.guide.loader import load_guide
from ordinarily.local_offer.offer_loader import load_local_offer
from ordinarily.local_offer.offer_pages import OfferSite

TAXONOMY = "local-offer/taxonomy.yml"
NEW = "local-offer/services/holiday-play-test.yml"
OLD = "local-offer/services/old-style-test.yml"

FUNDING = [
    {"id": "short-breaks-grant", "title": "Short breaks grant",
     "phrase": "paid from a short breaks grant"},
    {"id": "holiday-food-programme", "title": "Holiday food programme",
     "phrase": "free with a holiday food programme code"},
    {"id": "personal-budget", "title": "Personal budget"},
]
FEATURES = [{"id": "step-free", "title": "Step-free access"},
            {"id": "quiet-space", "title": "Quiet space",
             "summary": "A calm room to take a break in."},
            {"id": "changing-places", "title": "Changing Places toilet"}]
DISTRICTS = [{"id": "AN2", "title": "Riverside and Mill End", "latitude": 52.1,
              "longitude": -1.2}]


def service_text(extra: str, schedules: str, organisation: str, kind: str, place: str) -> str:
    return f"""name: Holiday Play Test
organisation: {organisation}
status: active
summary: A summer play scheme for disabled children.
description: A summer play scheme.
needs: all
ages: {{from: 5, to: 11}}
phases: all
types: [{kind}]
audiences: not stated
places: [{place}]
free: false
{extra}access:
  self_referral: true
  diagnosis_needed: false
  how: Ring us.
contact:
  phone: 01632 960000
locations:
  - name: Riverside Centre
    address: {{street: 1 Mill Lane, town: Anytown, postcode: AN2 4RL}}
    accessibility: Lift to the first floor.
    features: [step-free, quiet-space]
schedules:
{schedules}reviewed: 2026-09-01
"""


NEW_EXTRA = """funding: [holiday-food-programme, short-breaks-grant]
costs:
  - option: Per day
    amount: 8
    unit: day
"""
NEW_SCHEDULES = """  - description: Weekdays in the summer holidays.
    days: [friday, monday, tuesday, wednesday, thursday]
    opens: "10:00"
    closes: "15:00"
    period: school-holidays
"""
OLD_EXTRA = """costs:
  - option: Per session
    amount: 3.50
"""
OLD_SCHEDULES = "  - description: Saturdays, 9.30am to 11am, in school term time.\n"


@pytest.fixture
def offer_project(project: Path) -> Path:
    """The example with the funding, venue feature and district lists above, and two services:
    one written the new way and one the old way (no funding, unit, days or features)."""
    path = project / TAXONOMY
    data = yaml.safe_load(path.read_text())
    data.update(funding=FUNDING, venue_features=FEATURES, postcode_districts=DISTRICTS)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    for service in (project / "local-offer/services").glob("*.yml"):  # the example's own name
        text = service.read_text()  # the example's routes and features, not these test lists
        kept = [line for line in text.splitlines(keepends=True)
                if not line.lstrip().startswith(("funding:", "features:"))]
        service.write_text("".join(kept))
    organisation = sorted(p.stem for p in (project / "local-offer/organisations").glob("*.yml"))[0]
    kind, place = data["service_types"][0]["id"], data["places"][0]["id"]
    (project / NEW).write_text(service_text(NEW_EXTRA, NEW_SCHEDULES, organisation, kind, place))
    old = service_text(OLD_EXTRA, OLD_SCHEDULES, organisation, kind, place)
    (project / OLD).write_text(old.replace("    features: [step-free, quiet-space]\n", ""))
    return project


def load(project: Path):
    guide = load_guide(project)
    offer = load_local_offer(project, guide.taxonomy)
    return offer, {s.id: s for s in offer.services}


def test_the_taxonomy_and_a_new_style_service_load_as_written(offer_project: Path) -> None:
    offer, services = load(offer_project)
    assert [(t.id, t.phrase) for t in offer.taxonomy.funding] == [
        ("short-breaks-grant", "paid from a short breaks grant"),
        ("holiday-food-programme", "free with a holiday food programme code"),
        ("personal-budget", "")]
    assert [t.title for t in offer.taxonomy.venue_features] == [
        "Step-free access", "Quiet space", "Changing Places toilet"]
    assert [(d.id, d.title, d.latitude, d.longitude) for d in offer.taxonomy.districts] == [
        ("AN2", "Riverside and Mill End", 52.1, -1.2)]
    service = services["holiday-play-test"]
    assert service.funding == ("holiday-food-programme", "short-breaks-grant")
    assert [(c.option, c.amount, c.unit) for c in service.costs] == [("Per day", 8, "day")]
    (schedule,) = service.schedules
    assert schedule.days == ("monday", "tuesday", "wednesday", "thursday", "friday")  # week order
    assert (schedule.opens, schedule.closes, schedule.period) == ("10:00", "15:00",
                                                                   "school-holidays")
    assert service.locations[0].features == ("step-free", "quiet-space")
    assert service.locations[0].accessibility == "Lift to the first floor."


def test_an_old_style_service_loads_unchanged(offer_project: Path) -> None:
    _, services = load(offer_project)
    service = services["old-style-test"]
    assert service.free is False and service.funding == ()
    assert [(c.option, c.amount, c.unit) for c in service.costs] == [("Per session", 3.5, "")]
    (schedule,) = service.schedules
    assert (schedule.description, schedule.days, schedule.opens, schedule.closes,
            schedule.period) == ("Saturdays, 9.30am to 11am, in school term time.", (), "", "",
                                 "")
    assert service.locations[0].features == ()


def test_a_taxonomy_without_the_new_lists_loads(project: Path) -> None:
    path = project / TAXONOMY
    data = yaml.safe_load(path.read_text())
    for key in ("funding", "venue_features", "postcode_districts"):
        data.pop(key, None)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    for service in (project / "local-offer/services").glob("*.yml"):  # the example's own, if
        text = service.read_text()  # it already names them, are left out for this test
        kept = [line for line in text.splitlines(keepends=True)
                if not line.lstrip().startswith(("funding:", "features:"))]
        service.write_text("".join(kept))
    offer, _ = load(project)
    assert offer.taxonomy.funding == offer.taxonomy.venue_features == ()
    assert offer.taxonomy.districts == ()


def validate(project: Path, name: str, find: str, replace: str,
             capsys: pytest.CaptureFixture) -> tuple[list[str], int]:
    path = project / name
    text = path.read_text()
    assert find in text
    line = text[: text.index(find)].count("\n") + 1
    path.write_text(text.replace(find, replace, 1))
    code = main(["validate", str(project)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    return err.splitlines(), line


@pytest.mark.parametrize("name, find, replace, message", [
    (NEW, "funding: [holiday-food-programme,", "funding: [holiday-food-programe,",
     "unknown funding route 'holiday-food-programe' (did you mean 'holiday-food-programme'?)"),
    (NEW, "features: [step-free,", "features: [step-fre,",
     "unknown venue feature 'step-fre' (did you mean 'step-free'?)"),
    (NEW, "unit: day", "unit: days", "(did you mean 'day'?)"),
    (NEW, "days: [friday,", "days: [fri,", "(did you mean 'friday'?)"),
    (NEW, "period: school-holidays", "period: school-holiday",
     "(did you mean 'school-holidays'?)"),
    (NEW, 'closes: "15:00"', 'closes: "09:00"',
     "it closes at 09:00 but opens at 10:00; swap them, or write times in 24-hour HH:MM"),
])
def test_a_mistake_in_a_service_is_named_at_its_line(offer_project: Path, name: str, find: str,
                                                     replace: str, message: str,
                                                     capsys: pytest.CaptureFixture) -> None:
    problems, line = validate(offer_project, name, find, replace, capsys)
    assert any(p.startswith(f"{name}:{line}: ") and message in p for p in problems), problems


def test_a_time_not_in_24_hour_form_is_named(offer_project: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    problems, line = validate(offer_project, NEW, 'opens: "10:00"', 'opens: "10am"', capsys)
    assert any(p.startswith(f"{NEW}:{line}: ") and "10am" in p for p in problems), problems


def test_a_district_written_in_lower_case_is_named(offer_project: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    problems, line = validate(offer_project, TAXONOMY, "id: AN2", "id: an2", capsys)
    assert any(p.startswith(f"{TAXONOMY}:{line}: ") and "'an2'" in p for p in problems), problems


def test_a_funding_route_listed_twice_is_named(offer_project: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    problems, line = validate(offer_project, TAXONOMY, "id: personal-budget",
                              "id: short-breaks-grant", capsys)
    assert any(p.startswith(f"{TAXONOMY}:{line}: the funding route id 'short-breaks-grant' is "
                            "used twice") for p in problems), problems


def test_the_finder_help_contact_comes_from_settings(project: Path) -> None:
    path = project / "ordinarily.yml"
    text = path.read_text()
    if "\nlocal_offer:" in text:  # the example's own, left out to see the default first
        data = yaml.safe_load(text)
        data.pop("local_offer")
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path.write_text(text)
    assert load_settings(project).local_offer_help is None
    path.write_text(text + "local_offer:\n  help:\n    name: Family Information Service\n"
                           "    phone: 01632 960100\n    email: fis@anytown.example.org.uk\n")
    found = load_settings(project).local_offer_help
    assert (found.name, found.phone, found.email) == (
        "Family Information Service", "01632 960100", "fis@anytown.example.org.uk")


# --- The service page ----------------------------------------------------------------------

def page_body(project: Path, service_id: str) -> str:
    loaded = load_project(project)
    site = OfferSite(loaded.offer, loaded.guide, loaded.settings, loaded.root)
    return site.service_page(next(s for s in loaded.offer.services if s.id == service_id)).body


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def glance(body: str) -> list[tuple[str, str]]:
    """'At a glance' in order: each term and what it says."""
    found = re.search(r'id="section-at-a-glance".*?</dl>', body, re.S)
    assert found
    return [(plain(dt), plain(dd))
            for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", found.group(0), re.S)]


def test_at_a_glance_starts_with_cost_times_place_ages_and_contact(offer_project: Path) -> None:
    shown = glance(page_body(offer_project, "holiday-play-test"))
    place = yaml.safe_load((offer_project / TAXONOMY).read_text())["places"][0]["title"]
    assert shown[:5] == [
        ("Cost", "£8 a day; free with a holiday food programme code or paid from a short breaks "
                 "grant. More about the cost"),
        ("When", "Monday to Friday, 10am to 3pm, school holidays"),
        ("Where", f"{place} (address and access)"),
        ("Ages", "Ages 5 to 11"),
        ("Contact", "Call 01632 960000")]
    old = dict(glance(page_body(offer_project, "old-style-test")))
    assert old["Cost"] == "£3.50 (per session). More about the cost"
    assert old["When"] == "Saturdays, 9.30am to 11am, in school term time."


def test_the_page_has_a_breadcrumb_hooks_call_buttons_and_the_local_offer_sections(
        offer_project: Path) -> None:
    body = page_body(offer_project, "holiday-play-test")
    crumbs = re.search(r'<nav class="ord-breadcrumb" aria-label="Breadcrumb">(.*?)</nav>', body,
                       re.S)
    assert crumbs and re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs.group(1)) == [
        ("../../../", "Home"), ("../../", "Local Offer")]
    assert '<li aria-current="page">Holiday Play Test</li>' in crumbs.group(1)
    assert body.index("<p class=\"ord-back\" data-ord-back hidden></p>") < body.index("<h1")
    at_a_glance = body[body.index('id="section-at-a-glance"'):body.index('id="section-about"')]
    assert ('<div class="ord-save" data-ord-save data-id="holiday-play-test" '
            'data-name="Holiday Play Test" hidden></div>') in at_a_glance
    assert '<a class="md-button md-button--primary" href="tel:01632960000">Call 01632 960000' \
        in at_a_glance
    sections = re.search(r'<nav class="ord-offer-sections".*?</nav>', body, re.S)
    assert sections and re.findall(r'<a href="([^"]+)">([^<]+)</a>', sections.group(0)) == [
        ("../../", "Search the Local Offer"),
        ("../../#section-browse-needs", "Browse by need"),
        ("../../#section-browse-types", "Browse by type of service"),
        ("../../#section-browse-places", "Browse by place"),
        ("../../you-said-we-did/", "You said, we did")]


def test_the_page_names_the_venue_features_and_the_ways_to_pay(offer_project: Path) -> None:
    body = page_body(offer_project, "holiday-play-test")
    assert re.findall(r"<ul class=\"ord-features\">(.*?)</ul>", body) == [  # with a summary
        "<li><strong>Step-free access</strong></li>"
        "<li><strong>Quiet space</strong>: A calm room to take a break in.</li>"]
    assert "Lift to the first floor." in body
    cost = plain(body[body.index('<h2 id="section-cost"'):body.index('<h2 id="section-contact"')])
    assert cost == ("Cost Per day: £8 a day Ways to pay for it Holiday food programme "
                    "Short breaks grant")
    assert "see cost" not in plain(body).lower()
