"""The families' finder (issue 24) in a real browser, at 375 x 740 and 1280 x 900: the parent's
journey, the filters' counts, chips, days, venue features, distance from a postcode district,
spelling suggestions and no dead ends.

Every expected set, count and order is worked out here from the example's YAML files with this
file's own code (PyYAML, the filter rules docs/local-offer.md states, and the haversine formula),
never from the engine's index. The example's content changes; each expectation is asserted to be
non-empty, so a journey that finds nothing is never a passing test."""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from test_finder import expected, shown_ids, status, wait_for_status

from browser import describe, run_axe
from conftest import EXAMPLE

LOCAL_OFFER = EXAMPLE / "local-offer"
LISTED = ("active", "temporarily-closed")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
EARTH_MILES = 3958.8
PLACES = 3  # the index keeps coordinates to 3 decimal places (docs/local-offer.md)


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


TAXONOMY = _load(LOCAL_OFFER / "taxonomy.yml")
SETTINGS = _load(EXAMPLE / "ordinarily.yml")
DISTRICTS = {d["id"]: (d["latitude"], d["longitude"])
             for d in TAXONOMY.get("postcode_districts") or []}


def _listed() -> dict[str, dict]:
    raw = {p.stem: _load(p) for p in sorted((LOCAL_OFFER / "services").glob("*.yml"))}
    found = {sid: s for sid, s in raw.items() if s["status"] in LISTED}
    # The finder lists services by name (then id) when nothing else orders them.
    return dict(sorted(found.items(), key=lambda kv: (kv[1]["name"].casefold(), kv[0])))


RAW = _listed()
ORDER = list(RAW)


# --- the filter rules, from docs/local-offer.md, written again here -------------------------------

def serves(service: dict, field: str, value: str) -> bool:
    """A list of ids, or `all` (written alone or in a list); `not stated` serves nothing."""
    values = service.get(field)
    return values == "all" or (isinstance(values, list) and ("all" in values or value in values))


def wide(service: dict) -> bool:
    return service.get("places") == "all" or "all" in (service.get("places") or [])


def for_age(service: dict, age: int) -> bool:
    ages = service.get("ages")
    return isinstance(ages, dict) and ages["from"] <= age <= ages["to"]


def days(service: dict) -> set[str]:
    return {d for s in service.get("schedules") or [] for d in s.get("days") or []}


def features(service: dict) -> set[str]:
    return {f for loc in service.get("locations") or [] for f in loc.get("features") or []}


def free_or_funded(service: dict, routes: list[str], free: bool) -> bool:
    routed = set(routes) & set(service.get("funding") or [])
    return (free and service.get("free") is True) or bool(routed)


def where(service: dict) -> list[tuple[float, float]]:
    """Each venue's point: its own coordinates, else its postcode district's centre."""
    points = []
    for loc in service.get("locations") or []:
        if loc.get("latitude") is not None and loc.get("longitude") is not None:
            points.append((loc["latitude"], loc["longitude"]))
            continue
        postcode = ((loc.get("address") or {}).get("postcode") or "").upper().split()
        if postcode and postcode[0] in DISTRICTS:
            points.append(DISTRICTS[postcode[0]])
    return points


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    a, b = tuple(round(x, PLACES) for x in a), tuple(round(x, PLACES) for x in b)
    dlat, dlon = math.radians(b[0] - a[0]), math.radians(b[1] - a[1])
    h = math.sin(dlat / 2) ** 2 + \
        math.cos(math.radians(a[0])) * math.cos(math.radians(b[0])) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_MILES * math.asin(min(1.0, math.sqrt(h)))


def nearest_first(ids: list[str], district: str) -> list[tuple[str, float | None]]:
    """Services based near the district by distance, then whole-area ones, then those with no
    known place; ties and the later groups by name."""
    origin = DISTRICTS[district]
    rows = []
    for sid in ids:
        service = RAW[sid]
        points = where(service)
        miles = min((haversine(origin, p) for p in points), default=None)
        group = 1 if wide(service) else 0 if miles is not None else 2
        rows.append((group, miles if group == 0 else 0, ORDER.index(sid), sid, miles))
    return [(sid, miles) for *_, sid, miles in sorted(rows)]


def help_phone() -> str:
    found = (SETTINGS.get("local_offer") or {}).get("help") or {}
    return found.get("phone") or SETTINGS["contact"]["phone"]


# --- the parent's journey ---------------------------------------------------------------------

HOLIDAY = expected("holiday")


