"""Write Local Offer YAML from an Open Referral UK feed, in either shape.

`import_feed` reads a feed (`oruk_shapes`: Open Referral UK 3.0 or the original shape) and
writes `local-offer/services/<slug>.yml` and `local-offer/organisations/<slug>.yml`. Nothing
is guessed: what the feed does not state is written as `not stated` for the officer to confirm
(needs, ages, types, audiences, places, cost, referral, diagnosis, contact, how to get it); the
feed's own terms mean something only through a mapping file (`oruk_mapping`). HTML becomes
Markdown (`oruk_text`). Ids are kept (`oruk: {id: ...}`); one that is not a UUID is exported
as a UUID derived from it (`Ids.source`). Every field the model has no place for is kept in
the `oruk` extras of the object it belongs to, so exporting writes it back (see `oruk_export`
and docs/open-referral.md). An organisation already in the project (same feed id, or the same
name) is reused.
"""

from __future__ import annotations

import copy
import difflib
import html
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ordinarily.core.problems import ContentError, Problem, slugify
from ordinarily.core.schemas import schema_ref, schema_text, validate
from ordinarily.core.settings import load_settings
from ordinarily.core.yamlfile import YamlFile, read_yaml
from ordinarily.guide.loader import load_taxonomy
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.offer_loader import (
    ORGANISATIONS_DIR,
    SERVICES_DIR,
    SUMMARY_LIMIT,
    TAXONOMY_FILE,
)
from ordinarily.open_referral.oruk_export import (
    ACCESS_PAIRS,
    BY_KEY,
    BYDAY,
    DETAIL_FIELDS,
    FACET_KEYS,
    PERIOD_NOTES,
    STATUS_OUT,
    TERM_KEYS,
    Ids,
    attribute_id,
    is_uuid,
    model_age,
    namespace,
    our_attribute_key,
)
from ordinarily.open_referral.oruk_mapping import (
    Mapping as TermMapping,
)
from ordinarily.open_referral.oruk_mapping import (
    Vocabulary,
    load_mapping,
    meaning_of,
    suggest,
)
from ordinarily.open_referral.oruk_shapes import Feed, Skipped, feed_services, read_feed
from ordinarily.open_referral.oruk_text import plain_text, summary, to_markdown

__all__ = ["feed_services", "import_feed", "read_feed", "suggest_mapping"]

NOT_STATED = "not stated"
STATUS_IN = {v: k for k, v in STATUS_OUT.items()}
SERVICE_KEYS = ("name", "organisation", "status", "summary", "description", "alert", "needs",
                "ages", "phases", "types", "audiences", "places", "free", "funding", "costs",
                "access", "contact", "contacts", "locations", "schedules", "languages",
                "keywords", "reviewed", "oruk")
DAY_CODES = {code: day for day, code in BYDAY.items()}
PERIODS_IN = {words: period for period, words in PERIOD_NOTES.items()}
COST_UNIT = re.compile(r"Per (session|hour|day|week|month|term|year|visit|course)(?:\. |\.?$)",
                       re.I)
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
FREE_WORDS = {"free", "free of charge", "no charge", "no cost", "none"}
NAME_NOISE = {"the", "ltd", "limited", "cic", "inc", "plc", "and"}
NEAR = 0.85  # how alike two organisation names must be to be reported as a near match
JSON = dict[str, Any]


def _patterns() -> dict[str, re.Pattern]:
    defs = json.loads(schema_text("service"))["$defs"]
    address = json.loads(schema_text("service"))["properties"]["locations"]["items"][
        "properties"]["address"]["properties"]
    found = {k: re.compile(defs[k]["pattern"]) for k in ("url", "email", "phone", "date")}
    found["postcode"] = re.compile(address["postcode"]["pattern"])
    found["country"] = re.compile(address["country"]["pattern"])
    return found


PATTERNS = _patterns()


def text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def matches(kind: str) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and bool(PATTERNS[kind].match(value))


