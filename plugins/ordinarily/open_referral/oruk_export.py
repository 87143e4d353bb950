"""The Local Offer as an Open Referral UK 3.0 (UK profile) feed of static JSON files.

`oruk_files` returns every file of the feed, keyed by its path below the site root
(`api/oruk/...`); the layout, the id rules and the mapping are documented in
docs/open-referral.md. Every object is the `oruk` extras it was imported with, overlaid with the
fields the model generates, so a feed imported by `oruk_import` and exported again keeps every
field and every id.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.offer_pages import browse_url
from ordinarily.open_referral.server_config import server_files

FEED_DIR = "api/oruk"
PAGE_SIZE = 50
VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
LISTS = ("services", "taxonomies", "taxonomy_terms", "service_at_locations")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # ids that can be a file name
STATUS_OUT = {"active": "active", "temporarily-closed": "temporarily closed",
              "inactive": "inactive", "defunct": "defunct"}
MIN_AGE, MAX_AGE = 0, 25
TERM_KEYS = ("id", "name", "description", "taxonomy", "taxonomy_id", "term", "parent_id",
             "term_uri")  # what the export writes in a term
# A term inside an attribute leaves these out (and /taxonomy_terms has the whole term).
EMBEDDED_LEAVE_OUT = ("term_uri", "parent_id", "taxonomy_id")
JSON = dict[str, Any]


@dataclass(frozen=True)
class FeedTaxonomy:
    """One of the taxonomies the feed publishes for the SEND fields the UK profile lacks."""

    key: str  # in ids: taxonomy/<key>, taxonomy_term/<key>/<code>
    name: str  # taxonomy_term.taxonomy: how an import recognises Ordinarily's attributes
    link_type: str
    description: str


TAXONOMIES = (
    FeedTaxonomy("needs", "SEND needs", "send_need",
                 "Areas of special educational need and the needs within them, as the "
                 "council's guide names them. A child term's parent is its area."),
    FeedTaxonomy("phases", "Education phases", "education_phase",
                 "The phases of education a service is for."),
    FeedTaxonomy("service-types", "Service types", "service_type",
                 "The council's own kinds of service in its Local Offer."),
    FeedTaxonomy("audiences", "Audiences", "audience", "Who a service is for."),
    FeedTaxonomy("places", "Places", "place",
                 "The council's own geography: the parts of its area a service covers."),
    FeedTaxonomy("access", "Access", "access",
                 "How a family gets the service: whether it can refer itself, whether a "
                 "diagnosis is needed, and whether the service is free. Each service has one "
                 "term of each pair."),
    FeedTaxonomy("details", "Service details", "service_detail",
                 "Facts in words that have no field of their own in the UK profile. The "
                 "attribute's `value` holds the text."),
)
BY_KEY = {t.key: t for t in TAXONOMIES}
FACET_KEYS = {"needs": "needs", "phases": "phases", "types": "service-types",
              "audiences": "audiences", "places": "places"}  # Service field -> taxonomy key
ALL_TERMS = {"needs": ("Any need", "Open to children and young people with any need."),
             "phases": ("Every phase", "Open to every phase of education."),
             "places": ("The whole area", "Open to families anywhere in the council's area.")}
ACCESS_PAIRS = {  # Access field -> (code when true, code when false)
    "self_referral": ("self-referral", "referral-needed"),
    "diagnosis_needed": ("diagnosis-needed", "no-diagnosis-needed"),
    "free": ("free", "charges-apply"),
}
ACCESS_TERMS = {
    "self-referral": ("Families can refer themselves",
                      "Families or young people can contact the service themselves."),
    "referral-needed": ("Referral needed", "Someone such as a school, GP or social worker "
                                           "needs to refer the child or young person."),
    "diagnosis-needed": ("Diagnosis needed", "The service needs a diagnosis first."),
    "no-diagnosis-needed": ("No diagnosis needed", "The service does not need a diagnosis."),
    "free": ("Free", "Families pay nothing."),
    "charges-apply": ("Charges apply", "There is a charge for some or all of the service: "
                                       "see its cost options."),
}
DETAIL_TERMS = {  # code -> (name, description); the attribute's value holds the text
    "summary": ("Summary", "One or two plain sentences about the service."),
    "how-to-access": ("How to access", "How to get the service: who can refer, what happens "
                                       "next."),
    "eligibility": ("Eligibility", "Who can use the service, beyond needs, ages and places."),
    "waiting-time": ("Waiting time", "The usual wait, in words."),
    "keyword": ("Keyword", "Another word families might search for."),
}
# A schedule's period has no field of its own in ORUK 3.0: it goes in the schedule's notes, in
# these words, which the import reads back (docs/open-referral.md).
PERIOD_NOTES = {"term-time": "Term time only", "school-holidays": "School holidays only",
                "all-year": "All year"}
BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
         "saturday": "SA", "sunday": "SU"}
DETAIL_FIELDS = (("summary", "summary"), ("how-to-access", "how"),
                 ("eligibility", "eligibility"), ("waiting-time", "waiting_time"))


def namespace(settings: Settings) -> uuid.UUID:
    """The council's namespace for UUID version 5 ids: `identifiers.namespace` in the settings,
    else one derived from the site's address."""
    given = (settings.raw.get("identifiers") or {}).get("namespace")
    if not given:
        return uuid.uuid5(uuid.NAMESPACE_URL, settings.site_url)
    try:
        return uuid.UUID(given)
    except ValueError:
        raise ContentError([Problem("ordinarily.yml", 0, f"identifiers: namespace '{given}' "
                                    "is not a UUID")]) from None


