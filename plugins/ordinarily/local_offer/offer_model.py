"""The Local Offer as one immutable model: services, organisations, their taxonomy, feedback.

Every object that has a counterpart in Open Referral UK carries `oruk`: the id it had in a feed
it was imported from, and every feed field this model has no place for, so that an export writes
them back unchanged. Content written by hand has an empty `oruk`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ALL = "all"  # needs, phases or places: the service is open to every one
NOT_STATED = "not stated"  # what a service file says for a fact its source does not give
# The fields a service file may give as `not stated`, as the file names them; the model holds
# each such value as None, never as a default.
MAY_BE_NOT_STATED = ("needs", "ages", "phases", "types", "audiences", "places", "free",
                     "access.self_referral", "access.diagnosis_needed", "access.how", "contact",
                     "reviewed")
LISTED_STATUSES = ("active", "temporarily-closed")  # inactive and defunct services are not shown
Extras = Mapping[str, Any]


@dataclass(frozen=True)
class OfferTerm:
    """A service type, an audience, a place, a funding route or a venue feature."""

    id: str
    title: str
    summary: str
    formerly: tuple[str, ...] = ()
    oruk: Extras = field(default_factory=dict)
    phrase: str = ""  # funding only: how a price sentence names it ("paid from a ... grant")
    guide_readers: bool = False  # an audience: the guide's own readers (need pages rank first)


@dataclass(frozen=True)
class District:
    """A postcode district (outcode, e.g. 'AN2') and its centre, for sorting by distance."""

    id: str
    title: str
    latitude: float
    longitude: float
    summary: str = ""
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferTaxonomy:
    service_types: tuple[OfferTerm, ...]
    audiences: tuple[OfferTerm, ...]
    places: tuple[OfferTerm, ...]
    funding: tuple[OfferTerm, ...] = ()
    venue_features: tuple[OfferTerm, ...] = ()
    districts: tuple[District, ...] = ()

    def facet(self, name: str) -> tuple[OfferTerm, ...]:
        return getattr(self, name)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    description: str
    website: str = ""
    email: str = ""
    phone: str = ""
    oruk: Extras = field(default_factory=dict)


@dataclass(frozen=True)
class Address:
    street: str
    town: str
    postcode: str
    county: str = ""
    country: str = "GB"


@dataclass(frozen=True)
class Location:
    name: str
    address: Address | None = None
    online: bool = False
    accessibility: str = ""
    latitude: float | None = None
    longitude: float | None = None
    oruk: Extras = field(default_factory=dict)
    features: tuple[str, ...] = ()  # venue feature ids from the taxonomy


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    oruk: Extras = field(default_factory=dict)


@dataclass(frozen=True)
class Cost:
    option: str
    amount: float | None = None
    description: str = ""
    oruk: Extras = field(default_factory=dict)
    unit: str = ""  # session, hour, day, week, month, term, year, visit, course; "": not stated


DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PERIODS = ("term-time", "school-holidays", "all-year")


@dataclass(frozen=True)
class Schedule:
    description: str
    oruk: Extras = field(default_factory=dict)
    days: tuple[str, ...] = ()  # DAYS, in week order; (): not stated
    opens: str = ""  # "HH:MM", 24-hour; "": not stated
    closes: str = ""
    period: str = ""  # PERIODS; "": not stated


@dataclass(frozen=True)
class Access:
    self_referral: bool | None  # None: not stated
    diagnosis_needed: bool | None  # None: not stated
    how: str | None  # Markdown; None: not stated
    waiting_time: str = ""
    eligibility: str = ""

    @property
    def open(self) -> bool:
        """No referral and no diagnosis needed: a family can simply get in touch. False unless
        both are stated."""
        return self.self_referral is True and self.diagnosis_needed is False


@dataclass(frozen=True)
class ContactRoute:
    phone: str = ""
    email: str = ""
    website: str = ""
    text: str = ""


@dataclass(frozen=True)
class Service:
    id: str
    source: str  # the file, relative to the project root
    name: str
    organisation: str
    status: str
    summary: str
    description: str
    needs: tuple[str, ...] | None  # need ids, or (ALL,); None: not stated
    age_from: int | None  # None (and age_to None): not stated
    age_to: int | None
    phases: tuple[str, ...] | None  # phase ids, or (ALL,); None: not stated
    types: tuple[str, ...] | None  # None: not stated (so too audiences, places)
    audiences: tuple[str, ...] | None
    places: tuple[str, ...] | None  # place ids, or (ALL,)
    free: bool | None  # None: not stated
    access: Access
    contact: ContactRoute | None  # None: not stated
    reviewed: date | None  # None: not stated
    alert: str = ""
    costs: tuple[Cost, ...] = ()
    contacts: tuple[Contact, ...] = ()
    locations: tuple[Location, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    languages: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    oruk: Extras = field(default_factory=dict)
    funding: tuple[str, ...] = ()  # funding route ids from the taxonomy

    @property
    def listed(self) -> bool:
        return self.status in LISTED_STATUSES

    def serves(self, facet: str, term_id: str) -> bool:
        """Whether the service is for a need, phase or place (or type or audience); never
        when the service does not state it."""
        values = getattr(self, facet)
        return values is not None and (ALL in values or term_id in values)

    def for_age(self, age: int) -> bool:
        """Whether the service's stated age range holds `age` (never when not stated)."""
        return self.age_from is not None and self.age_to is not None \
            and self.age_from <= age <= self.age_to

    @property
    def not_stated(self) -> tuple[str, ...]:
        """The fields the service's file gives as `not stated` (MAY_BE_NOT_STATED's names)."""
        values = {"needs": self.needs, "ages": self.age_from, "phases": self.phases,
                  "types": self.types,
                  "audiences": self.audiences, "places": self.places, "free": self.free,
                  "access.self_referral": self.access.self_referral,
                  "access.diagnosis_needed": self.access.diagnosis_needed,
                  "access.how": self.access.how, "contact": self.contact,
                  "reviewed": self.reviewed}
        return tuple(f for f in MAY_BE_NOT_STATED if values[f] is None)


@dataclass(frozen=True)
class FeedbackEntry:
    """One 'You said, we did' entry."""

    id: str
    title: str
    received: date
    sources: tuple[str, ...]  # parents-carers, children-young-people, practitioners
    heard: str
    did: str
    status: str
    responded: date
    services: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()  # paths below content/


@dataclass(frozen=True)
class Feedback:
    intro: str
    reviewed: date
    owner: str
    entries: tuple[FeedbackEntry, ...]

    def about(self, kind: str, item_id: str) -> tuple[FeedbackEntry, ...]:
        """Entries that changed a service, a need or a page."""
        return tuple(e for e in self.entries if item_id in getattr(e, kind))


@dataclass(frozen=True)
class LocalOffer:
    taxonomy: OfferTaxonomy
    organisations: Mapping[str, Organisation]
    services: tuple[Service, ...]  # every service, sorted by name then id
    feedback: Feedback | None = None

    @property
    def listed(self) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.listed)

    def for_need(self, need_id: str) -> tuple[Service, ...]:
        return tuple(s for s in self.listed if s.serves("needs", need_id))
