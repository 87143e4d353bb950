"""The words service pages and finder cards share: price and funding, times, place, and the
values the finder derives from structured schedules and venues.

Nothing here guesses: a fact the service's file does not give stays "not stated" (or, for the
derived values, matches nothing).
"""

from __future__ import annotations

from ordinarily.core.rendering import joined, lower_first
from ordinarily.local_offer import offer_model as o

NOT_STATED_WORDS = "Not stated: ask the service"
WEEKDAYS = o.DAYS[:5]
WEEKEND = ("saturday", "sunday")
PERIOD_WORDS = {"term-time": "term time", "school-holidays": "school holidays",
                "all-year": "all year"}
AFTER_SCHOOL = ("15:00", "19:00")  # opens at or after the first, before the second


def money(amount: float) -> str:
    """8 -> '£8', 12.5 -> '£12.50'."""
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def amount_words(cost: o.Cost) -> str:
    """The amount alone: '£8 a day', '£30', 'Free'; '' when the cost gives no amount."""
    if cost.amount is None:
        return ""
    if cost.amount == 0:
        return "Free"
    if cost.unit:
        return f"{money(cost.amount)} a{'n' if cost.unit == 'hour' else ''} {cost.unit}"
    return money(cost.amount)


def cost_words(cost: o.Cost) -> str:
    """One cost option in words: '£8 a day', '£8 (per day)', 'There is a charge (places)'."""
    option = f" ({lower_first(cost.option)})" if cost.option else ""
    if cost.amount is not None and cost.amount > 0 and cost.unit:
        return amount_words(cost)
    return f"{amount_words(cost) or 'There is a charge'}{option}"


def funding_words(service: o.Service, taxonomy: o.OfferTaxonomy) -> str:
    """The service's funding routes: 'free with a ... code or paid from a short breaks grant'."""
    terms = {t.id: t for t in taxonomy.funding}
    phrases = [terms[f].phrase or f"can be paid for with {lower_first(terms[f].title)}"
               for f in service.funding if f in terms]
    return joined(phrases, "or")


def price_words(service: o.Service, taxonomy: o.OfferTaxonomy) -> str:
    """'Free'; '£8 a day; free with a holiday food programme code'; 'There is a charge';
    'Not stated: ask the service'."""
    if service.free is True:
        return "Free"
    if service.free is None:
        parts = [NOT_STATED_WORDS]
    else:
        parts = [cost_words(c) for c in service.costs] or ["There is a charge"]
    routes = funding_words(service, taxonomy)
    return "; ".join(parts + ([routes] if routes else []))


def time_words(hhmm: str) -> str:
    """'10:00' -> '10am', '15:30' -> '3:30pm', '12:00' -> 'noon', '00:00' -> 'midnight'."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    if minutes == 0 and hours in (0, 12):
        return "midnight" if hours == 0 else "noon"
    suffix = "am" if hours < 12 else "pm"
    shown = hours % 12 or 12
    return f"{shown}{suffix}" if minutes == 0 else f"{shown}:{minutes:02d}{suffix}"


def days_words(days: tuple[str, ...]) -> str:
    """('tuesday', 'thursday') -> 'Tuesdays and Thursdays'; a run of three or more is
    'Monday to Friday'; all seven are 'Every day'."""
    if len(days) == len(o.DAYS):
        return "Every day"
    runs: list[list[str]] = []
    for day in days:
        if runs and o.DAYS.index(day) == o.DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{run[0].title()} to {run[-1].title()}")
        else:
            words += [f"{d.title()}s" for d in run]
    return joined(words)


def hours_words(schedule: o.Schedule) -> str:
    if schedule.opens and schedule.closes:
        return f"{time_words(schedule.opens)} to {time_words(schedule.closes)}"
    if schedule.opens:
        return f"from {time_words(schedule.opens)}"
    if schedule.closes:
        return f"until {time_words(schedule.closes)}"
    return ""


def schedule_words(schedule: o.Schedule) -> str:
    """'Tuesdays and Thursdays, 10am to 3pm, school holidays'; the description as written
    when the schedule gives no days."""
    if not schedule.days:
        return schedule.description
    parts = [days_words(schedule.days), hours_words(schedule),
             PERIOD_WORDS.get(schedule.period, "")]
    return ", ".join(p for p in parts if p)


def place_words(service: o.Service, offer: o.LocalOffer, council_short_name: str) -> str:
    """'Riverside', 'Riverside and Mill End', 'Across Anytown', 'Online', or 'Not stated'."""
    if service.locations and all(loc.online and loc.address is None
                                 for loc in service.locations):
        return "Online"
    if service.places is None:
        return "Not stated"
    if o.ALL in service.places:
        return f"Across {council_short_name}"
    titles = {t.id: t.title for t in offer.taxonomy.places}
    return joined([titles.get(p, p) for p in service.places])


def service_days(service: o.Service) -> set[str]:
    """The days any of the service's schedules names (none when no schedule gives days)."""
    return {day for s in service.schedules for day in s.days}


def _after_school(schedule: o.Schedule) -> bool:
    return (any(d in WEEKDAYS for d in schedule.days) and schedule.period != "school-holidays"
            and AFTER_SCHOOL[0] <= schedule.opens < AFTER_SCHOOL[1])


def when_values(service: o.Service) -> set[str]:
    """The finder's 'when' values (docs/local-offer.md): after-school, weekends,
    school-holidays. Derived from structured schedules only, never from their descriptions."""
    found = set()
    for s in service.schedules:
        if _after_school(s):
            found.add("after-school")
        if any(d in WEEKEND for d in s.days):
            found.add("weekends")
        if s.period in ("school-holidays", "all-year"):
            found.add("school-holidays")
    return found


def outcode(postcode: str) -> str:
    """'AN2 3CD' -> 'AN2'; 'an23cd' -> 'AN2' (the inward code is always three characters)."""
    compact = postcode.replace(" ", "").upper()
    return compact[:-3] if len(compact) > 3 else ""


def location_district(location: o.Location, taxonomy: o.OfferTaxonomy) -> o.District | None:
    """The council's postcode district the location's postcode is in, if the taxonomy lists it."""
    if location.address is None:
        return None
    code = outcode(location.address.postcode)
    return next((d for d in taxonomy.districts if d.id == code), None)


def location_point(location: o.Location,
                   taxonomy: o.OfferTaxonomy) -> tuple[float, float] | None:
    """(latitude, longitude): the location's own, else its district's centre, else None."""
    if location.latitude is not None and location.longitude is not None:
        return (location.latitude, location.longitude)
    district = location_district(location, taxonomy)
    return (district.latitude, district.longitude) if district else None
