"""Load the Local Offer's YAML files, validate them and their references, build the model.

Like the guide's loader, it reports every problem in every file at once, each at its line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ordinarily.core import forked, parse_cache
from ordinarily.core.forked import Forked, halves
from ordinarily.core.problems import ContentError, Problem, did_you_mean, quoted, slugify
from ordinarily.core.yamlfile import YamlFile
from ordinarily.guide import model as m
from ordinarily.guide.loader import Collector
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer import service_memo

OFFER_DIR = "local-offer"
SERVICES_DIR = f"{OFFER_DIR}/services"
ORGANISATIONS_DIR = f"{OFFER_DIR}/organisations"
TAXONOMY_FILE = f"{OFFER_DIR}/taxonomy.yml"
FEEDBACK_FILE = f"{OFFER_DIR}/you-said-we-did.yml"
SUMMARY_LIMIT = 200
PARALLEL_FROM = 1000  # below this, starting a second process costs more than it saves
_FACETS = {"service_types": "service type", "audiences": "audience", "places": "place"}
_OPTIONAL_LISTS = {"funding": "funding route", "venue_features": "venue feature"}


def service_ids(root: Path) -> list[str]:
    """The ids of every service file, read from the file names alone ('Swim.yml' is 'swim',
    the name its own problem asks for)."""
    return sorted({slugify(p.stem) for p in _yaml_files(root / SERVICES_DIR)} - {""})


def load_local_offer(root: Path, taxonomy: m.Taxonomy | None) -> o.LocalOffer:
    """Load and check everything under `local-offer/`; raise ContentError listing every problem.

    `taxonomy` is the guide's (for need and phase ids); None when the guide is switched off."""
    c = Collector(root)
    if not (root / OFFER_DIR).is_dir():
        raise ContentError([Problem(OFFER_DIR, 0, "the Local Offer's folder is missing; add it "
                                    "or switch the section off in ordinarily.yml "
                                    "(sections: local_offer: false)")])
    _check_stray_files(c, root / OFFER_DIR)
    offer_taxonomy = _offer_taxonomy(c, root / TAXONOMY_FILE)
    organisations = _organisations(c, root / ORGANISATIONS_DIR)
    if offer_taxonomy is None:
        raise ContentError(c.problems)
    known = _Known(taxonomy, offer_taxonomy, organisations)
    services = _services(c, _yaml_files(root / SERVICES_DIR), known)
    services.sort(key=lambda s: (s.name.casefold(), s.id))
    feedback_path = root / FEEDBACK_FILE
    # Every service file counts, with problems or not: its own problems are reported already.
    feedback = _feedback(c, feedback_path, known, set(service_ids(root))) \
        if feedback_path.exists() else None
    if c.problems:
        raise ContentError(c.problems)
    return o.LocalOffer(taxonomy=offer_taxonomy, organisations=organisations,
                        services=tuple(services), feedback=feedback)


class _Known:
    """The ids a service file may use."""

    def __init__(self, taxonomy: m.Taxonomy | None, offer: o.OfferTaxonomy,
                 organisations: dict[str, o.Organisation]) -> None:
        self.needs = [n for a in taxonomy.areas for n in a.need_ids] if taxonomy else []
        self.phases = [p.id for p in taxonomy.phases] if taxonomy else []
        self.phase_word = taxonomy.labels.phase if taxonomy else m.Labels().phase
        self.service_types = [t.id for t in offer.service_types]
        self.audiences = [t.id for t in offer.audiences]
        self.places = [t.id for t in offer.places]
        self.funding = [t.id for t in offer.funding]
        self.venue_features = [t.id for t in offer.venue_features]
        self.organisations = list(organisations)


