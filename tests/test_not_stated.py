"""Unknown stays unknown (issue 23, point 3): a service whose file gives a field as `not stated`
validates, and nothing built from it says more than the file does.

A copy of the example has one service with every field that may be `not stated` written so.
Each output is read the way a family or a feed reader meets it: the service page's facts (in
process, through the Local Offer's page renderer), the finder's data files (its filters'
bitsets, age ranges and result cards), the Open Referral UK export, and `ordinarily
check-content`. Expected values are written out here or read from the YAML text, never from the
engine. Each test also looks at the same service as the example writes it (free, self-referral,
no diagnosis, ages 4 to 16, ...), so a check that could not tell the two apart would fail there.
One browser test builds the copy and ticks "free only" in the finder.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import pytest

from ordinarily.assembly.project import Project, load_project
from ordinarily.local_offer.finder_index import finder_files
from ordinarily.local_offer.offer_pages import OfferSite
from ordinarily.open_referral.oruk_export import oruk_files

from conftest import EXAMPLE, build_site, copy_example, ordinarily

SERVICE = "accessible-play-days-half-term"
SERVICE_FILE = f"local-offer/services/{SERVICE}.yml"
NAME = "Accessible play days in the half-term holidays"
NOT_STATED = "Not stated: ask the service"
# The fields that may be `not stated`, as the file names them (docs/content-model.md), and the
# line of the file each one starts on (a top-level key, or a key under `access:`).
FIELDS = ("needs", "ages", "phases", "types", "audiences", "places", "free",
          "access.self_referral", "access.diagnosis_needed", "access.how", "contact")
# What the service page's "At a glance" calls each of them ("Phases": the example's own word).
FACTS = ("Ages", "Phases", "Who it is for", "Needs", "Type of service", "Cost", "Referral",
         "Diagnosis", "Where")
# What the page would say if it guessed a value (each is what some stated value shows).
GUESSES = ("Free", "There is a charge", "You can contact the service yourself",
           "You need a referral", "No diagnosis is needed", "A diagnosis is needed",
           "Anywhere in the council's area", "Any special educational need or disability")
# Taxonomies whose attributes would assert a not-stated field in the feed.
ASSERTING = ("SEND needs", "Education phases", "Service types", "Audiences", "Places",
             "Access")


def not_stated_text(text: str) -> str:
    """The service file with every field that may be unknown written `not stated`."""
    for key in ("needs", "ages", "phases", "types", "audiences", "places", "free"):
        text = re.sub(rf"^{key}: .*$", f"{key}: not stated", text, count=1, flags=re.M)
    text = re.sub(r"^  self_referral: .*$", "  self_referral: not stated", text, flags=re.M)
    text = re.sub(r"^  diagnosis_needed: .*$", "  diagnosis_needed: not stated", text, flags=re.M)
    text = re.sub(r"^  how: \|\n(?:    .*\n)+", "  how: not stated\n", text, count=1, flags=re.M)
    return re.sub(r"^contact:\n(?:  .*\n)+", "contact: not stated\n", text, count=1, flags=re.M)


def field_lines(text: str) -> dict[str, int]:
    """The line of each field in FIELDS, found in the text itself."""
    lines = text.split("\n")
    found = {}
    for field in FIELDS:
        key = field.split(".")[-1]
        indent = "  " if "." in field else ""
        found[field] = next(i for i, line in enumerate(lines, 1)
                            if line.startswith(f"{indent}{key}:"))
    return found


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("not-stated") / "project")
    path = root / SERVICE_FILE
    text = not_stated_text(path.read_text(encoding="utf-8"))
    assert text.count("not stated") == len(FIELDS), text
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(copy: Path) -> Project:
    return load_project(copy)


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project(EXAMPLE)


def service_page(project: Project, service_id: str = SERVICE) -> str:
    site = OfferSite(project.offer, project.guide, project.settings, project.root)
    service = next(s for s in project.offer.services if s.id == service_id)
    return site.service_page(service).body


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def facts(body: str) -> dict[str, str]:
    """The page's "At a glance" list: each term and what it says."""
    return {plain(dt): plain(dd) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body)}


def section(body: str, heading: str) -> str:
    """The plain text of a section, from its heading to the next heading of any level."""
    match = re.search(rf"<h[23][^>]*>{re.escape(heading)}</h[23]>(.*?)(?=<h[1-6]|$)", body,
                      re.S)
    assert match, f"no heading {heading!r}"
    return plain(match.group(1))


# --- validate -------------------------------------------------------------------------------


