"""The words service pages and finder cards share, written out by hand in each test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer import offer_words as ow

TAXONOMY = o.OfferTaxonomy(
    service_types=(), audiences=(),
    places=(o.OfferTerm("riverside", "Riverside", ""), o.OfferTerm("mill-end", "Mill End", "")),
    funding=(o.OfferTerm("holiday-food-programme", "Holiday food programme", "",
                         phrase="free with a holiday food programme code"),
             o.OfferTerm("short-breaks-grant", "Short breaks grant", "",
                         phrase="paid from a short breaks grant"),
             o.OfferTerm("personal-budget", "Personal budget", ""),
             o.OfferTerm("dla", "DLA mobility component", "")),
    venue_features=(o.OfferTerm("step-free", "Step-free access", ""),),
    districts=(o.District("AN2", "Riverside and Mill End", 52.5, -1.5),))
OFFER = o.LocalOffer(taxonomy=TAXONOMY, organisations={}, services=())
SERVICE = o.Service(
    id="play", source="", name="Play", organisation="", status="active", summary="",
    description="", needs=("all",), age_from=5, age_to=11, phases=("all",), types=(),
    audiences=(), places=("riverside",), free=False,
    access=o.Access(self_referral=True, diagnosis_needed=False, how="Ring."),
    contact=o.ContactRoute(phone="01632 960000"), reviewed=None)


def priced(free: bool | None, *costs: o.Cost, funding: tuple[str, ...] = ()) -> str:
    return ow.price_words(replace(SERVICE, free=free, costs=costs, funding=funding), TAXONOMY)


def test_price_words() -> None:
    assert priced(True) == "Free"
    assert priced(None) == "Not stated: ask the service"
    assert priced(False, o.Cost("Per day", 8, unit="day")) == "£8 a day"
    assert priced(False, o.Cost("Per session", 12.5, unit="session")) == "£12.50 a session"
    assert priced(False, o.Cost("Term", 40, unit="term")) == "£40 a term"
    assert priced(False, o.Cost("Per hour", 10, unit="hour")) == "£10 an hour"
    assert priced(False, o.Cost("Ten-week course", 30)) == "£30 (ten-week course)"
    assert priced(False, o.Cost("Places")) == "There is a charge (places)"
    assert priced(False) == "There is a charge"
    assert priced(False, o.Cost("Per day", 8, unit="day"), o.Cost("Per week", 35, unit="week")) \
        == "£8 a day; £35 a week"


def test_price_words_with_funding_routes() -> None:
    assert priced(False, o.Cost("Per day", 8, unit="day"),
                  funding=("holiday-food-programme", "short-breaks-grant")) == (
        "£8 a day; free with a holiday food programme code or paid from a short breaks grant")
    assert priced(False, funding=("personal-budget", "dla")) == (
        "There is a charge; can be paid for with personal budget or can be paid for with "
        "DLA mobility component")
    assert priced(None, funding=("short-breaks-grant",)) == (
        "Not stated: ask the service; paid from a short breaks grant")
    assert priced(True, funding=("short-breaks-grant",)) == "Free"


def test_no_price_says_see_cost() -> None:
    for free in (True, False, None):
        assert "see cost" not in priced(free, o.Cost("Places")).lower()


@pytest.mark.parametrize("schedule, words", [
    (o.Schedule("Tue and Thu", days=("tuesday", "thursday"), opens="10:00", closes="15:00",
                period="school-holidays"),
     "Tuesdays and Thursdays, 10am to 3pm, school holidays"),
    (o.Schedule("Weekdays", days=("monday", "tuesday", "wednesday", "thursday", "friday"),
                opens="15:30", closes="17:30", period="term-time"),
     "Monday to Friday, 3:30pm to 5:30pm, term time"),
    (o.Schedule("Sat", days=("saturday",), opens="09:30", closes="12:00"),
     "Saturdays, 9:30am to noon"),
    (o.Schedule("All week", days=o.DAYS, period="all-year"), "Every day, all year"),
    (o.Schedule("Mon Wed Thu Fri", days=("monday", "wednesday", "thursday", "friday"),
                opens="18:00"), "Mondays and Wednesday to Friday, from 6pm"),
    (o.Schedule("Saturdays, 9.30am to 11am, in school term time."),
     "Saturdays, 9.30am to 11am, in school term time."),
])
def test_schedule_words(schedule: o.Schedule, words: str) -> None:
    assert ow.schedule_words(schedule) == words


def test_place_words() -> None:
    assert ow.place_words(SERVICE, OFFER, "Anytown") == "Riverside"
    assert ow.place_words(replace(SERVICE, places=("riverside", "mill-end")), OFFER,
                          "Anytown") == "Riverside and Mill End"
    assert ow.place_words(replace(SERVICE, places=("all",)), OFFER, "Anytown") == \
        "Across Anytown"
    assert ow.place_words(replace(SERVICE, places=None), OFFER, "Anytown") == "Not stated"
    online = replace(SERVICE, places=("all",), locations=(o.Location("Online", online=True),))
    assert ow.place_words(online, OFFER, "Anytown") == "Online"


def timed(*schedules: o.Schedule) -> o.Service:
    return replace(SERVICE, schedules=schedules)


def test_when_values_come_from_structured_schedules_only() -> None:
    after_school = o.Schedule("x", days=("wednesday",), opens="15:30", closes="17:00",
                              period="term-time")
    assert ow.when_values(timed(after_school)) == {"after-school"}
    assert ow.when_values(timed(replace(after_school, opens="15:00"))) == {"after-school"}
    assert ow.when_values(timed(replace(after_school, opens="14:59"))) == set()
    assert ow.when_values(timed(replace(after_school, opens="19:00"))) == set()
    assert ow.when_values(timed(replace(after_school, opens=""))) == set()
    assert ow.when_values(timed(replace(after_school, period="school-holidays"))) == \
        {"school-holidays"}
    assert ow.when_values(timed(replace(after_school, period="all-year"))) == \
        {"after-school", "school-holidays"}
    assert ow.when_values(timed(o.Schedule("x", days=("sunday",), opens="16:00"))) == \
        {"weekends"}
    assert ow.when_values(timed(o.Schedule("After school on weekdays and at weekends, "
                                           "in the school holidays"))) == set()
    assert ow.when_values(timed()) == set()


def test_service_days() -> None:
    service = timed(o.Schedule("a", days=("monday", "friday")),
                    o.Schedule("b", days=("friday", "saturday")), o.Schedule("Tuesdays"))
    assert ow.service_days(service) == {"monday", "friday", "saturday"}
    assert ow.service_days(timed(o.Schedule("Every day"))) == set()


def test_location_point() -> None:
    own = o.Location("A", address=o.Address("1 Lane", "Anytown", "AN2 4RL"), latitude=52.1,
                     longitude=-1.1)
    assert ow.location_point(own, TAXONOMY) == (52.1, -1.1)
    assert ow.location_point(replace(own, latitude=None, longitude=None), TAXONOMY) == \
        (52.5, -1.5)
    assert ow.location_point(replace(own, latitude=None, longitude=None,
                                     address=o.Address("1 Lane", "Anytown", "an24rl")),
                             TAXONOMY) == (52.5, -1.5)
    assert ow.location_point(replace(own, latitude=None, longitude=None,
                                     address=o.Address("1 Lane", "Anytown", "AN20 4RL")),
                             TAXONOMY) is None
    assert ow.location_point(o.Location("Online", online=True), TAXONOMY) is None
