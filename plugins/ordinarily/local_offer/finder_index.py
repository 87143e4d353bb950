"""The Local Offer finder's data: small static files the browser fetches only as it needs them.

- `meta.json`: for every filter value a bitset of the services it matches, the age ranges and
  the free and open-access flags. Filters are answered from this file alone. A service whose
  file says `not stated` matches no filter on that field: its bits are clear, and a not-stated
  age range is written as NO_AGES (from 255 to 0), which holds no age.
- `t/<prefix>.json`: the text index, sharded by the first two letters of each word; a query
  fetches only the shards of its own words. Each word lists the services (as ordinals, delta
  encoded) that have it in their name and those that have it elsewhere.
- `c/<n>.json`: result cards (name, organisation, summary, ages, place, times, price and funding
  in words, venue features), `CHUNK` services per file, so showing ten results fetches at most
  ten small files.

meta.json also carries bitsets for the days a service runs, the derived "when" values, venue
features (a service has one if any of its locations has it) and funding routes; a bitset of the
services that cover the whole area; the council's postcode districts with their centroids; and,
per service, the points its venues are at (a district's index where the location has no
coordinates of its own, else its latitude and longitude rounded to 3 places, about 100 m), so
that the browser sorts by distance from a district without asking anyone where it is.

Services are numbered in the order the finder lists them (by name), so ties keep that order.
Words are normalised by `words()`, which `finder.js` mirrors exactly (a test compares the two).
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from ordinarily.guide import model as m
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer import offer_words as ow

FINDER_DIR = "local-offer/finder"
CHUNK = 32
PREFIX = 2
FORMAT_VERSION = 2
FACETS = ("needs", "phases", "types", "audiences", "places", "funding", "days", "when",
          "features")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WHEN = ("after-school", "weekends", "school-holidays")
PLACES = 3  # decimal places of a venue's own coordinates in meta.json (about 100 m)
NO_AGES = (255, 0)  # a not-stated age range in meta.json: no age is in it
_STOP_TEXT = """
a an and are as at be by can do for from has have he her his how if in into is it its me my
no not of on or our she so than that the their them they this to up us we what when where
which who will with you your
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_SPLIT = re.compile(r"[^a-z0-9]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
# The combining-mark blocks NFKD leaves behind when it takes accents off (finder.js: MARKS).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def words(text: str) -> list[str]:
    """Lower-case words without accents, stop words or one-letter words, plurals made singular.

    finder.js has the same function; change both together."""
    text = text.lower()
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return [_singular(w) for w in _SPLIT.split(text) if len(w) > 1 and w not in STOP_WORDS]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def finder_files(offer: o.LocalOffer, taxonomy: m.Taxonomy | None,
                 council_short_name: str = "") -> dict[str, bytes]:
    """Every file of the finder's data, keyed by path below the site root. The council's short
    name is in the cards' place words ("Across Anytown")."""
    services = offer.listed
    files = {f"{FINDER_DIR}/meta.json": _json(_meta(services, offer, taxonomy))}
    for prefix, shard in _shards(services, offer).items():
        files[f"{FINDER_DIR}/t/{prefix}.json"] = _json(shard)
    for n in range(0, len(services), CHUNK):
        cards = [_card(s, offer, council_short_name) for s in services[n:n + CHUNK]]
        files[f"{FINDER_DIR}/c/{n // CHUNK}.json"] = _json(cards)
    return files


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def facet_ids(offer: o.LocalOffer, taxonomy: m.Taxonomy | None) -> dict[str, list[str]]:
    """The filter values, in the order the finder's form lists them."""
    return {
        "needs": [n for a in taxonomy.areas for n in a.need_ids] if taxonomy else [],
        "phases": [p.id for p in taxonomy.phases] if taxonomy else [],
        "types": [t.id for t in offer.taxonomy.service_types],
        "audiences": [t.id for t in offer.taxonomy.audiences],
        "places": [t.id for t in offer.taxonomy.places],
        "funding": [t.id for t in offer.taxonomy.funding],
        "days": list(DAYS),
        "when": list(WHEN),
        "features": [t.id for t in offer.taxonomy.venue_features],
    }


def _matches(service: o.Service, facet: str, values: list[str]) -> Iterable[str]:
    """The filter values of one facet a service matches; none where its file does not state
    the field, every value where it says `all`."""
    if facet == "funding":
        return service.funding
    if facet == "days":
        return ow.service_days(service)
    if facet == "when":
        return ow.when_values(service)
    if facet == "features":
        return {f for loc in service.locations for f in loc.features}
    stated = getattr(service, facet)
    if stated is None:
        return ()
    return values if o.ALL in stated else stated


def _facet_bits(services: tuple[o.Service, ...], facet: str,
                values: list[str]) -> dict[str, str]:
    """Each value's bitset of the services that match it, in one pass over the services."""
    size = (len(services) + 7) // 8
    bits = {value: bytearray(size) for value in values}
    for n, service in enumerate(services):
        byte, bit = n >> 3, 1 << (n & 7)
        for value in _matches(service, facet, values):
            out = bits.get(value)
            if out is not None:
                out[byte] |= bit
    return {value: base64.b64encode(bytes(out)).decode("ascii") for value, out in bits.items()}


def _meta(services: tuple[o.Service, ...], offer: o.LocalOffer,
          taxonomy: m.Taxonomy | None) -> dict:
    facets = facet_ids(offer, taxonomy)
    bits = {name: _facet_bits(services, name, values) for name, values in facets.items()}
    districts = offer.taxonomy.districts
    return {
        "version": FORMAT_VERSION,
        "count": len(services),
        "chunk": CHUNK,
        "prefix": PREFIX,
        "facets": bits,
        "free": _bitset(s.free is True for s in services),
        "open": _bitset(s.access.open for s in services),
        "ageFrom": _bytes(NO_AGES[0] if s.age_from is None else s.age_from for s in services),
        "ageTo": _bytes(NO_AGES[1] if s.age_to is None else s.age_to for s in services),
        "wide": _bitset(s.places is not None and o.ALL in s.places for s in services),
        "districts": [[d.id, d.title, round(d.latitude, PLACES), round(d.longitude, PLACES)]
                      for d in districts],
        "points": [_points(s, offer.taxonomy) for s in services],
        "stop": sorted(STOP_WORDS),
    }


def _points(service: o.Service, taxonomy: o.OfferTaxonomy) -> list:
    """Where a service's venues are: a district's index where a location stands at its
    district's centroid (it has no coordinates of its own), else [latitude, longitude] rounded;
    each point once. offer_words.location_point decides where a location is."""
    centroids = {(d.latitude, d.longitude): n for n, d in enumerate(taxonomy.districts)}
    points: list = []
    for location in service.locations:
        point = ow.location_point(location, taxonomy)
        if point is None:
            continue
        own = location.latitude is not None and location.longitude is not None
        entry = [round(point[0], PLACES), round(point[1], PLACES)] if own or \
            point not in centroids else centroids[point]
        if entry not in points:
            points.append(entry)
    return points


def _bitset(flags: Iterable[bool]) -> str:
    """Flags as a base64 bitset: service n is bit (n % 8) of byte n // 8."""
    flags = list(flags)
    out = bytearray((len(flags) + 7) // 8)
    for n, flag in enumerate(flags):
        if flag:
            out[n >> 3] |= 1 << (n & 7)
    return base64.b64encode(bytes(out)).decode("ascii")


def _bytes(values: Iterable[int]) -> str:
    return base64.b64encode(bytes(values)).decode("ascii")


def service_text(service: o.Service, offer: o.LocalOffer) -> tuple[str, str]:
    """The words a service is found by: its name, and everything else families might type."""
    org = offer.organisations.get(service.organisation)
    terms = [t.title for name in ("service_types", "places") for t in offer.taxonomy.facet(name)
             if t.id in ((service.types if name == "service_types" else service.places) or ())]
    description = _LINK_TARGET.sub("]", service.description)
    body = " ".join([service.summary, description, org.name if org else "",
                     *service.keywords, *terms, *service.languages,
                     *(loc.name for loc in service.locations),
                     *(loc.address.town for loc in service.locations if loc.address)])
    return service.name, body


def _shards(services: tuple[o.Service, ...], offer: o.LocalOffer) -> dict[str, dict]:
    postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for n, service in enumerate(services):
        name, body = service_text(service, offer)
        in_name = set(words(name))
        for word in in_name:
            postings[word][0].append(n)
        for word in set(words(body)) - in_name:
            postings[word][1].append(n)
    shards: dict[str, dict] = defaultdict(dict)
    for word in sorted(postings):
        named, other = postings[word]
        shards[word[:PREFIX]][word] = [_deltas(named), _deltas(other)]
    return dict(shards)


def _deltas(ordinals: list[int]) -> list[int]:
    return [b - a for a, b in pairwise([0, *ordinals])]


def _card(service: o.Service, offer: o.LocalOffer, council_short_name: str) -> list:
    """[id, name, organisation, summary, age from, age to, free, open, place, times, price,
    feature ids]; a not-stated age range or cost is null (finder.js says "not stated"), times
    are the schedules in words joined by "; " ("" when none is given)."""
    org = offer.organisations.get(service.organisation)
    free = None if service.free is None else int(service.free)
    times = "; ".join(ow.schedule_words(s) for s in service.schedules)
    features = sorted({f for loc in service.locations for f in loc.features})
    return [service.id, service.name, org.name if org else "", service.summary,
            service.age_from, service.age_to, free, int(service.access.open),
            ow.place_words(service, offer, council_short_name), times,
            ow.price_words(service, offer.taxonomy), features]
