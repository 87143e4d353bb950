"""Write Local Offer YAML from an Open Referral UK 3.0 feed.

`import_feed` reads one service (`/services/{id}`), a page of services (`contents`) or a JSON
list of services, and writes `local-offer/services/<slug>.yml` and
`local-offer/organisations/<slug>.yml`. Ids are kept (`oruk: {id: ...}`), and every field the
model has no place for is kept in the `oruk` extras of the object it belongs to, so exporting
writes it back (see `oruk_export` and docs/open-referral.md). SEND fields come back from the
attributes Ordinarily exports; a feed without them gets conservative defaults, listed in the
report so the council can check them. Contact details are never invented.
"""

from __future__ import annotations

import copy
import json
import re
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
    DETAIL_FIELDS,
    FACET_KEYS,
    STATUS_OUT,
    TERM_KEYS,
    Ids,
    attribute_id,
    first_sentence,
    model_age,
    namespace,
    our_attribute_key,
)

HOW_DEFAULT = "Contact the service to ask how to get it."
STATUS_IN = {v: k for k, v in STATUS_OUT.items()}
SERVICE_KEYS = ("name", "organisation", "status", "summary", "description", "alert", "needs",
                "ages", "phases", "types", "audiences", "places", "free", "costs", "access",
                "contact", "contacts", "locations", "schedules", "languages", "keywords",
                "reviewed", "oruk")
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
    defaults: dict[str, list[str]] = field(default_factory=dict)  # file -> defaults used
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Wrote {len(self.services)} service{'s' * (len(self.services) != 1)} and "
               f"{len(self.organisations)} organisation"
               f"{'s' * (len(self.organisations) != 1)}."]
        out += [f"  {path}: {name}" for path, name in self.services + self.organisations]
        out += [f"  {path}: {name} (already there, kept)"
                for path, name in self.kept_organisations]
        if self.defaults:
            out.append("The feed did not say everything Ordinarily needs; check these defaults:")
            for path, used in sorted(self.defaults.items()):
                out += [f"  {path}: {line}" for line in used]
        out += self.notes
        return out


@dataclass
class Target:
    """What the project importing the feed knows: its ids and its existing files."""

    root: Path
    ids: Ids
    needs: list[str]
    phases: list[str]
    facets: dict[str, list[str]]  # service_types, audiences, places -> ids
    default_type: str
    site_url: str = ""
    services: dict[str, str] = field(default_factory=dict)  # feed id -> existing slug
    organisations: dict[str, str] = field(default_factory=dict)