def test_a_service_with_every_field_not_stated_validates(copy: Path) -> None:
    result = ordinarily("validate", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelt_not_stated_is_refused_at_its_line_with_the_spelling_to_use(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    path = root / SERVICE_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^free: .*$", "free: Not Stated", text, flags=re.M),
                    encoding="utf-8")
    line = field_lines(text)["free"]
    result = ordinarily("validate", str(root))
    assert result.returncode == 1
    problems = [x for x in result.stderr.splitlines() if x.startswith(SERVICE_FILE)]
    assert problems == [f"{SERVICE_FILE}:{line}: 'free' is the text 'Not Stated'; write true or "
                        "false, or 'not stated' (did you mean 'not stated'?)"], result.stderr


# --- the service page -----------------------------------------------------------------------


def test_the_page_says_not_stated_for_each_unknown_and_guesses_nothing(project: Project,
                                                                       example: Project) -> None:
    body = service_page(project)
    shown = facts(body)
    assert {f: shown.get(f) for f in FACTS} == {f: NOT_STATED for f in FACTS}
    glance = " | ".join(shown.values())
    assert [g for g in GUESSES if g in glance] == []
    assert not re.search(r"\bAges? \d", plain(body))
    contact = section(body, "Contact")
    assert contact.startswith("Not stated")
    assert "01632 960750" not in contact and "play@" not in contact
    assert section(body, "How to get this service") == NOT_STATED
    # The same service as the example writes it: every fact stated.
    stated = facts(service_page(example))
    assert stated["Ages"] == "Ages 4 to 16"
    assert stated["Phases"] == "Early years, Primary, Secondary"
    assert section(service_page(example), "How to get this service").startswith(
        "Book a place online or by phone")
    assert stated["Cost"] == "Free"
    assert stated["Referral"] == "You can contact the service yourself"
    assert stated["Diagnosis"] == "No diagnosis is needed"
    assert NOT_STATED not in " ".join(stated.values())
    assert "01632 960750" in section(service_page(example), "Contact")


def test_a_named_person_to_contact_is_shown_when_the_service_gives_no_contact_of_its_own(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "project")
    path = root / SERVICE_FILE
    people = ("contact: not stated\ncontacts:\n  - name: Sam Okafor\n    role: Play leader\n"
              "    phone: 01632 960999\n")
    text = re.sub(r"^contact:\n(?:  .*\n)+", people, path.read_text("utf-8"), count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")
    contact = section(service_page(load_project(root)), "Contact")
    assert contact == ("Sam Okafor, Play leader. Phone 01632 960999 No other phone number, email "
                       "or website is stated for the service.")


def test_eligibility_how_to_apply_and_waiting_time_show_under_their_headings(
        example: Project) -> None:
    body = service_page(example, "anytown-college-learning-support")
    assert section(body, "Who can use it") == "Students on any course at Anytown College."
    assert section(body, "How to get this service").startswith(
        "Tick the box about additional needs on your college application")
    # The waiting time is in "At a glance" once, not repeated under a heading of its own.
    assert facts(body)["Waiting time"] == ("We aim to have support ready on your first day if "
                                           "you apply by the end of March.")
    assert plain(body).count("We aim to have support ready") == 1
    assert "Waiting times" not in body


# --- the finder's data ----------------------------------------------------------------------


def finder_data(project: Project) -> tuple[dict, list[list], int]:
    """meta.json, every result card in order, and the service's place in them."""
    files = finder_files(project.offer, project.guide.taxonomy)
    meta = json.loads(files["local-offer/finder/meta.json"])
    cards = [card for n in range(len(files)) if (key := f"local-offer/finder/c/{n}.json") in files
             for card in json.loads(files[key])]
    return meta, cards, [c[0] for c in cards].index(SERVICE)


def bit(bitset: str, n: int) -> bool:
    return bool(base64.b64decode(bitset)[n >> 3] >> (n & 7) & 1)


def matches(meta: dict, n: int) -> dict[str, bool]:
    """Every filter the finder offers, and whether service n passes it."""
    found = {"free only": bit(meta["free"], n), "no referral needed": bit(meta["open"], n)}
    for facet, values in meta["facets"].items():
        found.update({f"{facet}={v}": bit(b, n) for v, b in values.items()})
    ages = base64.b64decode(meta["ageFrom"])[n], base64.b64decode(meta["ageTo"])[n]
    found.update({f"age={a}": ages[0] <= a <= ages[1] for a in range(26)})
    return found


def test_the_finder_matches_no_filter_on_a_field_not_stated(project: Project,
                                                            example: Project) -> None:
    meta, cards, n = finder_data(project)
    # The copy keeps the service's structured times and venues (they are not among the fields
    # that may be 'not stated'), so the day, 'when' and venue filters still match it.
    kept = ("days=", "when=", "features=")
    assert {f for f, ok in matches(meta, n).items() if ok and not f.startswith(kept)} == set()
    assert cards[n][4:8] == [None, None, None, 0]  # ages, free: not stated; not open
    # As the example writes it, the same service passes these filters.
    meta, cards, n = finder_data(example)
    passed = {f for f, ok in matches(meta, n).items() if ok}
    assert {"free only", "no referral needed", "needs=vision", "phases=primary",
            "types=short-breaks",
            "audiences=families", "places=riverside", "age=4", "age=16"} <= passed
    assert "age=17" not in passed and "phases=post-16" not in passed
    assert cards[n][4:8] == [4, 16, 1, 1]


def test_text_search_still_finds_a_service_with_unknowns(project: Project) -> None:
    files = finder_files(project.offer, project.guide.taxonomy)
    _, _, n = finder_data(project)
    shard = json.loads(files["local-offer/finder/t/wh.json"])  # "wheelchair" is in its summary
    ordinals, total = set(), 0
    for delta in shard["wheelchair"][1]:
        total += delta
        ordinals.add(total)
    assert n in ordinals


# --- the Open Referral UK export ------------------------------------------------------------


def exported(project: Project) -> dict:
    files = oruk_files(project.offer, project.guide.taxonomy, project.settings,
                       project.guide.needs)
    found = [json.loads(v) for k, v in files.items()
             if re.fullmatch(r"api/oruk/services/[0-9a-f-]{36}\.json", k)]
    return next(s for s in found if s["name"] == NAME)


def test_the_export_asserts_nothing_the_file_does_not_state(project: Project,
                                                            example: Project) -> None:
    service = exported(project)
    for key in ("cost_options", "minimum_age", "maximum_age", "url", "email", "phones"):
        assert key not in service, key
    taxonomies = {a["taxonomy_term"]["taxonomy"] for a in service["attributes"]}
    assert taxonomies & set(ASSERTING) == set()
    details = {a["taxonomy_term"]["term"] for a in service["attributes"]
               if a["taxonomy_term"]["taxonomy"] == "Service details"}
    assert "how-to-access" not in details  # not the words 'not stated' as how to get it
    # As the example writes it, the same service asserts ages, contact and access terms.
    stated = exported(example)
    assert (stated["minimum_age"], stated["maximum_age"]) == (4, 16)
    assert stated["url"] == "https://riverside-play.example.org.uk/accessible-play-days"
    terms = {a["taxonomy_term"]["term"] for a in stated["attributes"]
             if a["taxonomy_term"]["taxonomy"] == "Access"}
    assert terms == {"free", "self-referral", "no-diagnosis-needed"}
    phases = {a["taxonomy_term"]["term"] for a in stated["attributes"]
              if a["taxonomy_term"]["taxonomy"] == "Education phases"}
    assert phases == {"early-years", "primary", "secondary"}
    assert "how-to-access" in {a["taxonomy_term"]["term"] for a in stated["attributes"]}


# --- check-content --------------------------------------------------------------------------


def test_check_content_lists_every_unknown_at_its_line_as_a_warning(copy: Path) -> None:
    lines = field_lines((copy / SERVICE_FILE).read_text(encoding="utf-8"))
    result = ordinarily("check-content", str(copy), "--only", "unknowns")
    assert result.returncode == 0, result.stderr  # a warning: the check passes
    found = [x for x in result.stdout.splitlines() if x.startswith("local-offer/")]
    places = [x.split(": not stated: ", 1)[0] for x in found]
    assert places == [f"{SERVICE_FILE}:{lines[f]}" for f in FIELDS]
    named = [re.search(r"not stated: '([^']+)'", x).group(1) for x in found]
    assert named == list(FIELDS)
    assert "11 fields not stated in 1 service" in result.stdout


def test_check_content_finds_no_unknowns_in_the_example() -> None:
    result = ordinarily("check-content", str(EXAMPLE), "--only", "unknowns")
    assert result.returncode == 0
    assert "not stated:" not in result.stdout
    assert "Unknowns: no service has a field that is not stated." in result.stdout


# --- the change summary ---------------------------------------------------------------------


def test_the_change_summary_says_not_stated(copy: Path) -> None:
    result = ordinarily("diff", str(EXAMPLE), str(copy))
    assert result.returncode == 0, result.stderr
    lines = [x.strip() for x in result.stdout.splitlines()]
    # The example's values (its file: ages {from: 4, to: 16}, phases early years to secondary).
    assert "- Age range: was 4 to 16, now not stated" in lines
    assert "- Phases: was Early years, Primary, Secondary, now not stated" in lines
    assert "- Free of charge: was yes, now not stated" in lines
    how = next(x for x in lines if x.startswith("- How to get it:"))
    assert how.endswith("<ins>not stated</ins>")


# --- the finder in a browser ----------------------------------------------------------------


@pytest.mark.build
def test_free_only_in_the_browser_leaves_out_a_service_whose_cost_is_not_stated(
        copy: Path, browser) -> None:
    from browser import serve

    site = build_site(copy)
    with serve(site) as url:
        page = browser.new_page()
        try:
            for query, listed in (("", True), ("&free=1", False)):
                page.goto(f"{url}/local-offer/?query=wheelchair{query}", wait_until="networkidle")
                page.wait_for_function("() => /found|No services/.test(document.querySelector("
                                       "'[data-ord-finder-status]').textContent)")
                more = page.locator("[data-ord-more]")
                while more.is_visible():
                    more.click()
                names = page.locator("[data-ord-finder-results] h2").all_inner_texts()
                assert (NAME in names) is listed, (query, names)
            page.goto(f"{url}/local-offer/?query=wheelchair", wait_until="networkidle")
            card = page.locator("[data-ord-finder-results] li", has_text=NAME)
            text = card.inner_text()
            assert "Cost\nNot stated: ask the service" in text, text
            assert "Ages\nNot stated" in text, text
        finally:
            page.close()