def journey() -> dict:
    """'Holiday', Autism, age 8, free or funded by the routes the holiday services use, and a
    place that leaves some of them: the expected services, from the YAML."""
    autistic = [s for s in HOLIDAY if serves(RAW[s], "needs", "autism") and for_age(RAW[s], 8)]
    routes = sorted({r for s in autistic for r in RAW[s].get("funding") or []})
    fits = [s for s in autistic if free_or_funded(RAW[s], routes, free=True)]
    # The place where most of them are services that charge (found through a funding route).
    place = max((p["id"] for p in TAXONOMY["places"]), key=lambda p: (
        sum(serves(RAW[s], "places", p) and RAW[s].get("free") is not True for s in fits),
        sum(serves(RAW[s], "places", p) for s in fits)))
    want = [s for s in fits if serves(RAW[s], "places", place)]
    params = [("query", "holiday"), ("need", "autism"), ("age", "8"), ("place", place),
              ("free", "1"), *(("funding", r) for r in routes)]
    return {"want": want, "routes": routes, "place": place, "autistic": autistic,
            "url": "/local-offer/?" + "&".join(f"{k}={v}" for k, v in params)}


JOURNEY = journey()


def test_the_journey_has_something_to_find() -> None:
    assert JOURNEY["want"], "the example has no free or funded holiday service for autism at 8"
    assert JOURNEY["routes"], "the holiday services for autism name no funding route"
    paid = [s for s in JOURNEY["want"] if RAW[s].get("free") is not True]
    assert paid, "no service in the journey is found only through a funding route"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_parents_journey_finds_the_services_that_fit(page_at, viewport: str) -> None:
    page = page_at(JOURNEY["url"], viewport)
    want = JOURNEY["want"]
    wait_for_status(page, "found for \u201choliday\u201d with your filters")
    assert sorted(shown_ids(page)) == sorted(want)
    assert status(page).startswith(f"{len(want)} service")
    if viewport == "phone":
        assert page.get_attribute("[data-ord-toggle]", "aria-expanded") == "false"
        search = page.locator("#ord-q").bounding_box()
        first = page.locator("[data-ord-finder-results] > li").first.bounding_box()
        assert first["y"] - (search["y"] + search["height"]) <= 400
    # Each card says where, when, what it costs and the ages, in words.
    card = page.locator("[data-ord-finder-results] > li").first
    terms = card.locator("dt").all_inner_texts()
    assert {"Where", "Cost", "Ages"} <= set(terms)
    assert "Charges apply" not in card.inner_text() and "see cost" not in card.inner_text()
    assert all(u.startswith(page.url.split("/local-offer/")[0]) for u in page.requests)


def test_facet_counts_are_the_services_each_choice_would_give(page_at) -> None:
    page = page_at(JOURNEY["url"])
    wait_for_status(page, "with your filters")
    # Needs: the journey without its need, with each need instead.
    others = [s for s in HOLIDAY if for_age(RAW[s], 8)
              and serves(RAW[s], "places", JOURNEY["place"])
              and free_or_funded(RAW[s], JOURNEY["routes"], free=True)]
    needs = [b.get_attribute("value") for b in page.locator("input[name=need]").all()]
    want = {n: sum(serves(RAW[s], "needs", n) for s in others) for n in needs}
    shown = {n: page.locator(f"label[for='ord-need-{n}'] [data-ord-count]").inner_text()
             for n in needs}
    assert shown == {n: f"({c})" for n, c in want.items()}
    assert any(want.values())
    # Free, or can be funded: the journey without that group, with each choice.
    rest = [s for s in JOURNEY["autistic"] if serves(RAW[s], "places", JOURNEY["place"])]
    assert page.locator("label[for='ord-free'] [data-ord-count]").inner_text() == \
        f"({sum(RAW[s].get('free') is True for s in rest)})"
    for route in JOURNEY["routes"]:
        n = sum(route in (RAW[s].get("funding") or []) for s in rest)
        assert page.locator(f"label[for='ord-funding-{route}'] [data-ord-count]").inner_text() \
            == f"({n})"