def read_feed(path: Path) -> list[JSON]:
    """The services in a feed file; ContentError with a one-line message if it is not one."""
    shown = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except OSError as exc:
        raise ContentError([Problem(shown, 0, f"cannot read the feed: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, 0, "the feed is not UTF-8 text")]) from None
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ContentError([Problem(shown, 0, f"the feed is not valid JSON{where}")]) from None
    items = _items(data)
    if items is None:
        raise ContentError([Problem(shown, 0, "this is not an Open Referral UK feed: expected "
                                    "one service (/services/{id}), a page of services (with "
                                    "'contents') or a list of services")])
    bad = [i for i, item in enumerate(items) if not (isinstance(item, dict) and text(
        item.get("name")))]
    if bad:
        raise ContentError([Problem(shown, 0, f"item {bad[0] + 1} of the feed is not a service "
                                    "with a name; every service needs one")])
    return items


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number in JSON")


def _items(data: Any) -> list | None:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict) and {"name", "services", "service"} & set(data):
        data = [data]
    if not isinstance(data, list):
        return None
    return [service for item in data for service in feed_services(item)]


def feed_services(item: Any) -> list:
    """The services in one feed object: a service, an organisation with its `services`, or a
    service_at_location with its `service` (each service then holds the other object)."""
    if not isinstance(item, dict):
        return [item]
    if isinstance(item.get("services"), list) and "organization" not in item:
        org = {k: v for k, v in item.items() if k != "services"}
        return [{**s, "organization": org} if isinstance(s, dict) else s
                for s in item["services"]]
    if isinstance(item.get("service"), dict) and "name" not in item:
        sal = {k: v for k, v in item.items() if k != "service"}
        service = dict(item["service"])
        service.setdefault("service_at_locations", [sal])
        return [service]
    return [item]


def load_target(root: Path, service_type: str | None) -> Target:
    settings = load_settings(root)
    taxonomy = load_taxonomy(root)
    path = root / TAXONOMY_FILE
    if not path.exists():
        raise ContentError([Problem(TAXONOMY_FILE, 0, "the Local Offer's taxonomy is missing: "
                                    "imported services need its service types")])
    data = read_yaml(path, root).data or {}
    facets = {k: [t["id"] for t in data.get(k) or [] if isinstance(t, dict) and "id" in t]
              for k in ("service_types", "audiences", "places")}
    if service_type and service_type not in facets["service_types"]:
        raise ContentError([Problem(TAXONOMY_FILE, 0, f"--type {service_type} is not one of "
                                    f"the service types: {', '.join(facets['service_types'])}")])
    if not facets["service_types"]:
        raise ContentError([Problem(TAXONOMY_FILE, 0, "there are no service types")])
    target = Target(root=root, ids=Ids(namespace(settings)),
                    needs=[n for a in taxonomy.areas for n in a.need_ids] if taxonomy else [],
                    phases=[p.id for p in taxonomy.phases] if taxonomy else [], facets=facets,
                    default_type=service_type or facets["service_types"][0],
                    site_url=settings.site_url)
    target.services = _existing(target, SERVICES_DIR, "service")
    target.organisations = _existing(target, ORGANISATIONS_DIR, "organisation")
    return target


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


# Services ---------------------------------------------------------------------------------


class ServiceReader:
    """Turns one feed service into the YAML of a service file."""

    def __init__(self, target: Target, item: JSON) -> None:
        self.target = target
        self.rest = Rest(copy.deepcopy(item))
        self.sid = item.get("id")
        self.defaults: list[str] = []

    def default(self, what: str, value: Any, why: str = "the feed does not say") -> Any:
        self.defaults.append(f"{what}: {_shown(value)} ({why})")
        return value

    def read(self, organisation: str) -> JSON:
        r = self.rest
        org = r.pop("organization", None)
        if isinstance(org, dict):
            r.drop_ref("organization_id", org.get("id"))
        doc: JSON = {"name": r.take("name")}
        doc["organisation"] = organisation
        status = r.get("status")
        doc["status"] = STATUS_IN[r.pop("status")] if status in STATUS_IN else self.default(
            "status", "active")
        description = r.take("description")
        facts = self.attributes()
        doc["summary"] = facts.pop("summary", None) or self.default(
            "summary", first_sentence(description or doc["name"], SUMMARY_LIMIT),
            "taken from the description")
        doc["description"] = description or self.default("description", doc["name"])
        alert = r.take("alert")
        if alert:
            doc["alert"] = alert
        doc.update(self.facets(facts))
        doc["ages"] = self.ages()
        doc["free"] = facts["free"]
        doc.update(self.lists())
        doc["access"] = self.access(facts)
        doc["contact"] = self.contact()
        doc.update(self.more_lists(facts.get("keyword", [])))
        doc["reviewed"] = self.reviewed()
        self.defaults.sort(key=_report_order)
        return doc

    def facets(self, facts: JSON) -> JSON:
        out = {}
        for name in ("needs", "phases", "types", "audiences", "places"):
            out[name] = facts.get(name) or self.facet_default(name)
        return {k: out[k] for k in ("needs", "phases", "types", "audiences", "places")}

    def facet_default(self, name: str) -> Any:
        if name == "types":
            return self.default("types", [self.target.default_type])
        if name == "audiences":
            known = self.target.facets["audiences"]
            return self.default("audiences", ["families"] if "families" in known else known[:1])
        return self.default(name, o.ALL)

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
        rest.drop_ref("id", attribute_id(self.target.ids, str(self.sid), key, code, n))
        rest.drop_ref("link_id", self.sid)
        rest.drop_ref("link_entity", "service")
        rest.pop("taxonomy_term_id", None)
        if key == "details":
            rest.pop("value", None)
        term = {k: v for k, v in rest.pop("taxonomy_term").items() if k not in TERM_KEYS}
        if not term and set(rest) <= {"link_type"}:
            return None
        rest["taxonomy_term"] = {"taxonomy": BY_KEY[key].name, "term": code, **term}
        return dict(rest)

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
            facts[name] = True if yes in codes else False if no in codes else self.default(
                name.replace("_", " "), False)
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

    def ages(self) -> JSON:
        r = self.rest
        ages = {"from": model_age(r.get("minimum_age"), True),
                "to": model_age(r.get("maximum_age"), False)}
        for end, default in (("from", 0), ("to", 25)):
            if ages[end] is None:
                ages[end] = self.default(f"ages: {end}", default)
        if ages["from"] > ages["to"]:
            ages = {"from": 0, "to": 25}
            self.default("ages", "0 to 25", "the feed's ages are the wrong way round")
        for key, end in (("minimum_age", "from"), ("maximum_age", "to")):
            if key in r and r[key] == ages[end]:
                del r[key]  # else the feed's own value (e.g. 100) is kept and written back
        return ages

    def access(self, facts: JSON) -> JSON:
        how = facts.get("how") or self.default("access: how", HOW_DEFAULT)
        access = {"self_referral": facts["self_referral"],
                  "diagnosis_needed": facts["diagnosis_needed"], "how": how}
        for name in ("waiting_time", "eligibility"):
            if facts.get(name):
                access[name] = facts[name]
        return access

    def contact(self) -> JSON:
        r = self.rest
        contact = {}
        voice, text_phone = take_phones(r, ("voice", "text"))
        for key, value in (("phone", voice), ("email", r.take("email", matches("email"))),
                           ("website", r.take("url", matches("url"))), ("text", text_phone)):
            if value:
                contact[key] = value
        if not contact:
            self.defaults.append("contact: none that fits (add a phone, email or website)")
        return contact

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
        return {"description": description}

    def location(self, r: Rest) -> JSON | None:
        place = r.get("location")
        if not isinstance(place, dict) or not text(place.get("name")):
            return None
        loc = Rest(copy.deepcopy(place))
        r.drop_ref("service_id", self.sid)
        r.drop_ref("location_id", loc.get("id"))
        found = read_location(loc)
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

    def reviewed(self) -> date:
        r = self.rest
        assured = r.get("assured_date")
        if matches("date")(assured) and _date(assured):
            del r["assured_date"]
            return _date(assured)
        modified = r.get("last_modified")
        if isinstance(modified, str) and _date(modified[:10]):
            return self.default("reviewed", _date(modified[:10]), "from last_modified")
        return self.default("reviewed", date.today(), "the day of the import")


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
    return {**model, "oruk": dict(rest)} if rest else model


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


def read_location(loc: Rest) -> JSON:
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
    accessibility = _take_slot(loc, "accessibility", lambda r: r.take("description"))
    if accessibility:
        found["accessibility"] = accessibility
    return found


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
    name = r.take("name")
    if name is None:
        name = name_default
        defaults.append(f"name: {name} (the feed names no organisation; named after the "
                        "service)")
    description = r.take("description")
    if description is None:
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
        self.org_slugs: dict[str, str] = {}  # feed organisation id -> slug

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
        org_id = org.get("id") or self.target.ids.of("organisation", slugify(service_name))
        if org_id in self.org_slugs:
            return self.org_slugs[org_id]
        existing = self.target.organisations.get(org_id)
        doc, defaults = read_organisation(org, service_name)
        slug = self.slug(ORGANISATIONS_DIR, doc["name"], existing)
        self.org_slugs[org_id] = slug
        path = f"{ORGANISATIONS_DIR}/{slug}.yml"
        if existing and not self.force:
            self.report.kept_organisations.append((path, doc["name"]))
            return slug
        self.write(path, doc, "organisation", defaults)
        self.report.organisations.append((path, doc["name"]))
        return slug

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
        organisation = self.organisation(item.get("organization"), item["name"])
        doc = _ordered(with_extras(reader.read(organisation), reader.rest))
        slug = self.slug(SERVICES_DIR, doc["name"], existing)
        path = f"{SERVICES_DIR}/{slug}.yml"
        self.write(path, doc, "service", reader.defaults)
        self.report.services.append((path, doc["name"]))

    def write(self, path: str, doc: JSON, kind: str, defaults: list[str]) -> None:
        if defaults:
            self.report.defaults[path] = defaults
        problems = validate(YamlFile(path, json.loads(json.dumps(doc, default=str)), {}), kind)
        self.report.notes += [f"Check {p}" for p in problems]
        self.files[path] = yaml_text(doc, schema_ref(self.target.root, path, kind,
                                                     self.target.site_url))


def import_feed(feed_path: Path, root: Path, service_type: str | None = None,
                force: bool = False) -> ImportReport:
    """Write service and organisation files from a feed; nothing is written if any service
    is already in the project (unless `force`)."""
    items = read_feed(Path(feed_path))
    importer = Importer(load_target(Path(root), service_type), force)
    importer.check_new(items)
    for item in items:
        importer.service(item)
    for path, content in importer.files.items():
        target = Path(root) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return importer.report
