"""The Anytown example's Local Offer tests the finder honestly (issue 24, point 7).

Everything here is worked out from the example's YAML with PyYAML and this module's own code,
never through the engine, so a finder bug cannot make these checks pass.
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import combinations
from pathlib import Path

import pytest
import yaml

OFFER = Path(__file__).resolve().parent.parent / "example" / "local-offer"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
DAYS = WEEKDAYS + ("saturday", "sunday")
PERIODS = ("term-time", "school-holidays", "all-year")
UNITS = ("session", "hour", "day", "week", "month", "term", "year", "visit", "course")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
EARTH_MILES = 3958.8


@cache
def services() -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((OFFER / "services").glob("*.yml"))}


@cache
def taxonomy() -> dict:
    return yaml.safe_load((OFFER / "taxonomy.yml").read_text(encoding="utf-8"))


def ids(key: str) -> set[str]:
    return {item["id"] for item in taxonomy().get(key, [])}


def serves(service: dict, need: str) -> bool:
    needs = service["needs"]
    return needs == "all" or (isinstance(needs, list) and need in needs)


def located(service: dict) -> list[dict]:
    return [loc for loc in service.get("locations") or [] if loc.get("address")]


def outcode(location: dict) -> str:
    return location["address"]["postcode"].split()[0].upper()


def structured(schedule: dict) -> bool:
    return any(schedule.get(key) for key in ("days", "opens", "closes", "period"))


def when(service: dict) -> set[str]:
    """The finder's derived 'when' values, as docs/local-offer.md defines them."""
    found = set()
    for item in service.get("schedules") or []:
        days, period, opens = set(item.get("days") or ()), item.get("period", ""), item.get("opens")
        if (days & set(WEEKDAYS) and period != "school-holidays" and opens
                and "15:00" <= opens < "19:00"):
            found.add("after-school")
        if days & {"saturday", "sunday"}:
            found.add("weekends")
        if period in ("school-holidays", "all-year"):
            found.add("school-holidays")
    return found


def free_or_funded(service: dict, routes: set[str]) -> bool:
    return service["free"] is True or bool(set(service.get("funding") or ()) & routes)


def for_age(service: dict, age: int) -> bool:
    ages = service["ages"]
    return isinstance(ages, dict) and ages["from"] <= age <= ages["to"]


def haversine(a: dict, b: dict) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["latitude"], a["longitude"],
                                                b["latitude"], b["longitude"]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_MILES * math.asin(math.sqrt(h))


# --- needs and places narrow the finder -------------------------------------------------------


def test_autism_is_on_at_most_a_third_of_services() -> None:
    tagged = [sid for sid, s in services().items() if serves(s, "autism")]
    assert 3 * len(tagged) <= len(services()), f"{len(tagged)} of {len(services())}: {tagged}"


def test_all_needs_is_rare() -> None:
    every = sorted(sid for sid, s in services().items() if s["needs"] == "all")
    assert 20 * len(every) <= len(services()), every
    assert "sendiass-helpline" in every and "family-information-service" in every


def test_about_a_third_of_services_cover_the_whole_borough() -> None:
    wide = [sid for sid, s in services().items() if s["places"] == "all"]
    assert len(services()) <= 4 * len(wide) and 5 * len(wide) <= 2 * len(services()), len(wide)


# --- venues, districts and times --------------------------------------------------------------


def test_every_venue_with_an_address_has_features_and_a_listed_district() -> None:
    features, districts = ids("venue_features"), ids("postcode_districts")
    for sid, service in services().items():
        for location in located(service):
            where = f"{sid}: {location['name']}"
            assert location.get("features"), where
            assert set(location["features"]) <= features, where
            assert outcode(location) in districts, where


@pytest.mark.parametrize("feature, words", [("changing-places", "changing places"),
                                            ("hearing-loop", "hearing loop"),
                                            ("sensory-room", "sensory room")])
def test_features_agree_with_the_venue_s_own_words(feature: str, words: str) -> None:
    for sid, service in services().items():
        for location in located(service):
            said = words in (location.get("accessibility") or "").lower()
            assert (feature in location["features"]) == said, f"{sid}: {location['name']}"


def test_districts_are_close_together_and_every_place_has_one() -> None:
    districts = taxonomy()["postcode_districts"]
    assert all(re.fullmatch(r"AN[0-9]", d["id"]) for d in districts)
    assert max(haversine(a, b) for a, b in combinations(districts, 2)) <= 10.5
    for place in (p["id"] for p in taxonomy()["places"]):
        venues = [loc for s in services().values() if isinstance(s["places"], list)
                  and place in s["places"] for loc in located(s)]
        assert venues, place


def test_a_service_s_venues_are_in_the_places_it_lists() -> None:
    """Written out from the place summaries in the taxonomy and the district titles."""
    place_of = {"AN1": "anytown-central", "AN2": "riverside", "AN3": "north-anytown",
                "AN4": "east-anytown", "AN5": "east-anytown", "AN6": "bramley",
                "AN8": "bramley", "AN7": "westmoor", "AN9": "westmoor"}
    for sid, service in services().items():
        if isinstance(service["places"], list):
            venues = {place_of[outcode(loc)] for loc in located(service)}
            assert venues <= set(service["places"]), sid