def test_chips_are_removed_by_keyboard(page_at) -> None:
    page = page_at("/local-offer/?query=holiday&need=autism&age=8", "phone")
    wait_for_status(page, "with your filters")
    chip = page.get_by_role("button", name="Remove Need: Autism")
    chip.focus()
    page.keyboard.press("Enter")
    want = [s for s in HOLIDAY if for_age(RAW[s], 8)]
    assert want
    wait_for_status(page, f"{len(want)} service")
    assert "need=" not in page.url
    assert not page.is_checked("#ord-need-autism")
    # Focus moves to the chip now in its place, so the keyboard carries on from there.
    assert page.evaluate("() => document.activeElement.textContent").startswith("Remove Age: 8")
    page.keyboard.press("Enter")
    wait_for_status(page, f"{len(HOLIDAY)} services found for \u201choliday\u201d.")
    assert page.locator("[data-ord-chips] button").count() == 0
    assert sorted(shown_ids(page)) == sorted(HOLIDAY)


def test_a_day_filter_gives_the_services_that_run_that_day(page_at) -> None:
    day = max(("saturday", "sunday", "wednesday"),
              key=lambda d: 0 < sum(d in days(s) for s in RAW.values()) < len(RAW))
    want = [s for s in ORDER if day in days(RAW[s])]
    assert 0 < len(want) < len(RAW)
    page = page_at(f"/local-offer/?day={day}", "phone")
    wait_for_status(page, f"{len(want)} service")
    assert shown_ids(page) == want


def test_venue_features_must_all_be_there(page_at) -> None:
    used = sorted({f for s in RAW.values() for f in features(s)})
    assert used, "no venue in the example lists a feature"
    one = max(used, key=lambda f: sum(f in features(s) for s in RAW.values()))
    two = next((f for f in used if f != one and any({one, f} <= features(s) for s in RAW.values())),
               None)
    chosen = [one, two] if two else [one]
    want = [s for s in ORDER if set(chosen) <= features(RAW[s])]
    assert want
    page = page_at("/local-offer/?" + "&".join(f"feature={f}" for f in chosen))
    wait_for_status(page, f"{len(want)} service")
    assert shown_ids(page) == want
    # The card names the features the family asked for.
    title = next(f["title"] for f in TAXONOMY["venue_features"] if f["id"] == one)
    assert title in page.locator("[data-ord-finder-results] > li").first.inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_nearest_first_from_a_district(page_at, viewport: str) -> None:
    assert DISTRICTS, "the example lists no postcode districts"
    district = sorted(DISTRICTS)[1 if len(DISTRICTS) > 1 else 0]
    want = nearest_first(ORDER, district)
    near = [sid for sid, miles in want if miles is not None and not wide(RAW[sid])]
    assert len(near) >= 2, "fewer than two services have a venue to measure from"
    page = page_at(f"/local-offer/?sort=distance#near={district}", viewport)
    wait_for_status(page, f"Nearest to {district} first.")
    assert shown_ids(page) == [sid for sid, _ in want]
    miles = want[0][1]
    words = "less than a mile" if miles < 1 else f"about {round(miles)} mile"
    assert words in page.locator("[data-ord-finder-results] > li").first.inner_text()
    # The area stays out of the query string: no request carries it.
    assert not any(district in u.split("#")[0] for u in page.requests)


def test_a_typed_postcode_picks_its_district(page_at) -> None:
    district = sorted(DISTRICTS)[0]
    page = page_at("/local-offer/?sort=distance")
    page.fill("#ord-postcode", f"{district.lower()} 9zz")
    page.keyboard.press("Enter")
    wait_for_status(page, f"Nearest to {district} first.")
    assert shown_ids(page) == [sid for sid, _ in nearest_first(ORDER, district)]
    assert "#near" not in page.url and district not in page.url  # not shared unless asked


def test_a_typo_offers_the_word_the_index_knows(page_at) -> None:
    assert expected("autism"), "no service mentions autism"
    page = page_at("/local-offer/?query=autsim")
    wait_for_status(page, "No services match \u201cautsim\u201d")
    suggestion = page.get_by_role("link", name="autism", exact=True)
    suggestion.click()
    wait_for_status(page, f"{len(expected('autism'))} services found for \u201cautism\u201d")


def _filters() -> list[tuple[str, str, list[str]]]:
    """Single filters over the 'holiday' services: (parameter, value, services it leaves)."""
    found = []
    needs = {n for s in HOLIDAY if isinstance(RAW[s].get("needs"), list)
             for n in RAW[s]["needs"] if n != "all"}
    for need in sorted(needs):
        found.append(("need", need, [s for s in HOLIDAY if serves(RAW[s], "needs", need)]))
    for age in range(26):
        found.append(("age", str(age), [s for s in HOLIDAY if for_age(RAW[s], age)]))
    for kind, field in (("place", "places"), ("type", "types")):
        for term in TAXONOMY[{"place": "places", "type": "service_types"}[kind]]:
            found.append((kind, term["id"], [s for s in HOLIDAY if serves(RAW[s], field,
                                                                          term["id"])]))
    return [f for f in found if f[2]]