def overlay(extras: Mapping[str, Any], generated: Mapping[str, Any]) -> JSON:
    """The extras with the generated fields on top; objects inside both are overlaid in turn,
    and generated values that are empty (None, '') leave the extras alone."""
    if not extras:
        return {k: v for k, v in generated.items() if v is not None and v != ""}
    out = dict(extras)
    for key, value in generated.items():
        if value is None or value == "":
            continue
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = overlay(out[key], value)
        else:
            out[key] = value
    return out


def listed(extras: Mapping[str, Any], key: str) -> list:
    """A list in the extras ([] if there is none, or if it is not a list)."""
    value = extras.get(key)
    return value if isinstance(value, list) else []


def on_slot(slot: Mapping[str, Any], item: Mapping[str, Any]) -> JSON:
    """A generated item overlaid on the feed's extras for it; the feed's id wins if it is a
    UUID (else the generated one, derived from the record's own, stands)."""
    return overlay(slot, {**item, "id": slot["id"]} if is_uuid(slot.get("id")) else item)


UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and UUID_TEXT.fullmatch(value) is not None


ID_KEY = re.compile(r"(?:^|_)id$")  # id, service_id, link_id, taxonomy_term_id, ...


def with_uuids(ids: Ids, value: Any) -> Any:
    """A feed object whose ids and references to ids (kept from a feed whose ids are not
    UUIDs) are all UUIDs, derived as `Ids.source` derives them."""
    if isinstance(value, list):
        return [with_uuids(ids, v) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: ids.source(v) if ID_KEY.search(k) and _an_id(v) else with_uuids(ids, v)
            for k, v in value.items()}


def _an_id(value: Any) -> bool:
    return (isinstance(value, str) and value != "" and not is_uuid(value)) or (
        isinstance(value, int) and not isinstance(value, bool))