def number(low: float, high: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and low <= v <= high


class Rest(dict):
    """A copy of a feed object from which the model takes what it can hold; what is left is
    the object's `oruk` extras."""

    def take(self, key: str, fits: Callable[[Any], bool] = text) -> Any:
        if key in self and fits(self[key]):
            return self.pop(key)
        return None

    def drop_ref(self, key: str, value: str) -> None:
        """Drop a reference the export writes anyway (e.g. service_id), if it agrees."""
        if self.get(key) == value:
            del self[key]


@dataclass
class ImportReport:
    services: list[tuple[str, str]] = field(default_factory=list)  # (file, name)
    organisations: list[tuple[str, str]] = field(default_factory=list)
    kept_organisations: list[tuple[str, str]] = field(default_factory=list)
    defaults: dict[str, list[str]] = field(default_factory=dict)  # file -> not stated, etc.
    notes: list[str] = field(default_factory=list)
    shape: str = ""
    skipped: list[Skipped] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)  # 'term "X"' -> services
    hints: dict[str, str] = field(default_factory=dict)  # 'term "X"' -> did you mean
    derived: list[tuple[str, str, str]] = field(default_factory=list)  # file, feed id, UUID
    reused: list[tuple[str, str, str]] = field(default_factory=list)  # file, name, why
    near: list[tuple[str, str, str]] = field(default_factory=list)  # new file, name, existing

    DETAIL_LIMIT = 20  # more services than this: the report counts instead of listing

    def lines(self) -> list[str]:
        s, n = len(self.services), len(self.organisations)
        out = [f"Read {self.shape}." if self.shape else "",
               f"Wrote {s} service{'s' * (s != 1)} and {n} organisation{'s' * (n != 1)}."]
        out = [line for line in out if line]
        listed = self.services + self.organisations
        out += [f"  {path}: {name}" for path, name in listed[:self.DETAIL_LIMIT * 2]]
        if len(listed) > self.DETAIL_LIMIT * 2:
            out.append(f"  ... and {len(listed) - self.DETAIL_LIMIT * 2} more")
        out += [f"  {path}: {name} (already there, kept)"
                for path, name in self.kept_organisations]
        out += self._skipped() + self._reused() + self._unmapped() + self._derived()
        out += self._defaults() + self.notes
        return out

    def _skipped(self) -> list[str]:
        if not self.skipped:
            return []
        return [f"Skipped {len(self.skipped)} broken record{'s' * (len(self.skipped) != 1)} "
                "(the others imported; --strict refuses the whole feed instead):",
                *(s.line() for s in self.skipped)]

    def _reused(self) -> list[str]:
        out = [f"  {path}: {name} ({why})" for path, name, why in self.reused]
        out = ["Reused organisations already in the project:", *out] if out else []
        if self.near:
            out.append("Organisations with a name close to one already in the project "
                       "(imported as new; if they are the same, point the services at the "
                       "existing file and delete the new one):")
            out += [f"  {path}: {name} looks like {other}" for path, name, other in self.near]
        return out

    def _unmapped(self) -> list[str]:
        if not self.unmapped:
            return []
        out = ["The feed's own terms that mean nothing here yet (kept on each service and in "
               "the export; map them with --map MAPPING.yml):"]
        return out + [f"  {term}: {count} service{'s' * (count != 1)}{self.hints.get(term, '')}"
                      for term, count in sorted(self.unmapped.items())]

    def _derived(self) -> list[str]:
        if not self.derived:
            return []
        out = [f"{len(self.derived)} record{'s' * (len(self.derived) != 1)} have ids that are "
               "not UUIDs: the files keep them (oruk: id) and the export uses a UUID derived "
               "from each in the council's namespace (identifiers in ordinarily.yml), the same "
               "on every import:"]
        shown = self.derived[:self.DETAIL_LIMIT]
        out += [f"  {path}: {given} -> {uuid_}" for path, given, uuid_ in shown]
        if len(self.derived) > len(shown):
            out.append(f"  ... and {len(self.derived) - len(shown)} more")
        return out

    def _defaults(self) -> list[str]:
        if not self.defaults:
            return []
        out = ["What the feed does not state is written as 'not stated' for you to confirm "
               "(ordinarily check-content lists each one); check these too:"]
        if len(self.defaults) <= self.DETAIL_LIMIT:
            for path, used in sorted(self.defaults.items()):
                out += [f"  {path}: {line}" for line in used]
            return out
        counts = Counter(line.split(":")[0] for used in self.defaults.values() for line in used)
        return out + [f"  {what}: {count} services" for what, count in
                      sorted(counts.items(), key=lambda kv: _report_order(kv[0]))]


@dataclass
class Target:
    """What the project importing the feed knows: its ids and its existing files."""

    root: Path
    ids: Ids
    needs: list[str]
    phases: list[str]
    facets: dict[str, list[str]]  # service_types, audiences, places -> ids
    default_type: str | None
    site_url: str = ""
    phase_ages: dict[str, tuple[int, int]] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=lambda: Vocabulary({}))
    mapping: TermMapping | None = None
    services: dict[str, str] = field(default_factory=dict)  # feed id -> existing slug
    organisations: dict[str, str] = field(default_factory=dict)
    organisation_names: dict[str, str] = field(default_factory=dict)  # plain name -> slug
    funding: dict[str, str] = field(default_factory=dict)  # a funding route's title -> id
    features: dict[str, str] = field(default_factory=dict)  # a venue feature's title -> id


def load_target(root: Path, service_type: str | None, mapping: Path | None = None) -> Target:
    settings = load_settings(root)
    taxonomy = load_taxonomy(root)
    path = root / TAXONOMY_FILE
    if not path.exists():
        raise ContentError([Problem(TAXONOMY_FILE, 0, "the Local Offer's taxonomy is missing: "
                                    "imported services need its service types")])
    data = read_yaml(path, root).data or {}
    terms = {k: [t for t in data.get(k) or [] if isinstance(t, dict) and "id" in t]
             for k in ("service_types", "audiences", "places")}
    facets = {k: [t["id"] for t in v] for k, v in terms.items()}
    if service_type and service_type not in facets["service_types"]:
        raise ContentError([Problem(TAXONOMY_FILE, 0, f"--type {service_type} is not one of "
                                    f"the service types: {', '.join(facets['service_types'])}")])
    target = Target(root=root, ids=Ids(namespace(settings)),
                    needs=[n for a in taxonomy.areas for n in a.need_ids] if taxonomy else [],
                    phases=[p.id for p in taxonomy.phases] if taxonomy else [], facets=facets,
                    default_type=service_type, site_url=settings.site_url,
                    phase_ages={p.id: a for p in (taxonomy.phases if taxonomy else ())
                                if (a := _age_range(p.ages))})
    target.vocabulary = _vocabulary(target, taxonomy, terms)
    target.funding, target.features = (
        {plain_words(t["title"]).casefold(): t["id"] for t in data.get(key) or []
         if isinstance(t, dict) and "id" in t and text(t.get("title"))}
        for key in ("funding", "venue_features"))
    if mapping is not None:
        target.mapping = load_mapping(mapping, target.vocabulary)
    target.services = _existing(target, SERVICES_DIR, "service")
    target.organisations = _existing(target, ORGANISATIONS_DIR, "organisation")
    target.organisation_names = _organisation_names(target)
    return target