def _yaml_files(folder: Path) -> list[Path]:
    """The folder's YAML files, by name. The folder's entries say which are files, so 10,000
    service files cost one read of the folder, not a call to the disk each."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries
                           if os.path.splitext(e.name)[1] in (".yml", ".yaml") and e.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / name for name in names]


def _check_stray_files(c: Collector, folder: Path) -> None:
    expected = {"taxonomy.yml", "you-said-we-did.yml", "services", "organisations"}
    for path in sorted(folder.iterdir()):
        if path.name not in expected and not path.name.startswith("."):
            shown = path.relative_to(c.root).as_posix()
            c.problems.append(Problem(shown, 0, "this is not part of the Local Offer"
                                      f"{did_you_mean(path.name, expected)}; services go in "
                                      f"{SERVICES_DIR}/<service-id>.yml"))


def _file_id(c: Collector, path: Path, kind: str) -> str | None:
    if slugify(path.stem) != path.stem:
        c.problems.append(Problem(path.relative_to(c.root).as_posix(), 0,
                                  f"the file name is the {kind}'s id and must be lower-case "
                                  f"letters, digits and hyphens: rename it "
                                  f"{slugify(path.stem)}.yml"))
        return None
    return path.stem


def _offer_taxonomy(c: Collector, path: Path) -> o.OfferTaxonomy | None:
    if not path.exists():
        c.problems.append(Problem(TAXONOMY_FILE, 0, "the file is missing: the Local Offer needs "
                                  "its service types, audiences and places"))
        return None
    doc = c.read(path, "offer-taxonomy")
    if doc is None:
        return None
    facets = {}
    for key, kind in {**_FACETS, **_OPTIONAL_LISTS}.items():
        items = doc.data.get(key, [])
        c.check_ids(doc, (((key, i), t["id"]) for i, t in enumerate(items)), kind)
        facets[key] = tuple(o.OfferTerm(id=t["id"], title=t["title"],
                                        summary=t.get("summary", ""),
                                        formerly=tuple(t.get("formerly", [])),
                                        oruk=t.get("oruk", {}), phrase=t.get("phrase", ""),
                                        guide_readers=t.get("guide_readers", False))
                            for t in items)
    districts = doc.data.get("postcode_districts", [])
    c.check_ids(doc, ((("postcode_districts", i), d["id"]) for i, d in enumerate(districts)),
                "postcode district")
    return o.OfferTaxonomy(**facets, districts=tuple(
        o.District(id=d["id"], title=d["title"], latitude=float(d["latitude"]),
                   longitude=float(d["longitude"]), summary=d.get("summary", ""),
                   formerly=tuple(d.get("formerly", ()))) for d in districts))


def _organisations(c: Collector, folder: Path) -> dict[str, o.Organisation]:
    found = {}
    for path in _yaml_files(folder):
        org_id = _file_id(c, path, "organisation")
        doc = c.read(path, "organisation") if org_id else None
        if doc is None:
            if slugify(path.stem):  # known (by the id its file name should be), so services
                found[slugify(path.stem)] = None  # naming it get no second error
            continue
        d = doc.data
        found[org_id] = o.Organisation(id=org_id, name=d["name"], description=d["description"],
                                       website=d.get("website", ""), email=d.get("email", ""),
                                       phone=d.get("phone", ""), oruk=d.get("oruk", {}))
    return found


def _service(c: Collector, path: Path, known: _Known) -> o.Service | None:
    service_id = _file_id(c, path, "service")
    doc = c.read(path, "service") if service_id else None
    if doc is None:
        return None
    _check_service(c, doc, known)
    d = doc.data
    access = d["access"]
    return o.Service(
        id=service_id, source=doc.path, name=d["name"], organisation=d["organisation"],
        status=d["status"], summary=d["summary"].strip(), description=d["description"],
        alert=d.get("alert", ""), needs=_stated(d["needs"], _all_or),
        age_from=_stated(d["ages"], lambda a: a["from"]),
        age_to=_stated(d["ages"], lambda a: a["to"]), phases=_stated(d["phases"], _all_or),
        types=_stated(d["types"], tuple), audiences=_stated(d["audiences"], tuple),
        places=_stated(d["places"], _all_or), free=_stated(d["free"], bool),
        funding=tuple(d.get("funding", [])),
        costs=tuple(o.Cost(option=x["option"], amount=x.get("amount"),
                           description=x.get("description", ""), oruk=x.get("oruk", {}),
                           unit=x.get("unit", ""))
                    for x in d.get("costs", [])),
        access=o.Access(self_referral=_stated(access["self_referral"], bool),
                        diagnosis_needed=_stated(access["diagnosis_needed"], bool),
                        how=None if access["how"].strip() == o.NOT_STATED else access["how"],
                        waiting_time=access.get("waiting_time", ""),
                        eligibility=access.get("eligibility", "")),
        contact=_stated(d["contact"], lambda c: o.ContactRoute(**c)),
        contacts=tuple(o.Contact(**x) for x in d.get("contacts", [])),
        locations=tuple(_location(x) for x in d.get("locations", [])),
        schedules=tuple(_schedule(x) for x in d.get("schedules", [])),
        languages=tuple(d.get("languages", [])), keywords=tuple(d.get("keywords", [])),
        reviewed=_stated(d["reviewed"], lambda v: c.date(doc, ("reviewed",), v)),
        oruk=d.get("oruk", {}),
    )


def _services(c: Collector, paths: list[Path], known: _Known) -> list[o.Service]:
    """Every valid service: those a serve process read unchanged before (`service_memo`),
    and the rest read now."""
    memo = service_memo.active()
    if memo is None:
        return _read_services(c, paths, known)
    kept, missing, digests = memo.split(vars(known), c.root, paths)
    problems = len(c.problems)
    found = _read_services(c, missing, known)
    if len(c.problems) == problems:  # only a clean read is kept
        memo.keep(c.root, missing, found, digests)
    return kept + found


def _read_services(c: Collector, paths: list[Path], known: _Known) -> list[o.Service]:
    """Every valid service; with many files, read in two processes (parsing dominates)."""
    if len(paths) < PARALLEL_FROM or not forked.available():
        return [s for p in paths if (s := _service(c, p, known))]
    services = []
    slices = list(enumerate(halves(paths)))
    for found, problems in Forked(_service_slice, slices, (c.root, known, c.cache)).get():
        services += found
        c.problems += problems
    return services


def _service_slice(part: tuple[int, list[Path]]) -> tuple[list[o.Service], list[Problem]]:
    """In a worker: one half of the service files, parsed with the parse cache (the worker
    writes its own pack of it)."""
    slot, paths = part
    root, known, cache = forked.inherited()
    mine = cache.named(f"{cache.name}-services-{slot}") if cache is not None else None
    with parse_cache.using(mine):
        c = Collector(root)
        found = [s for p in paths if (s := _service(c, p, known))]
    if mine is not None:
        mine.save()
    return found, c.problems


def _stated(value: Any, make: Callable[[Any], Any]) -> Any:
    """None for `not stated` (never a default), else the value as the model holds it."""
    return None if value == o.NOT_STATED else make(value)


def _all_or(value: str | list[str]) -> tuple[str, ...]:
    return (o.ALL,) if value == o.ALL else tuple(value)


def _location(x: dict) -> o.Location:
    address = o.Address(**x["address"]) if "address" in x else None
    return o.Location(name=x["name"], address=address, online=x.get("online", False),
                      accessibility=x.get("accessibility", ""), latitude=x.get("latitude"),
                      longitude=x.get("longitude"), oruk=x.get("oruk", {}),
                      features=tuple(x.get("features", [])))


def _schedule(x: dict) -> o.Schedule:
    days = set(x.get("days", []))
    return o.Schedule(description=x["description"], oruk=x.get("oruk", {}),
                      days=tuple(d for d in o.DAYS if d in days), opens=x.get("opens", ""),
                      closes=x.get("closes", ""), period=x.get("period", ""))


def _check_service(c: Collector, doc: YamlFile, known: _Known) -> None:
    d = doc.data
    if d["organisation"] not in known.organisations:
        c.add(doc, ("organisation",), _unknown("organisation", d["organisation"],
                                               known.organisations, ORGANISATIONS_DIR))
    for field, ids, kind in (("needs", known.needs, "need"),
                             ("phases", known.phases, known.phase_word),
                             ("types", known.service_types, "service type"),
                             ("audiences", known.audiences, "audience"),
                             ("places", known.places, "place")):
        if d[field] not in (o.ALL, o.NOT_STATED) and (ids or field not in ("needs", "phases")):
            _check_refs(c, doc, field, d[field], ids, kind)
    if d["ages"] != o.NOT_STATED and d["ages"]["from"] > d["ages"]["to"]:
        c.add(doc, ("ages", "from"), f"the age range starts at {d['ages']['from']} but ends at "
                                     f"{d['ages']['to']}; swap them")
    if len(d["summary"].strip()) > SUMMARY_LIMIT:
        c.add(doc, ("summary",), f"the summary is {len(d['summary'].strip())} characters; keep "
                                 f"it to {SUMMARY_LIMIT} (it is shown in search results) and put "
                                 "the rest in the description")
    _check_costs(c, doc)
    _check_structured(c, doc, known)
    if not d["contact"]:
        c.add(doc, ("contact",), "give at least one way to get in touch: phone, email, website "
                                 "or text")


def _check_costs(c: Collector, doc: YamlFile) -> None:
    d = doc.data
    for i, cost in enumerate(d.get("costs", [])):
        if d["free"] is True and (cost.get("amount") or 0) > 0:
            c.add(doc, ("costs", i, "amount"), f"the service says free: true but this cost is "
                                               f"£{cost['amount']:.2f}; set free: false or "
                                               "remove the amount")


def _check_structured(c: Collector, doc: YamlFile, known: _Known) -> None:
    """Funding routes and venue features named in the taxonomy; times in the right order."""
    d = doc.data
    _check_refs(c, doc, "funding", d.get("funding", []), known.funding, "funding route")
    for i, place in enumerate(d.get("locations", [])):
        for j, feature in enumerate(place.get("features", [])):
            if feature not in known.venue_features:
                c.add(doc, ("locations", i, "features", j),
                      _unknown("venue feature", feature, known.venue_features, TAXONOMY_FILE))
    for i, times in enumerate(d.get("schedules", [])):
        if times.get("opens") and times.get("closes") and times["closes"] <= times["opens"]:
            c.add(doc, ("schedules", i, "closes"),
                  f"it closes at {times['closes']} but opens at {times['opens']}; swap them, "
                  "or write times in 24-hour HH:MM (5pm is 17:00)")


def _check_refs(c: Collector, doc: YamlFile, field: str, values: list[str], known: list[str],
                kind: str) -> None:
    for i, value in enumerate(values):
        if value not in known:
            where = "needs/taxonomy.yml" if field in ("needs", "phases") else TAXONOMY_FILE
            c.add(doc, (field, i), _unknown(kind, value, known, where,
                                            every=field in ("needs", "phases", "places")))


def _unknown(kind: str, value: str, known: Iterable[str], where: str,
             every: bool = False) -> str:
    known = list(known)
    hint = did_you_mean(value, known)
    if not hint:
        hint = f" (they are listed in {where})" if known else \
            f" ({where} lists none yet: add it there, or remove it here)"
    message = f"unknown {kind} {quoted(value)}{hint}"
    return message + "; 'all' means every one" if every else message


def _feedback(c: Collector, path: Path, known: _Known, services: set[str]) -> o.Feedback | None:
    doc = c.read(path, "you-said-we-did")
    if doc is None:
        return None
    d = doc.data
    c.check_ids(doc, ((("entries", i), e["id"]) for i, e in enumerate(d["entries"])), "entry")
    entries = tuple(_entry(c, doc, i, e, known, services) for i, e in enumerate(d["entries"]))
    return o.Feedback(intro=d.get("intro", ""), reviewed=c.date(doc, ("reviewed",), d["reviewed"]),
                      owner=d["review_owner"], entries=entries)


def _entry(c: Collector, doc: YamlFile, i: int, e: dict, known: _Known,
           services: set[str]) -> o.FeedbackEntry:
    where = ("entries", i)
    changed = e.get("changed", {})
    for j, sid in enumerate(changed.get("services", [])):
        if sid not in services:
            c.add(doc, (*where, "changed", "services", j),
                  _unknown("service", sid, services, SERVICES_DIR))
    for j, nid in enumerate(changed.get("needs", [])):
        if known.needs and nid not in known.needs:  # none: the guide's taxonomy has problems
            c.add(doc, (*where, "changed", "needs", j),
                  _unknown("need", nid, known.needs, "needs/taxonomy.yml"))
    for j, page in enumerate(changed.get("pages", [])):
        if not (c.root / "content" / page).is_file():
            c.add(doc, (*where, "changed", "pages", j),
                  f"there is no page content/{page}; give the path below content/, "
                  "e.g. local-offer/short-breaks.md")
    received = c.date(doc, (*where, "received"), e["received"])
    responded = c.date(doc, (*where, "responded"), e["responded"])
    if responded < received:
        c.add(doc, (*where, "responded"), "the response date is before the date we heard it")
    return o.FeedbackEntry(
        id=e["id"], title=e["title"], received=received, sources=tuple(e["from"]),
        heard=e["heard"], did=e["did"], status=e["status"], responded=responded,
        services=tuple(changed.get("services", [])), needs=tuple(changed.get("needs", [])),
        pages=tuple(changed.get("pages", [])))