def model_age(value: Any, low: bool) -> int | None:
    """A feed's age as the model holds it: whole years from 0 to 25 (None if not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    whole = math.floor(value) if low else math.ceil(value)
    return min(MAX_AGE, max(MIN_AGE, whole))


def _age(extra: Any, value: int, low: bool) -> int | float:
    """The model's age, unless the feed's original still means the same (e.g. 100 -> 25)."""
    return extra if model_age(extra, low) == value else value


def slot_list(generated: Iterable[JSON | None], extras: Iterable[Any], key: str,
              defaults: Mapping[str, Any] | None = None) -> list:
    """A list where the model holds some items: each generated item is overlaid on the next
    extras item that lacks `key` (the rest of an item the model holds), over `defaults` (fields
    the feed may set otherwise); items that have `key` are the feed's own, which the model
    could not hold, and follow unchanged."""
    extras = list(extras)
    slots = [x for x in extras if isinstance(x, Mapping) and key not in x]
    out = []
    for item in generated:
        slot = slots.pop(0) if slots else {}
        if item is not None:
            out.append(on_slot({**(defaults or {}), **slot}, item))
    return out + [x for x in extras if not (isinstance(x, Mapping) and key not in x)]


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a text (at most `limit` characters, cut at a word), on one line."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    sentence = flat if end < 0 else flat[:end + 1]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False,
                       separators=(",", ":")) + "\n").encode("utf-8")


class Ids:
    """UUID version 5 ids under the council's namespace."""

    def __init__(self, ns: uuid.UUID) -> None:
        self.ns = ns
        self._hashed = hashlib.sha1(ns.bytes)  # the namespace, hashed once

    def of(self, *parts: str) -> str:
        """uuid.uuid5(self.ns, '/'.join(parts)), about twice as fast (thousands of services
        have hundreds of thousands of ids)."""
        hashed = self._hashed.copy()
        hashed.update("/".join(parts).encode())
        digest = bytearray(hashed.digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        h = digest.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def own(self, extras: Mapping[str, Any], *parts: str) -> str:
        """The id a record came with if it is a UUID (it always wins); a UUID derived from the
        record's own id if it is not one (`source`); else one derived from `parts`."""
        given = extras.get("id")
        if not given:
            return self.of(*parts)
        return self.source(given)

    def source(self, given: Any) -> str:
        """A feed's id as the export writes it: the id itself if it is a UUID, else
        uuid5(namespace, 'source/' + id) in the council's namespace, the same on every import
        and export (and so a reference to it, such as link_id, still matches). The service
        file keeps the feed's id in `oruk: id`."""
        return given if is_uuid(given) else self.of("source", str(given))


@dataclass
class Terms:
    """The feed's taxonomies and their terms, looked up by taxonomy key and term code."""

    ids: Ids
    site_url: str
    terms: dict[tuple[str, str], JSON] = field(default_factory=dict)
    short: dict[tuple[str, str], JSON] = field(default_factory=dict)

    def add(self, key: str, code: str, name: str, description: str,
            extras: Mapping[str, Any] | None = None, uri: str = "", parent: str = "") -> None:
        tax = BY_KEY[key]
        extras = extras or {}
        self.terms[key, code] = overlay(extras, {
            "id": self.ids.own(extras, "taxonomy_term", key, code), "name": name,
            "description": first_sentence(description) or name, "taxonomy": tax.name,
            "taxonomy_id": self.taxonomy_id(key), "term": code, "parent_id": parent,
            "term_uri": self.site_url + uri if uri else ""})

    def embedded(self, key: str, code: str) -> JSON:
        """The term as an attribute embeds it (the whole term is in /taxonomy_terms)."""
        if (key, code) not in self.short:
            term = self.term(key, code)
            self.short[key, code] = {k: v for k, v in term.items()
                                     if k not in EMBEDDED_LEAVE_OUT}
        return self.short[key, code]

    def taxonomy_id(self, key: str) -> str:
        return self.ids.of("taxonomy", key)

    def term(self, key: str, code: str) -> JSON:
        """A term; one the taxonomies do not list (a need id with the guide switched off) is
        added with its id as its name."""
        if (key, code) not in self.terms:
            self.add(key, code, code.replace("-", " ").capitalize(), "")
        return self.terms[key, code]

    def taxonomies(self) -> list[JSON]:
        return [{"id": self.taxonomy_id(t.key), "name": t.name, "description": t.description,
                 "version": VERSION} for t in TAXONOMIES]

    def in_taxonomy(self, key: str) -> list[JSON]:
        return [t for (k, _), t in self.terms.items() if k == key]


def feed_terms(ids: Ids, settings: Settings, offer: o.LocalOffer,
               guide_taxonomy: m.Taxonomy | None, needs: Iterable[m.Need]) -> Terms:
    """Every term: the guide's areas, needs and phases, the Local Offer's own taxonomy, and
    the fixed access and detail terms."""
    terms = Terms(ids, settings.site_url)
    _guide_terms(terms, guide_taxonomy, {n.id: n for n in needs})
    for facet, key, uri in (("service_types", "service-types", "types"),
                            ("audiences", "audiences", ""), ("places", "places", "places")):
        for t in offer.taxonomy.facet(facet):
            terms.add(key, t.id, t.title, t.summary, t.oruk, browse_url(uri, t.id) if uri else "")
    for key in ALL_TERMS:
        terms.add(key, o.ALL, *ALL_TERMS[key])
    for code, (name, description) in ACCESS_TERMS.items():
        terms.add("access", code, name, description)
    for code, (name, description) in DETAIL_TERMS.items():
        terms.add("details", code, name, description)
    return terms


def _guide_terms(terms: Terms, taxonomy: m.Taxonomy | None, needs: Mapping[str, m.Need]) -> None:
    if taxonomy is None:
        return
    for area in taxonomy.areas:
        terms.add("needs", area.id, area.title, area.summary)
        parent = terms.terms["needs", area.id]["id"]
        for need_id in area.need_ids:
            need = needs.get(need_id)
            title = need.title if need else need_id.replace("-", " ").capitalize()
            terms.add("needs", need_id, title, need.summary if need else "",
                      uri=browse_url("needs", need_id), parent=parent)
    for phase in taxonomy.phases:
        terms.add("phases", phase.id, phase.title, phase.summary)


class Exporter:
    """Turns the model's organisations and services into feed objects."""

    def __init__(self, offer: o.LocalOffer, terms: Terms) -> None:
        self.offer = offer
        self.terms = terms
        self.ids = terms.ids
        self.orgs: dict[str, JSON] = {}

    def organisation(self, org: o.Organisation) -> JSON:
        x = org.oruk
        org_id = self.ids.own(x, "organisation", org.id)
        return overlay(x, {
            "id": org_id, "name": org.name, "description": org.description,
            "email": org.email, "website": org.website,
            "phones": self.phones(org_id, listed(x, "phones"), {"voice": org.phone}) or None})

    def phone(self, owner: str, kind: str, number: str) -> JSON | None:
        """A phone in HSDS 3.0's shape (the UK profile has none); the type of a voice number
        is only a default, so a feed's 'cell' survives."""
        if not number:
            return None
        phone = {"id": self.ids.of(owner, "phone", kind), "number": number}
        if kind == "text":
            phone["type"] = "text"
        return phone

    def phones(self, owner: str, extras: list, slots: Mapping[str, str]) -> list:
        """Phones for the model's numbers (voice, text), with the feed's extras for each."""
        extras = list(extras)
        out = []
        for kind, number in slots.items():
            slot = next((x for x in extras if isinstance(x, Mapping) and "number" not in x
                         and (x.get("type") == "text") == (kind == "text")), None)
            if slot is not None:
                extras.remove(slot)
            phone = self.phone(owner, kind, number)
            if phone is not None:
                defaults = {} if kind == "text" else {"type": "voice"}
                out.append(on_slot({**defaults, **(slot or {})}, phone))
        return out + [x for x in extras if not (isinstance(x, Mapping) and "number" not in x)]

    def service_id(self, s: o.Service) -> str:
        return self.ids.own(s.oruk, "service", s.id)

    def service(self, s: o.Service) -> JSON:
        """The full `/services/{id}` object, with the organisation embedded."""
        x = s.oruk
        sid = self.service_id(s)
        if s.organisation not in self.orgs:
            self.orgs[s.organisation] = self.organisation(
                self.offer.organisations[s.organisation])
        org = self.orgs[s.organisation]
        contact = s.contact or o.ContactRoute()  # not stated: no url, email or phones
        generated = {
            "id": sid, "organization_id": org["id"], "organization": org, "name": s.name,
            "description": s.description, "status": STATUS_OUT[s.status],
            "url": contact.website, "email": contact.email, "alert": s.alert,
            "minimum_age": None if s.age_from is None else _age(x.get("minimum_age"),
                                                                 s.age_from, True),
            "maximum_age": None if s.age_to is None else _age(x.get("maximum_age"),
                                                               s.age_to, False),
            "assured_date": s.reviewed.isoformat() if s.reviewed else None,
            "phones": self.phones(sid, listed(x, "phones"),
                                  {"voice": contact.phone, "text": contact.text}) or None,
            "languages": self.languages(sid, s.languages, listed(x, "languages")) or None,
            "schedules": self.items(s.schedules, x, "schedules",
                                    lambda i, v: self.schedule(sid, i, v)),
            "cost_options": self.items(s.costs, x, "cost_options", lambda i, v: {
                "id": self.ids.own(v.oruk, sid, "cost_option", str(i)), "service_id": sid,
                "option": v.option, "amount": v.amount,
                "amount_description": cost_description(v)}),
            "funding": self.funding(sid, s.funding, listed(x, "funding")),
            "contacts": self.items(s.contacts, x, "contacts", lambda i, v: self.contact(sid, i, v)),
            "service_at_locations": self.items(s.locations, x, "service_at_locations",
                                               lambda i, v: self.located(sid, v)),
            "attributes": self.attributes(sid, s, listed(x, "attributes")),
        }
        service = overlay(x, generated)
        if s.age_from is None:  # not stated: the feed's own ages, if any, are not asserted
            service.pop("minimum_age", None)
            service.pop("maximum_age", None)
        return with_uuids(self.ids, service) if x else service

    def schedule(self, sid: str, i: int, v: o.Schedule) -> JSON:
        """A schedule: its description, and RFC 5545's weekly byday with opens_at and
        closes_at where the file gives days and times; the period in its notes."""
        return {"id": self.ids.own(v.oruk, sid, "schedule", str(i)), "service_id": sid,
                "description": v.description, "freq": "WEEKLY" if v.days else None,
                "byday": ",".join(BYDAY[d] for d in v.days) or None,
                "opens_at": v.opens or None, "closes_at": v.closes or None,
                "notes": PERIOD_NOTES.get(v.period)}

    def funding(self, sid: str, routes: Iterable[str], extras: list) -> list | None:
        """ORUK's funding records: one per funding route, its source the route's title."""
        titles = {t.id: t.title for t in self.offer.taxonomy.funding}
        out = [{"id": self.ids.of(sid, "funding", f), "service_id": sid, "source": titles[f]}
               for f in routes if f in titles]
        return out + extras or None

    def items(self, values: Iterable[Any], extras: Mapping[str, Any], key: str,
              make: Callable[[int, Any], JSON]) -> list | None:
        """A list the model holds item by item (each with its own extras), then the feed's
        items the model could not hold."""
        out = [overlay(v.oruk, make(i, v)) for i, v in enumerate(values)]
        out += listed(extras, key)
        return out or None

    def languages(self, sid: str, names: Iterable[str], extras: list) -> list:
        """Languages by name (HSDS 3.0's `name`; the UK profile's language has only ids). The
        feed's extras for a language keep its name, to find it again; named extras whose
        language the model no longer has are dropped, unnamed ones follow unchanged."""
        names = list(names)
        free = [i for i, x in enumerate(extras) if _named(x)]
        out = []
        for name in names:
            at = next((i for i in free if extras[i]["name"] == name), None)
            slot = {} if at is None else extras[at]
            if at is not None:
                free.remove(at)
            out.append(overlay(slot, {"id": self.ids.own(slot, sid, "language", name),
                                      "service_id": sid, "name": name}))
        return out + [x for i, x in enumerate(extras)
                      if not _named(x) or (i in free and x["name"] in names)]

    def contact(self, sid: str, i: int, c: o.Contact) -> JSON:
        cid = self.ids.own(c.oruk, sid, "contact", str(i))
        phones = self.phones(cid, listed(c.oruk, "phones"), {"voice": c.phone})
        return {"id": cid, "service_id": sid, "name": c.name, "title": c.role,
                "email": c.email, "phones": phones or None}

    def located(self, sid: str, loc: o.Location) -> JSON:
        """A service_at_location with its location. A Location's extras are shaped like the
        service_at_location: its own `id`, and the location's extras under `location`."""
        x = loc.oruk.get("location")
        x = x if isinstance(x, Mapping) else {}
        key = loc.name + (" " + loc.address.postcode if loc.address else "")
        location_id = self.ids.own(x, "location", key)
        location = {
            "id": location_id, "name": loc.name,
            "location_type": "virtual" if loc.online else
            (x.get("location_type") if x.get("location_type") not in (None, "virtual")
             else "physical"),
            "latitude": loc.latitude, "longitude": loc.longitude,
            "addresses": slot_list([self.address(location_id, loc.address)],
                                   listed(x, "addresses"), "address_1",
                                   {"address_type": "physical"}) or None,
            "accessibility": slot_list([a for a in (
                self.accessibility(location_id, loc.accessibility),
                *self.features(location_id, loc.features)) if a],
                                       listed(x, "accessibility"), "description") or None,
        }
        return {"id": self.ids.own(loc.oruk, sid, "service_at_location", location_id),
                "service_id": sid, "location_id": location_id, "location": overlay(x, location)}

    def address(self, location_id: str, a: o.Address | None) -> JSON | None:
        if a is None:
            return None
        return {"id": self.ids.of(location_id, "address"), "location_id": location_id,
                "address_1": a.street, "city": a.town, "state_province": a.county or a.town,
                "postal_code": a.postcode, "country": a.country}

    def accessibility(self, location_id: str, text: str) -> JSON | None:
        if not text:
            return None
        return {"id": self.ids.of(location_id, "accessibility"), "location_id": location_id,
                "description": text}

    def features(self, location_id: str, features: Iterable[str]) -> list[JSON]:
        """One accessibility record per venue feature, its description the feature's title."""
        titles = {t.id: t.title for t in self.offer.taxonomy.venue_features}
        return [{"id": self.ids.of(location_id, "accessibility", f), "location_id": location_id,
                 "description": titles[f]} for f in features if f in titles]

    def attributes(self, sid: str, s: o.Service, extras: Iterable[Any]) -> list[JSON]:
        """The SEND fields with no home in the UK profile, as attributes linking to terms. The
        feed's extras for one of them (an item of the service's extras `attributes` that is
        one of Ordinarily's, found by its term and order) are kept; other attributes follow."""
        slots: dict[tuple[str, str], list] = {}
        theirs = []
        for item in extras:
            key = our_attribute_key(item)
            if key is None:
                theirs.append(item)
            else:
                slots.setdefault((key, item["taxonomy_term"]["term"]), []).append(item)
        out = []
        seen: Counter[tuple[str, str]] = Counter()
        for key, code, value in self.links(s):
            n = seen[key, code]
            seen[key, code] += 1
            queue = slots.get((key, code), [])
            slot = queue.pop(0) if queue else {}
            attribute = self.attribute(sid, key, code, value, n, slot)
            out.append(overlay(slot, attribute) if slot else attribute)
        return out + theirs

    def links(self, s: o.Service) -> list[tuple[str, str, str]]:
        """(taxonomy key, term code, value) of every attribute of a service, in order."""
        links = [(key, code, "") for name, key in FACET_KEYS.items()
                 for code in getattr(s, name) or ()]  # None: not stated, no attribute
        facts = {"self_referral": s.access.self_referral,
                 "diagnosis_needed": s.access.diagnosis_needed, "free": s.free}
        links += [("access", ACCESS_PAIRS[f][0 if v else 1], "") for f, v in facts.items()
                  if v is not None]
        texts = {"summary": s.summary, "how": s.access.how, "eligibility": s.access.eligibility,
                 "waiting_time": s.access.waiting_time}
        links += [("details", code, texts[f]) for code, f in DETAIL_FIELDS if texts[f]]
        return links + [("details", "keyword", k) for k in s.keywords]

    def attribute(self, sid: str, key: str, code: str, value: str, n: int,
                  slot: Mapping[str, Any]) -> JSON:
        term = self.terms.embedded(key, code)
        attribute = {"id": slot.get("id") or attribute_id(self.ids, sid, key, code, n),
                     "link_id": sid, "link_type": BY_KEY[key].link_type,
                     "link_entity": "service", "taxonomy_term_id": term["id"],
                     "taxonomy_term": term}
        if value:
            attribute["value"] = value
        return attribute


def cost_description(cost: o.Cost) -> str:
    """ORUK's amount_description: the unit first ('Per day'), then the cost's description;
    the import reads the unit back from the first words."""
    unit = f"Per {cost.unit}" if cost.unit else ""
    return ". ".join(x for x in (unit, cost.description) if x)


def attribute_id(ids: Ids, sid: str, key: str, code: str, n: int) -> str:
    """The derived id of a service's n-th attribute for one term (n counts keywords)."""
    return ids.of(sid, "attribute", key, code, *([str(n)] if code == "keyword" else []))


def our_attribute_key(attribute: Any) -> str | None:
    """The taxonomy key of an attribute Ordinarily exports (found by its term's taxonomy name,
    its link_type and its term code), else None."""
    if not isinstance(attribute, Mapping) or not isinstance(attribute.get("taxonomy_term"),
                                                              Mapping):
        return None
    term = attribute["taxonomy_term"]
    key = next((t.key for t in TAXONOMIES if t.name == term.get("taxonomy")), None)
    if key is None or attribute.get("link_type") != BY_KEY[key].link_type:
        return None
    return key if isinstance(term.get("term"), str) else None


def _named(item: Any) -> bool:
    return isinstance(item, Mapping) and isinstance(item.get("name"), str) and bool(item["name"])


def one_to_one(obj: Mapping[str, Any]) -> JSON:
    """An object without its lists (the shape of list endpoints' items)."""
    return {k: v for k, v in obj.items() if not isinstance(v, list)}


def service_item(service: JSON) -> JSON:
    """An item of the paginated `/services` list."""
    item = one_to_one(service)
    if isinstance(item.get("organization"), Mapping):
        item["organization"] = one_to_one(item["organization"])
    return item


def pages(items: list[JSON], size: int = PAGE_SIZE) -> list[JSON]:
    """Pages in the shape of the UK profile's paginated responses (at least one, maybe empty)."""
    total = math.ceil(len(items) / size)
    out = []
    for number in range(1, max(total, 1) + 1):
        contents = items[(number - 1) * size:number * size]
        out.append({"total_items": len(items), "total_pages": total, "page_number": number,
                    "size": len(contents), "first_page": number == 1,
                    "last_page": number >= total, "empty": not contents,
                    "contents": contents})
    return out


def endpoint_files(name: str, listed: list[JSON], full: Mapping[str, JSON]) -> dict[str, bytes]:
    """One endpoint: `<name>/index.json` (page 1), `<name>/page/<n>.json` and, for each item
    whose id can be a file name, `<name>/<id>.json`."""
    base = f"{FEED_DIR}/{name}"
    files = {}
    for page in pages(listed):
        files[f"{base}/page/{page['page_number']}.json"] = dumps(page)
    files[f"{base}/index.json"] = files[f"{base}/page/1.json"]
    for item_id, item in full.items():
        if SAFE_ID.match(item_id) and item_id != "index":
            files[f"{base}/{item_id}.json"] = dumps(item)
    return files


def _check_unique(ids: dict[str, o.Service], s: o.Service, sid: str) -> None:
    if sid in ids:
        raise ContentError([Problem(s.source, 0, f"the Open Referral id {sid} is also the id "
                                    f"of {ids[sid].source}; give each service its own "
                                    "oruk: id (or none)")])
    ids[sid] = s


def _locations(services: list[JSON]) -> tuple[list[JSON], dict[str, JSON]]:
    listed, full = [], {}
    for service in services:
        rest = {k: v for k, v in service.items() if k != "service_at_locations"}
        for sal in service.get("service_at_locations") or []:
            if not isinstance(sal, Mapping) or not isinstance(sal.get("id"), str):
                continue
            location = sal.get("location")
            item = {**sal, "service": service_item(rest)}
            if isinstance(location, Mapping):
                item["location"] = one_to_one(location)
            listed.append(item)
            full[sal["id"]] = {**sal, "service": service_item(rest)}
    return listed, full


def oruk_files(offer: o.LocalOffer, guide_taxonomy: m.Taxonomy | None, settings: Settings,
               needs: Iterable[m.Need] = ()) -> dict[str, bytes]:
    """Every file of the static feed, keyed by its path below the site root. `needs` gives
    the needs' titles and summaries to their terms (without it, terms are named from ids)."""
    ids = Ids(namespace(settings))
    terms = feed_terms(ids, settings, offer, guide_taxonomy, needs)
    exporter = Exporter(offer, terms)
    seen: dict[str, o.Service] = {}
    services = []
    for s in sorted(offer.services, key=lambda s: (s.name.casefold(), exporter.service_id(s))):
        service = exporter.service(s)
        _check_unique(seen, s, service["id"])
        services.append(service)
    files = {f"{FEED_DIR}/index.json": dumps({"version": VERSION, "profile": PROFILE_URL,
                                               "openapi_url": OPENAPI_URL})}
    files.update(endpoint_files("services", [service_item(s) for s in services],
                                {s["id"]: s for s in services}))
    listed, full = _locations(services)
    files.update(endpoint_files("service_at_locations", listed, full))
    all_terms = list(terms.terms.values())
    files.update(endpoint_files("taxonomy_terms", all_terms, {t["id"]: t for t in all_terms}))
    taxonomies = terms.taxonomies()
    files.update(endpoint_files("taxonomies", taxonomies, {
        t["id"]: {**t, "taxonomy_terms": terms.in_taxonomy(k.key)}
        for t, k in zip(taxonomies, TAXONOMIES, strict=True)}))
    files.update({f"{FEED_DIR}/{name}": text for name, text in server_files(settings).items()})
    return files