def _age_range(ages: str) -> tuple[int, int] | None:
    found = re.findall(r"\d+", ages or "")
    return (int(found[0]), int(found[1])) if len(found) >= 2 else None


def _vocabulary(target: Target, taxonomy: Any, terms: dict[str, list[JSON]]) -> Vocabulary:
    """The council's ids and titles: needs (from their files), phases, and the Local Offer's
    taxonomy."""
    need_titles = {}
    for path in sorted((target.root / "needs").glob("*/*.yml")):
        try:
            data = read_yaml(path, target.root).data
        except ContentError:
            continue
        if isinstance(data, dict) and text(data.get("title")):
            need_titles[path.stem] = data["title"]
    titles = {"needs": need_titles,
              "phases": {p.id: p.title for p in (taxonomy.phases if taxonomy else ())},
              "types": {t["id"]: t.get("title", "") for t in terms["service_types"]},
              "audiences": {t["id"]: t.get("title", "") for t in terms["audiences"]},
              "places": {t["id"]: t.get("title", "") for t in terms["places"]}}
    ids = {"needs": target.needs, "phases": target.phases,
           "types": target.facets["service_types"], "audiences": target.facets["audiences"],
           "places": target.facets["places"]}
    return Vocabulary(ids, titles)


def _existing(target: Target, folder: str, kind: str) -> dict[str, str]:
    """Feed id -> slug of every existing file: its `oruk: id`, else the id it exports with."""
    found = {}
    for path in sorted((target.root / folder).glob("*.yml")):
        try:
            data = read_yaml(path, target.root).data
        except ContentError:
            data = None
        extras = data.get("oruk") if isinstance(data, dict) else None
        given = extras.get("id") if isinstance(extras, dict) else None
        found[given or target.ids.of(kind, path.stem)] = path.stem
    return found


def _organisation_names(target: Target) -> dict[str, str]:
    names = {}
    for path in sorted((target.root / ORGANISATIONS_DIR).glob("*.yml")):
        try:
            data = read_yaml(path, target.root).data
        except ContentError:
            continue
        if isinstance(data, dict) and text(data.get("name")):
            names.setdefault(plain_name(data["name"]), path.stem)
    return names


def plain_name(name: str) -> str:
    """An organisation's name as compared: accents, case, symbols and words such as 'the',
    'Ltd' and 'and' do not count ('The Café & Co Ltd' = 'cafe co')."""
    return " ".join(w for w in slugify(name.replace("&", " and ")).split("-")
                    if w not in NAME_NOISE)


def plain_words(value: str) -> str:
    """Text from a feed on one line without its HTML: names, short fields."""
    return " ".join(html.unescape(plain_text(to_markdown(value))).split())


# Services ---------------------------------------------------------------------------------