def _dead_end() -> tuple[tuple[str, str, list[str]], tuple[str, str, list[str]]]:
    """Two filters of different kinds that find nothing together with 'holiday', though each
    finds some alone."""
    filters = _filters()
    for a in filters:
        for b in filters:
            if a[0] < b[0] and not set(a[2]) & set(b[2]):
                return a, b
    raise AssertionError("no dead end in the example to test")


def test_zero_results_offer_a_way_out(page_at) -> None:
    a, b = _dead_end()
    page = page_at(f"/local-offer/?query=holiday&{a[0]}={a[1]}&{b[0]}={b[1]}", "phone")
    wait_for_status(page, "No services match")
    for kept, removed in ((a, b), (b, a)):
        chip = page.locator(f"[data-ord-chips] button[data-name='{removed[0]}']")
        words = " ".join(chip.text_content().replace("\u00d7", "").split())
        label = words.removeprefix("Remove ")  # "Need: Autism"
        n = len(kept[2])
        noun = "service" if n == 1 else "services"
        button = page.locator("[data-ord-none-list] button").filter(
            has_text=f"Remove {label}: {n} {noun}")
        assert button.count() == 1, page.locator("[data-ord-none-list]").inner_text()
    phone = help_phone()
    assert page.locator(f"[data-ord-help] a[href='tel:{phone.replace(' ', '')}']").is_visible()
    page.locator("[data-ord-none-list] button").first.click()
    wait_for_status(page, "service")
    assert len(shown_ids(page)) in (len(a[2]), len(b[2]))


# Each state: its address, a control to open (if closed), and what must show in that state.
STATES = {
    "filters open": (JOURNEY["url"], "[data-ord-toggle]", "#ord-need-autism"),
    "chips": (JOURNEY["url"], None, "[data-ord-chips] button"),
    "zero results": ("/local-offer/?query=autsim&need=autism", None, "[data-ord-none] a"),
    "distance sort": ("/local-offer/?sort=distance#near=" + quote(sorted(DISTRICTS)[0]), None,
                      "#ord-district"),
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_nothing_in_each_new_state(page_at, state: str, viewport: str) -> None:
    url, click, shows = STATES[state]
    page = page_at(url, viewport)
    page.wait_for_function(
        "() => document.querySelector('[data-ord-finder-status]').textContent.length > 0")
    if click and page.get_attribute(click, "aria-expanded") == "false":
        page.click(click)
    assert page.locator(shows).first.is_visible(), f"the page is not in the state {state!r}"
    violations = run_axe(page)
    assert violations == [], describe(violations)
    origin = page.url.split("/local-offer/")[0]
    assert all(u.startswith(origin) for u in page.requests), page.requests


def test_back_to_your_results_restores_the_search(page_at) -> None:
    page = page_at(JOURNEY["url"])
    wait_for_status(page, "with your filters")
    first = page.locator("[data-ord-finder-results] h2 a").first
    assert "#from=" in first.get_attribute("href") and "?" not in first.get_attribute("href")
    first.click()
    page.wait_for_load_state("networkidle")
    back = page.get_by_role("link", name="Back to your results")
    back.click()
    wait_for_status(page, "with your filters")
    assert sorted(shown_ids(page)) == sorted(JOURNEY["want"])
    assert page.is_checked("#ord-need-autism") and page.input_value("#ord-q") == "holiday"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_header_search_hands_over_with_a_full_size_button(page_at, viewport: str) -> None:
    page = page_at("/", viewport)
    opener = "label.md-header__button[for=__search]" if viewport == "phone" \
        else ".md-search__input"
    page.locator(opener).first.click()
    page.locator("[data-md-component=search-query]").fill("holiday")
    link = page.get_by_role("link", name="Search the Local Offer for \u201choliday\u201d")
    link.wait_for()
    box = link.bounding_box()
    assert box["height"] >= 44
    panel = page.locator(".md-search__scrollwrap").bounding_box()
    assert box["width"] >= panel["width"] - 2 * 20  # the width of the results, bar its padding
    first = page.locator(".md-search__scrollwrap > *:not([hidden])").first
    assert first.evaluate("e => e.classList.contains('ord-search-offer')")
