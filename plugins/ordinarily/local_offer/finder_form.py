"""What the finder page's form lists beyond the guide's needs and the browse facets: the days,
"when" values, venue features, funding routes and postcode districts, and who a family can
contact when nothing is found. The data files are finder_index.py's concern."""

from __future__ import annotations

from typing import Any

from ordinarily.core.settings import Settings
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.finder_index import DAYS, WHEN

WHEN_TITLES = {"after-school": "After school", "weekends": "Weekends",
               "school-holidays": "School holidays"}


def finder_form(offer: o.LocalOffer, settings: Settings) -> dict[str, Any]:
    """The finder template's extra context: `filter_groups` (groups of checkboxes), `districts`
    and `help` (name, phone, email; the Local Offer's help line, else the council's contact)."""
    t = offer.taxonomy
    return {
        "filter_groups": [
            _group("day", "Days", [(d, d.capitalize()) for d in DAYS]),
            _group("when", "When", [(w, WHEN_TITLES[w]) for w in WHEN]),
            _group("feature", "The venue has", [(f.id, f.title) for f in t.venue_features]),
        ],
        "funding": [{"id": f.id, "title": f.title} for f in t.funding],
        "districts": [{"id": d.id, "title": d.title, "summary": d.summary} for d in t.districts],
        "help": _help(settings),
        "council": settings.council_short_name,
    }


def _group(name: str, legend: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {"name": name, "legend": legend,
            "options": [{"id": value, "title": title} for value, title in options]}


def _help(settings: Settings) -> dict[str, str]:
    found = settings.local_offer_help
    if found:
        return {"name": found.name, "phone": found.phone, "email": found.email}
    contact = settings.contact or {}
    return {"name": "", "phone": contact.get("phone", ""), "email": contact.get("email", "")}