class ServiceReader:
    """Turns one feed service into the YAML of a service file."""

    def __init__(self, target: Target, item: JSON) -> None:
        self.target = target
        self.rest = Rest(copy.deepcopy(item))
        self.sid = item.get("id")
        self.defaults: list[str] = []
        self.meaning = meaning_of(target.mapping, item)

    def default(self, what: str, value: Any, why: str = "the feed does not say") -> Any:
        self.defaults.append(f"{what}: {_shown(value)} ({why})")
        return value

    def not_stated(self, what: str) -> str:
        self.defaults.append(f"{what}: not stated")
        return NOT_STATED

    def read(self, organisation: str) -> JSON:
        r = self.rest
        org = r.pop("organization", None)
        if isinstance(org, dict):
            r.drop_ref("organization_id", org.get("id"))
        doc: JSON = {"name": plain_words(r.pop("name"))}
        doc["organisation"] = organisation
        status = r.get("status")
        doc["status"] = STATUS_IN[r.pop("status")] if status in STATUS_IN else self.default(
            "status", "active")
        description = self.description(doc["name"])
        facts = self.attributes()
        doc["summary"] = facts.pop("summary", None) or summary(
            description, SUMMARY_LIMIT) or doc["name"]
        doc["description"] = description
        alert = r.take("alert")
        if alert:
            doc["alert"] = alert
        doc["ages"] = self.ages()
        doc.update(self.facets(facts, doc["ages"]))
        doc["free"] = self.free(facts)
        funding = self.funding()
        if funding:
            doc["funding"] = funding
        doc.update(self.lists())
        doc["access"] = self.access(facts)
        doc["contact"] = self.contact()
        doc.update(self.more_lists(facts.get("keyword", [])))
        doc["reviewed"] = self.reviewed()
        self.defaults.sort(key=_report_order)
        return doc

    def description(self, name: str) -> str:
        """The feed's description as clean Markdown (the export writes it in place of the
        feed's HTML)."""
        given = self.rest.pop("description", None)
        markdown = to_markdown(given) if text(given) else ""
        if not markdown:
            return self.default("description", name, "the feed gives none; the name is used")
        return markdown

    def facets(self, facts: JSON, ages: Any) -> JSON:
        out = {}
        for name in ("needs", "phases", "types", "audiences", "places"):
            out[name] = facts.get(name) or self.meaning.facets.get(name) or self.facet_default(
                name, ages)
        return {k: out[k] for k in ("needs", "phases", "types", "audiences", "places")}

    def facet_default(self, name: str, ages: Any) -> Any:
        if name == "types" and self.target.default_type:
            return [self.target.default_type]
        if name == "phases":
            return self.phases(ages)
        return self.not_stated(name)

    def phases(self, ages: Any) -> Any:
        """The guide's phases whose ages overlap the ages the feed states: a reading of a stated
        fact. Not stated when the feed states no ages, or no phase has them (never 'all')."""
        if not isinstance(ages, dict):
            return self.not_stated("phases (the feed states no ages)")
        if not self.target.phase_ages:
            return self.not_stated("phases (the guide's phases give no ages)")
        found = [p for p, (low, high) in self.target.phase_ages.items()
                 if ages["from"] < high and low < max(ages["to"], ages["from"] + 1)]
        if set(found) == set(self.target.phase_ages):
            return o.ALL
        return found or self.not_stated("phases (no phase has these ages)")

    def attributes(self) -> JSON:
        """The SEND fields from Ordinarily's own attributes. What else such an attribute
        carries stays in the extras with its term (to find it again); others stay whole."""
        found: dict[str, list[tuple[str, str]]] = {}
        kept = []
        for attribute in _list(self.rest.get("attributes")):
            key = our_attribute_key(attribute)
            if key is None:
                kept.append(attribute)
                continue
            code = attribute["taxonomy_term"]["term"]
            found.setdefault(key, []).append((code, attribute.get("value", "")))
            n = sum(1 for c, _ in found[key] if c == code) - 1
            slot = self.attribute_slot(attribute, key, code, n)
            if slot:
                kept.append(slot)
        if isinstance(self.rest.get("attributes"), list):
            self.rest["attributes"] = kept
            if not kept:
                del self.rest["attributes"]
        return self.facts(found)

    def attribute_slot(self, attribute: JSON, key: str, code: str, n: int) -> JSON | None:
        """What the export would not write again: a kept id, unknown fields (None if none)."""
        rest = Rest(copy.deepcopy(attribute))
        rest.drop_ref("id", attribute_id(self.target.ids, self.export_id(), key, code, n))
        rest.drop_ref("link_id", self.sid)
        rest.drop_ref("link_id", self.export_id())
        rest.drop_ref("link_entity", "service")
        rest.pop("taxonomy_term_id", None)
        if key == "details":
            rest.pop("value", None)
        term = {k: v for k, v in rest.pop("taxonomy_term").items() if k not in TERM_KEYS}
        if not term and set(rest) <= {"link_type"}:
            return None
        rest["taxonomy_term"] = {"taxonomy": BY_KEY[key].name, "term": code, **term}
        return dict(rest)

    def export_id(self) -> str:
        return self.target.ids.source(self.sid) if self.sid else ""

    def facts(self, found: dict[str, list[tuple[str, str]]]) -> JSON:
        facts: JSON = {}
        known = {"needs": self.target.needs, "phases": self.target.phases,
                 "service-types": self.target.facets["service_types"],
                 "audiences": self.target.facets["audiences"],
                 "places": self.target.facets["places"]}
        for name, key in FACET_KEYS.items():
            codes = [c for c, _ in found.get(key, [])]
            facts[name] = self.known_ids(name, codes, known[key])
        codes = {c for c, _ in found.get("access", [])}
        for name, (yes, no) in ACCESS_PAIRS.items():
            facts[name] = True if yes in codes else False if no in codes else None
        details = found.get("details", [])
        for code, name in DETAIL_FIELDS:
            value = next((v for c, v in details if c == code and text(v)), None)
            if value:
                facts[name] = value
        facts["keyword"] = [v for c, v in details if c == "keyword" and text(v)]
        return facts

    def known_ids(self, name: str, codes: list[str], known: list[str]) -> Any:
        if o.ALL in codes and name != "types" and name != "audiences":
            return o.ALL
        ids = [c for c in dict.fromkeys(codes) if c in known or (not known and name in (
            "needs", "phases"))]
        unknown = [c for c in codes if c not in ids]
        if unknown:
            self.defaults.append(f"{name}: left out {', '.join(unknown)} (not in this "
                                 "project's taxonomy)")
        return ids or None

    def ages(self) -> Any:
        """The feed's ages (3.0's minimum_age and maximum_age, or the original shape's
        eligibilitys); 'not stated' if it gives none."""
        r = self.rest
        low, high = model_age(r.get("minimum_age"), True), model_age(r.get("maximum_age"), False)
        for item in _list(r.get("eligibilitys")):
            if isinstance(item, dict):
                low = low if low is not None else model_age(item.get("minimum_age"), True)
                high = high if high is not None else model_age(item.get("maximum_age"), False)
        if low is None and high is None:
            return self.not_stated("ages")
        if low is None:
            low = self.default("ages: from", 0, "the feed gives only a maximum age")
        if high is None:
            high = self.default("ages: to", 25, "the feed gives only a minimum age")
        if low > high:
            return self.not_stated("ages (the feed's are the wrong way round)")
        ages = {"from": low, "to": high}
        for key, end in (("minimum_age", "from"), ("maximum_age", "to")):
            if key in r and r[key] == ages[end]:
                del r[key]  # else the feed's own value (e.g. 100) is kept and written back
        return ages

    def free(self, facts: JSON) -> Any:
        """Free if Ordinarily's attribute or the mapping says so, or every cost the feed lists
        is 0 (or its fees say 'free'); charged if a cost is more than 0; else not stated."""
        stated = facts.get("free")
        if stated is None:
            stated = self.meaning.flags.get("free")
        if stated is None:
            amounts = [c.get("amount") for c in _list(self.rest.get("cost_options"))
                       if isinstance(c, dict) and number(0, float("inf"))(c.get("amount"))]
            fees = self.rest.get("fees")
            if amounts:
                stated = not any(amounts)
            elif isinstance(fees, str) and fees.strip().strip(".").lower() in FREE_WORDS:
                stated = True
        return self.not_stated("free") if stated is None else stated

    def access(self, facts: JSON) -> JSON:
        access = {}
        for name in ("self_referral", "diagnosis_needed"):
            stated = facts.get(name)
            if stated is None:
                stated = self.meaning.flags.get(name)
            access[name] = self.not_stated(name.replace("_", " ")) if stated is None else stated
        texts = self.feed_texts()
        for name in ("how", "waiting_time", "eligibility"):
            value = facts.get(name) or self.meaning.texts.get(name) or texts.get(name)
            if name == "waiting_time" and value:
                value = plain_text(to_markdown(value))
            elif value:
                value = to_markdown(value)
            if value:
                access[name] = value
        if "how" not in access:
            access["how"] = self.not_stated("access: how")
        return {k: access[k] for k in ("self_referral", "diagnosis_needed", "how",
                                       "waiting_time", "eligibility") if k in access}

    def feed_texts(self) -> dict[str, str]:
        """HSDS 3.0's application_process, wait_time and eligibility_description, and the
        original shape's eligibilitys (they stay in the extras too, so the export keeps
        them)."""
        r = self.rest
        found = {"how": r.get("application_process"), "waiting_time": r.get("wait_time"),
                 "eligibility": r.get("eligibility_description")}
        if not text(found["eligibility"]):
            found["eligibility"] = "\n\n".join(
                e["eligibility"] for e in _list(r.get("eligibilitys"))
                if isinstance(e, dict) and text(e.get("eligibility")))
        return {k: v for k, v in found.items() if text(v)}

    def contact(self) -> Any:
        r = self.rest
        contact = {}
        voice, text_phone = take_phones(r, ("voice", "text"))
        for key, value in (("phone", voice), ("email", r.take("email", matches("email"))),
                           ("website", r.take("url", matches("url"))), ("text", text_phone)):
            if value:
                contact[key] = value
        return contact or self.not_stated("contact")

    def lists(self) -> JSON:
        costs = self.items("cost_options", self.cost)
        return {"costs": costs} if costs else {}

    def more_lists(self, keywords: list[str]) -> JSON:
        out = {"contacts": self.items("contacts", self.person),
               "locations": self.items("service_at_locations", self.location),
               "schedules": self.items("schedules", self.schedule),
               "languages": self.languages(), "keywords": keywords}
        return {k: v for k, v in out.items() if v}

    def items(self, key: str, read: Callable[[Rest], JSON | None]) -> list[JSON]:
        """The items the model can hold; the others stay in the service's extras."""
        held, kept = [], []
        if not isinstance(self.rest.get(key), list):
            return []
        for item in self.rest[key]:
            rest = Rest(item) if isinstance(item, dict) else None
            model = read(rest) if rest is not None else None
            if model is None:
                kept.append(item)
            else:
                held.append(with_extras(model, rest))
        self.rest[key] = kept
        if not kept:
            del self.rest[key]
        return held

    def funding(self) -> list[str]:
        """The council's funding routes whose titles are the feed's funding sources; other
        sources stay in the service's extras."""
        found: list[str] = []

        def route(r: Rest) -> JSON | None:
            source = r.get("source")
            route_id = self.target.funding.get(plain_words(source).casefold()) \
                if text(source) else None
            if route_id is None or route_id in found:
                return None
            found.append(route_id)
            return {}

        self.items("funding", route)
        return found

    def cost(self, r: Rest) -> JSON | None:
        option = r.take("option")
        if option is None:
            return None
        r.drop_ref("service_id", self.sid)
        cost = {"option": option}
        amount = r.take("amount", number(0, float("inf")))
        if amount is not None:
            cost["amount"] = amount
        description = r.take("amount_description")
        unit = COST_UNIT.match(description or "")
        if unit:
            cost["unit"] = unit.group(1).lower()
            description = description[unit.end():]
        if description:
            cost["description"] = description
        return cost

    def person(self, r: Rest) -> JSON | None:
        name = r.take("name")
        if name is None:
            return None
        r.drop_ref("service_id", self.sid)
        person = {"name": name}
        (phone,) = take_phones(r, ("voice",))
        for key, value in (("role", r.take("title")), ("phone", phone),
                           ("email", r.take("email", matches("email")))):
            if value:
                person[key] = value
        return person

    def schedule(self, r: Rest) -> JSON | None:
        description = r.take("description")
        if description is None:
            return None
        r.drop_ref("service_id", self.sid)
        return {"description": description, **read_times(r)}

    def location(self, r: Rest) -> JSON | None:
        place = r.get("location")
        if not isinstance(place, dict) or not text(place.get("name")):
            return None
        loc = Rest(copy.deepcopy(place))
        r.drop_ref("service_id", self.sid)
        r.drop_ref("location_id", loc.get("id"))
        found = read_location(loc, self.target.features)
        if loc:
            r["location"] = dict(loc)
        else:
            del r["location"]
        return found

    def languages(self) -> list[str]:
        names, kept = [], []
        if not isinstance(self.rest.get("languages"), list):
            return []
        for item in self.rest["languages"]:
            name = item.get("name") if isinstance(item, dict) else None
            if text(name) and name not in names:
                names.append(name)
                rest = Rest(item)
                rest.drop_ref("service_id", self.sid)
                if set(rest) - {"name"}:
                    kept.append(dict(rest))  # keeps its name, to find it again on export
            else:
                kept.append(item)
        self.rest["languages"] = kept
        if not kept:
            del self.rest["languages"]
        return names

    def reviewed(self) -> date | str:
        r = self.rest
        assured = r.get("assured_date")
        if matches("date")(assured) and _date(assured):
            del r["assured_date"]
            return _date(assured)
        modified = r.get("last_modified")
        if isinstance(modified, str) and _date(modified[:10]):
            return self.default("reviewed", _date(modified[:10]), "from last_modified")
        return self.not_stated("reviewed")  # never the day of the import: nobody checked