def test_a_step_free_changing_places_venue_is_in_more_than_one_district() -> None:
    found = {outcode(loc) for s in services().values() for loc in located(s)
             if {"step-free", "changing-places"} <= set(loc["features"])}
    assert len(found) >= 2, found


def test_every_service_with_a_venue_has_structured_times() -> None:
    missing = [sid for sid, s in services().items()
               if located(s) and not any(structured(x) for x in s.get("schedules") or [])]
    assert missing == []


def test_structured_times_are_well_formed_and_keep_their_description() -> None:
    for sid, service in services().items():
        for item in service.get("schedules") or []:
            assert item.get("description"), sid
            assert set(item.get("days") or ()) <= set(DAYS), sid
            assert item.get("period", "term-time") in PERIODS, sid
            opens, closes = item.get("opens"), item.get("closes")
            for value in (opens, closes):
                assert value is None or TIME.match(value), (sid, value)
            if opens and closes:
                assert opens < closes, sid


@pytest.mark.parametrize("value", ["after-school", "weekends", "school-holidays"])
def test_each_when_value_narrows_the_results(value: str) -> None:
    matched = [sid for sid, s in services().items() if value in when(s)]
    assert 3 <= len(matched) < len(services()) // 2, (value, matched)


def test_some_services_run_on_weekdays_only() -> None:
    weekday_only = [sid for sid, s in services().items()
                    if (days := {d for x in s.get("schedules") or [] for d in x.get("days") or ()})
                    and days <= set(WEEKDAYS)]
    assert len(weekday_only) >= 3


@pytest.mark.parametrize("feature", ["step-free", "changing-places", "quiet-space",
                                     "hearing-loop", "bsl", "parking"])
def test_each_venue_feature_narrows_the_results(feature: str) -> None:
    matched = [sid for sid, s in services().items()
               if any(feature in loc["features"] for loc in located(s))]
    assert 1 <= len(matched) < len(services()), feature


# --- what it costs ----------------------------------------------------------------------------


def test_charges_give_a_unit_and_funding_routes_are_listed() -> None:
    routes = ids("funding")
    assert all(item.get("phrase") for item in taxonomy()["funding"])
    for sid, service in services().items():
        assert set(service.get("funding") or ()) <= routes, sid
        if service["free"] is False:
            for cost in service.get("costs") or []:
                if cost.get("amount"):
                    assert cost.get("unit") in UNITS, (sid, cost["option"])
        else:
            assert not service.get("funding"), sid


# --- the parent's journey: "my 8-year-old is autistic; free holiday activities near us?" --------


def test_the_summer_play_scheme_is_as_the_issue_describes() -> None:
    scheme = services()["holiday-play-scheme-summer"]
    assert serves(scheme, "autism") and scheme["needs"] != "all" and for_age(scheme, 8)
    assert scheme["free"] is False
    assert [(c["amount"], c["unit"]) for c in scheme["costs"]] == [(8, "day")]
    assert {"holiday-food-programme", "short-breaks-grant"} <= set(scheme["funding"])
    assert {x["period"] for x in scheme["schedules"]} == {"school-holidays"}


def test_the_holiday_club_is_funded_through_a_short_breaks_plan() -> None:
    club = services()["holiday-short-breaks-specialist-club"]
    assert serves(club, "autism") and for_age(club, 8) and club["free"] is False
    assert "short-breaks-plan" in club["funding"]
    assert {x["period"] for x in club["schedules"]} == {"school-holidays"}


def test_the_food_programme_and_the_young_carers_group_are_free() -> None:
    food = services()["holiday-activities-and-food-programme"]
    assert food["free"] is True and "free school meals" in food["access"]["eligibility"]
    assert {x["period"] for x in food["schedules"]} == {"school-holidays"}
    carers = services()["young-carers-group"]
    assert carers["free"] is True and for_age(carers, 8)


def test_the_journey_finds_the_services_that_fit() -> None:
    """Autism, age 8, school holidays: 'Free only' hides the two that fit; 'Free, or can be
    funded' with the holiday food programme and short breaks routes shows them."""
    def found(routes: set[str]) -> set[str]:
        return {sid for sid, s in services().items()
                if serves(s, "autism") and for_age(s, 8) and "school-holidays" in when(s)
                and free_or_funded(s, routes)}

    free_only = found(set())
    assert "holiday-play-scheme-summer" not in free_only
    assert "holiday-short-breaks-specialist-club" not in free_only
    assert found({"holiday-food-programme", "short-breaks-grant", "short-breaks-plan"}) == (
        free_only | {"holiday-play-scheme-summer", "holiday-short-breaks-specialist-club"})
    assert free_only == {"holiday-activities-and-food-programme",
                         "overnight-short-breaks-oakfield-house"}