REPORT_ORDER = ("status", "summary", "description", "needs", "ages", "phases", "types",
                "audiences", "places", "free", "self referral", "diagnosis needed", "access",
                "contact", "reviewed")


def _report_order(line: str) -> int:
    return next((i for i, k in enumerate(REPORT_ORDER) if line.startswith(k)), len(REPORT_ORDER))


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def with_extras(model: JSON, rest: Mapping[str, Any]) -> JSON:
    """The model's fields with what is left of the feed's object, leaving out empty values
    (null or ''), which state nothing."""
    rest = _stated(dict(rest))
    return {**model, "oruk": rest} if rest else model


def _stated(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stated(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [_stated(v) for v in value]
    return value


def take_phones(r: Rest, kinds: tuple[str, ...]) -> list[str]:
    """The numbers the model holds (a voice number, a text number); each phone's other fields
    stay in `phones` without the number, and phones the model cannot hold stay whole."""
    phones = r.get("phones")
    if not isinstance(phones, list):
        return ["" for _ in kinds]
    numbers = []
    for kind in kinds:
        at = next((i for i, p in enumerate(phones) if _phone_fits(p, kind)), None)
        if at is None:
            numbers.append("")
            continue
        rest = Rest(phones[at])
        numbers.append(rest.pop("number"))
        if kind == "voice" and rest.get("type") == "voice":
            del rest["type"]
        phones[at] = dict(rest)
    kept = [p for p in phones if p != {}]
    if kept:
        r["phones"] = kept
    else:
        del r["phones"]
    return numbers


def _phone_fits(phone: Any, kind: str) -> bool:
    if not isinstance(phone, dict) or not matches("phone")(phone.get("number")):
        return False
    kind_of = phone.get("type")
    return kind_of == "text" if kind == "text" else kind_of in (None, "voice", "cell")


def read_times(r: Rest) -> JSON:
    """A schedule's weekly days (RFC 5545 byday), opens_at and closes_at (HH:MM) and its
    period (the notes the export writes); anything else stays in the schedule's extras."""
    found: JSON = {}
    byday = r.get("byday")
    codes = [c.strip().upper() for c in byday.split(",")] if text(byday) else []
    if codes and r.get("freq") in (None, "WEEKLY") and all(c in DAY_CODES for c in codes):
        del r["byday"]
        r.pop("freq", None)
        found["days"] = [DAY_CODES[c] for c in dict.fromkeys(codes)]
    opens, closes = r.get("opens_at"), r.get("closes_at")
    if all(v is None or matches_time(v) for v in (opens, closes)) and not (
            opens and closes and closes <= opens):  # else both stay as the feed gave them
        for key, name in (("opens", "opens_at"), ("closes", "closes_at")):
            if r.get(name) is not None:
                found[key] = r.pop(name)
    period = PERIODS_IN.get(r.get("notes"))
    if period:
        del r["notes"]
        found["period"] = period
    return found


def matches_time(value: Any) -> bool:
    return isinstance(value, str) and TIME.fullmatch(value) is not None


def read_location(loc: Rest, features: Mapping[str, str] | None = None) -> JSON:
    found: JSON = {"name": loc.take("name")}
    if loc.get("location_type") in ("physical", "virtual") and loc.pop(
            "location_type") == "virtual":
        found["online"] = True
    address = _take_slot(loc, "addresses", _address)
    if address:
        found["address"] = address
    lat, lon = loc.get("latitude"), loc.get("longitude")
    if number(-90, 90)(lat) and number(-180, 180)(lon):
        found["latitude"], found["longitude"] = loc.pop("latitude"), loc.pop("longitude")
    texts, held = _take_accessibility(loc, features or {})
    if texts:
        found["accessibility"] = _joined_text(texts)
    if held:
        found["features"] = held
    return found


def _take_accessibility(loc: Rest, features: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """A location's accessibility records: those whose description is a venue feature's title
    give the feature; every other description joins the location's text (never dropped).
    What else the records hold stays as slots, the text's first, then each feature's, in the
    order the export writes them."""
    items = loc.get("accessibility")
    if not isinstance(items, list):
        return [], []
    texts, held, text_slot, feature_slots, whole = [], [], [], [], []
    for item in items:
        if not (isinstance(item, dict) and text(item.get("description"))):
            whole.append(item)
            continue
        rest = Rest(item)
        words = rest.pop("description")
        rest.drop_ref("location_id", loc.get("id"))
        feature = features.get(plain_words(words).casefold())
        if feature is not None and feature not in held:
            held.append(feature)
            feature_slots += [dict(rest)] if rest else []
        elif feature is None:
            texts.append(words)
            text_slot += [dict(rest)] if rest and len(texts) == 1 else []
    loc["accessibility"] = text_slot + feature_slots + whole
    if not loc["accessibility"]:
        del loc["accessibility"]
    return texts, held


def _joined_text(parts: list[str]) -> str:
    return " ".join(p if p.rstrip()[-1:] in ".!?" else p.rstrip() + "." for p in parts) \
        if len(parts) > 1 else parts[0]


def _take_slot(r: Rest, key: str, read: Callable[[Rest], Any]) -> Any:
    """The first item of a list that the model can hold (its other fields stay as the list's
    slot item); the other items stay whole."""
    items = r.get(key)
    if not isinstance(items, list):
        return None
    for i, item in enumerate(items):
        rest = Rest(item) if isinstance(item, dict) else None
        value = read(rest) if rest is not None else None
        if value:
            rest.drop_ref("location_id", r.get("id"))
            items = [*items[:i], *items[i + 1:]]
            r[key] = ([dict(rest)] if rest else []) + items
            if not r[key]:
                del r[key]
            return value
    return None


def _address(r: Rest) -> JSON | None:
    fits = (text(r.get("address_1")) and text(r.get("city"))
            and matches("postcode")(r.get("postal_code"))
            and (r.get("country") is None or matches("country")(r.get("country"))))
    if not fits:
        return None
    address = {"street": r.pop("address_1"), "town": r.pop("city")}
    county = r.get("state_province")
    if county == address["town"]:
        del r["state_province"]
    elif text(county):
        address["county"] = r.pop("state_province")
    address["postcode"] = r.pop("postal_code")
    country = r.pop("country", "GB")
    if country != "GB":
        address["country"] = country
    if r.get("address_type") == "physical":
        del r["address_type"]
    return address


# Organisations ----------------------------------------------------------------------------


def read_organisation(item: JSON, name_default: str) -> tuple[JSON, list[str]]:
    r = Rest(copy.deepcopy(item))
    defaults = []
    name = plain_words(r.pop("name")) if text(r.get("name")) else ""
    if not name:
        name = name_default
        defaults.append(f"name: {name} (the feed names no organisation; named after the "
                        "service)")
    description = to_markdown(r.pop("description")) if text(r.get("description")) else ""
    if not description:
        description = name
        defaults.append(f"description: {name} (the feed does not say)")
    doc = {"name": name, "description": description}
    (phone,) = take_phones(r, ("voice",))
    for key, value in (("website", r.take("website", matches("url"))),
                       ("email", r.take("email", matches("email"))), ("phone", phone)):
        if value:
            doc[key] = value
    return with_extras(doc, r), defaults


# Writing ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, laid out like the hand-written files: text of several lines as a
    literal block, long text folded, short lists of plain values, ages, addresses and lone ids
    on one line."""


FLOW_LIMIT = 72
FLOW_KEYS = {"from", "to", "street", "town", "county", "postcode", "country", "id"}


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = None
    if "\n" in value.strip("\n") or value.endswith("\n"):
        style = "|"
    elif len(value) > FLOW_LIMIT:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _short(values: list) -> bool:
    plain = all(isinstance(v, (str, int, float, bool, date)) and "\n" not in str(v)
                for v in values)
    return plain and sum(len(str(v)) + 2 for v in values) < FLOW_LIMIT


def _list_node(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value,
                                     flow_style=bool(value) and _short(value))


def _dict_node(dumper: yaml.SafeDumper, value: dict) -> yaml.Node:
    short = bool(value) and set(value) <= FLOW_KEYS and _short([*value, *value.values()])
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=short)


_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]
_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list_node)
_Dumper.add_representer(dict, _dict_node)


def yaml_text(data: JSON, schema: str) -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)
    return f"# yaml-language-server: $schema={schema}\n" + body


def _ordered(doc: JSON) -> JSON:
    return {k: doc[k] for k in SERVICE_KEYS if k in doc}


class Importer:
    def __init__(self, target: Target, force: bool) -> None:
        self.target = target
        self.force = force
        self.report = ImportReport()
        self.files: dict[str, str] = {}  # path below root -> text
        self.taken: set[str] = set()
        self.org_slugs: dict[str, str] = {}  # feed organisation id or plain name -> slug

    def slug(self, folder: str, name: str, existing: str | None) -> str:
        if existing:
            return existing
        base = slugify(name) or "imported"
        slug, n = base, 1
        while (f"{folder}/{slug}" in self.taken
               or (self.target.root / folder / f"{slug}.yml").exists()):
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(f"{folder}/{slug}")
        return slug

    def organisation(self, item: Any, service_name: str) -> str:
        org = item if isinstance(item, dict) else {}
        doc, defaults = read_organisation(org, service_name)
        org_id = org.get("id") or self.target.ids.of("organisation", slugify(doc["name"]))
        plain = plain_name(doc["name"])
        for seen in (org_id, plain):
            if seen in self.org_slugs:
                return self.org_slugs[seen]
        slug = self.existing_organisation(org_id, plain, doc["name"])
        path = f"{ORGANISATIONS_DIR}/{slug}.yml" if slug else ""
        if not slug:
            slug = self.slug(ORGANISATIONS_DIR, doc["name"], None)
            path = f"{ORGANISATIONS_DIR}/{slug}.yml"
            self.near_match(path, doc["name"], plain)
            self.write(path, doc, "organisation", defaults)
            self.report.organisations.append((path, doc["name"]))
            self.derived(path, org.get("id"))
        elif self.force and self.target.organisations.get(org_id) == slug:
            self.write(path, doc, "organisation", defaults)
            self.report.organisations.append((path, doc["name"]))
        self.org_slugs[org_id] = self.org_slugs[plain] = slug
        return slug

    def existing_organisation(self, org_id: str, plain: str, name: str) -> str | None:
        """The project's own file for this organisation: the same feed id, else the same
        name once accents, case, symbols and 'the', 'Ltd' are set aside."""
        slug = self.target.organisations.get(org_id)
        if slug:
            if not self.force:
                self.report.reused.append((f"{ORGANISATIONS_DIR}/{slug}.yml", name,
                                           "same Open Referral id"))
            return slug
        slug = self.target.organisation_names.get(plain)
        if slug:
            self.report.reused.append((f"{ORGANISATIONS_DIR}/{slug}.yml", name, "same name"))
        return slug

    def near_match(self, path: str, name: str, plain: str) -> None:
        names = self.target.organisation_names
        close = difflib.get_close_matches(plain, list(names), n=1, cutoff=NEAR)
        if close:
            self.report.near.append((path, name, f"{ORGANISATIONS_DIR}/{names[close[0]]}.yml"))

    def derived(self, path: str, given: Any) -> None:
        if given and not is_uuid(given):
            self.report.derived.append((path, str(given), self.target.ids.source(given)))

    def check_new(self, items: list[JSON]) -> None:
        """Refuse (unless forced) to replace services the project already has."""
        problems = [Problem(f"{SERVICES_DIR}/{slug}.yml", 0, "this service is already in the "
                            f"project (Open Referral id {item['id']}); use --force to replace it")
                    for item in items if (slug := self.target.services.get(item.get("id")))]
        if problems and not self.force:
            raise ContentError(problems)

    def service(self, item: JSON) -> None:
        existing = self.target.services.get(item.get("id"))
        reader = ServiceReader(self.target, item)
        organisation = self.organisation(item.get("organization"), plain_words(item["name"]))
        doc = _ordered(with_extras(reader.read(organisation), reader.rest))
        slug = self.slug(SERVICES_DIR, doc["name"], existing)
        path = f"{SERVICES_DIR}/{slug}.yml"
        self.write(path, doc, "service", reader.defaults)
        self.report.services.append((path, doc["name"]))
        self.derived(path, item.get("id"))
        for term in reader.meaning.unmapped:
            self.report.unmapped[term] += 1
            if term not in self.report.hints:
                label = term.split("\u201c", 1)[-1].rstrip("\u201d")
                self.report.hints[term] = self.target.vocabulary.closest(label)

    def write(self, path: str, doc: JSON, kind: str, defaults: list[str]) -> None:
        if defaults:
            self.report.defaults[path] = defaults
        problems = validate(YamlFile(path, json.loads(json.dumps(doc, default=str)), {}), kind)
        self.report.notes += [f"Check {p}" for p in problems]
        self.files[path] = yaml_text(doc, schema_ref(self.target.root, path, kind,
                                                     self.target.site_url))


def import_feed(feed_path: Path, root: Path, service_type: str | None = None,
                force: bool = False, mapping: Path | None = None,
                strict: bool = False) -> ImportReport:
    """Write service and organisation files from a feed; nothing is written if any service
    is already in the project (unless `force`), or (with `strict`) if any record is broken.
    Broken records are otherwise skipped and reported with their position."""
    feed = read_feed(Path(feed_path), strict)
    importer = Importer(load_target(Path(root), service_type, mapping), force)
    importer.report.shape, importer.report.skipped = feed.shape, feed.skipped
    importer.check_new(feed.services)
    for item in feed.services:
        importer.service(item)
    for path, content in importer.files.items():
        target = Path(root) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return importer.report


def suggest_mapping(feed_path: Path, root: Path, out: Path) -> list[str]:
    """Write a starting mapping for a feed (its terms and supplier fields, each with the
    council's closest title where one is close, else {}); the lines of the report."""
    feed: Feed = read_feed(Path(feed_path))
    target = load_target(Path(root), None)
    mapping, notes = suggest(feed.services, target.vocabulary)
    inside = _relative(out, target.root)
    ref = schema_ref(target.root, inside, "oruk-mapping", "") if inside else "schemas/"
    header = ((f"# yaml-language-server: $schema={ref}\n" if not ref.startswith("schemas/")
               else "# The format of this file: docs/open-referral.md, 'The mapping file'.\n")
              + "# A starting mapping from the feed's own terms to this project's ids. Check each\n"
              "# one: a term with {} means nothing here (it is listed in the import report).\n")
    body = yaml.dump(mapping, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(header + (body if mapping else "terms: {}\n"), encoding="utf-8")
    return [f"Wrote {out}: {len(notes)} terms and fields from {feed.shape} to map.", *notes]


def _relative(path: Path, root: Path) -> str:
    """The path below the project's folder ('' if it is outside: the relative $schema path
    would then be wrong)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return ""
