"""Copy the example project and give it N realistic synthetic Local Offer services.

    .venv/bin/python benchmarks/generate_services.py 10000 /tmp/bench-10k --seed 1

The copy has the example's settings, guide (needs/), hand-written pages (content/), Local Offer
taxonomy, organisations and "You said, we did", so it builds like the example; its
local-offer/services/ holds only the generated services. Every service id the copied content
refers to (a need's related_services, its family view's advice_services, a next step's service,
a feedback entry, a link in content/) is generated too, so
`ordinarily validate OUT_DIR` passes. The output depends only on N and the seed: service number
i is drawn from its own generator seeded with (seed, i), so the first 2,000 services of a
10,000-service run are those of a 2,000-service run.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

import vocabulary as v
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example"
MARKER = ".ordinarily-benchmark"
# Everything in the example is copied (a folder a new section adds, such as plans/, included)
# except its services, which the generated ones replace, and what a build or serve leaves.
NOT_COPIED = ("local-offer/services", "site", ".cache")
SCHEMA_LINE = ("# yaml-language-server: "
               "$schema=../../plugins/ordinarily/schemas/service.schema.json\n")
FIRST_REVIEW = date(2025, 1, 6)
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class Zipf:
    """Picks from a list with weight 1 / rank ** s: the first items often, the tail rarely."""

    def __init__(self, items: list[str], s: float = 1.0) -> None:
        self.items = items
        self.cum = list(accumulate(1 / (rank ** s) for rank in range(1, len(items) + 1)))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect_left(self.cum, rng.random() * self.cum[-1])]


def _pseudo_names() -> list[str]:
    """About 7,000 place-like and family names ("Bramwick", "Oakleyford"): the long tail of
    proper nouns every real directory has."""
    rng = random.Random("pseudo-names")
    two = sorted({(a + b).capitalize() for a in v.STEMS for b in v.STEMS if a != b})
    three = sorted({(a + b + c).capitalize() for a in v.STEMS[:20] for b in v.STEMS[10:30]
                    for c in v.STEMS[20:] if len({a, b, c}) == 3})
    names = two + rng.sample(three, 5000)
    rng.shuffle(names)
    return names


TOPICS, RARE = Zipf(v.TOPICS), Zipf(v.RARE, 0.8)
SENTENCES, PSEUDO = Zipf(v.SENTENCES, 0.8), Zipf(_pseudo_names(), 0.5)
SURNAMES = Zipf(v.SURNAMES + PSEUDO.items[:600], 0.9)
LANGUAGES = Zipf(v.LANGUAGES)


@dataclass(frozen=True)
class Terms:
    """The ids a service may use, read from the copied project."""

    needs: list[str]
    phases: dict[str, tuple[int, int]]  # id -> ages
    types: list[str]
    type_titles: dict[str, str]
    audiences: list[str]
    places: dict[str, str]  # id -> title
    organisations: dict[str, str]  # id -> name


def _load(path: Path) -> Any:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)


def read_terms(project: Path) -> Terms:
    guide = _load(project / "needs/taxonomy.yml")
    offer = _load(project / "local-offer/taxonomy.yml")
    orgs = {p.stem: _load(p)["name"]
            for p in sorted((project / "local-offer/organisations").glob("*.yml"))}
    return Terms(
        needs=[n for area in guide["areas"] for n in area["needs"]],
        phases={p["id"]: _ages(str(p.get("ages", ""))) for p in guide["phases"]},
        types=[t["id"] for t in offer["service_types"]],
        type_titles={t["id"]: t["title"] for t in offer["service_types"]},
        audiences=[t["id"] for t in offer["audiences"]],
        places={t["id"]: t["title"] for t in offer["places"]},
        organisations=orgs)


def _ages(text: str) -> tuple[int, int]:
    found = [int(n) for n in re.findall(r"\d+", text)]
    return (found[0], found[-1]) if found else (0, 25)


def _service_refs(data: Any) -> set[str]:
    """Service ids anywhere in a guide file: `related_services` and `advice_services` lists,
    and `service:` values (next steps)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("related_services", "advice_services") and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            elif key == "service" and isinstance(value, str):
                found.add(value)
            else:
                found |= _service_refs(value)
    elif isinstance(data, list):
        for item in data:
            found |= _service_refs(item)
    return found


def required_ids(project: Path) -> list[str]:
    """Service ids the copied guide, feedback and pages refer to."""
    found: set[str] = set()
    for path in (project / "needs").rglob("*.yml"):
        data = _load(path)
        found.update(_service_refs(data))
    feedback = project / "local-offer/you-said-we-did.yml"
    if feedback.exists():
        for entry in _load(feedback).get("entries", []):
            found.update((entry.get("changed") or {}).get("services", []))
    for page in (project / "content").rglob("*.md"):
        found.update(re.findall(rf"services/({_ID})", page.read_text("utf-8")))
    return sorted(found)


def copy_example(source: Path, out: Path) -> None:
    """Copy the example project's files into `out`, replacing an earlier benchmark copy."""
    if out.resolve() == source.resolve():
        raise SystemExit("refusing to write into the project itself")
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"{out} is not empty and was not made by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by benchmarks/generate_services.py\n")
    skip = {source / item for item in NOT_COPIED}
    shutil.copytree(source, out, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if Path(folder, n) in skip])
    (out / "local-offer/services").mkdir(parents=True)


# --- one service ---------------------------------------------------------------------------

class Draw:
    """The random choices for one service, and the words they lead to."""

    def __init__(self, terms: Terms, seed: int, number: int) -> None:
        self.rng = rng = random.Random(f"{seed}:{number}")
        self.terms = terms
        self.types = _types(rng, terms.types)
        self.needs = "all" if rng.random() < 0.08 else rng.sample(terms.needs, _count(rng, 4))
        self.audiences = rng.sample(terms.audiences, 1 + (rng.random() < 0.35))
        self.places = "all" if rng.random() < 0.2 else rng.sample(list(terms.places),
                                                                  1 + (rng.random() < 0.25))
        place = rng.choice(list(terms.places)) if self.places == "all" else self.places[0]
        localities, self.town, self.district = v.PLACES.get(
            place, ([terms.places[place]], "Anytown", "AN1"))
        self.locality = rng.choice(localities)
        self.need = rng.choice(terms.needs) if self.needs == "all" else self.needs[0]
        self.organisation = rng.choice(sorted(terms.organisations))
        title = terms.type_titles[self.types[0]]
        self.activity = rng.choice(v.ACTIVITIES.get(self.types[0], [f"{title} Service"]))

    def need_words(self) -> tuple[list[str], str]:
        fallback = self.need.replace("-", " ")
        return v.NEED_WORDS.get(self.need, ([fallback.title()], fallback))

    def who(self) -> str:
        return v.WHO.get(self.audiences[0], self.audiences[0].replace("-", " "))


def _types(rng: random.Random, types: list[str]) -> list[str]:
    weights = [4 if t in ("short-breaks", "leisure-and-activities", "health") else 1
               for t in types]
    first = rng.choices(types, weights)[0]
    rest = [t for t in types if t != first]
    return [first, rng.choice(rest)] if rest and rng.random() < 0.3 else [first]


def _count(rng: random.Random, most: int) -> int:
    return min(most, 1 + int(rng.expovariate(0.9)))


def service_name(d: Draw) -> str:
    rng, (need_names, need_text) = d.rng, d.need_words()
    need = rng.choice(need_names)
    audience = rng.choice(v.AUDIENCE_WORDS.get(d.audiences[0], [""]))
    forms = [f"{d.locality} {d.activity}", f"{d.locality} {need} {d.activity}",
             f"{need} {audience} {d.activity}", f"{d.locality} {need} {audience} {d.activity}",
             f"{d.activity} for Children with {need_text.title()}",
             f"{PSEUDO.pick(rng)} {d.activity}"]
    return " ".join(rng.choices(forms, [5, 4, 3, 3, 1, 2])[0].split())


def _fill(d: Draw, template: str, name: str) -> str:
    rng = d.rng
    slots = {
        "name": lambda: name, "kind": lambda: d.activity.lower(), "who": d.who,
        "need": lambda: d.need_words()[1], "locality": lambda: d.locality,
        "when": lambda: rng.choice(v.WHEN), "activity": lambda: d.activity.lower(),
        "topic": lambda: TOPICS.pick(rng), "rare": lambda: RARE.pick(rng),
        "staff": lambda: rng.choice(v.STAFF), "staff_one": lambda: rng.choice(v.STAFF)[:-1],
        "org": lambda: d.terms.organisations[d.organisation], "venue": lambda: _venue(d),
        "days": lambda: rng.choice(v.DAYS) + "s", "day": lambda: rng.choice(v.DAYS),
        "time": lambda: rng.choice(v.TIMES), "person": lambda: _person(rng),
        "pseudo": lambda: PSEUDO.pick(rng),
    }
    text = re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)](), template)
    return text[0].upper() + text[1:]


def _venue(d: Draw) -> str:
    where = PSEUDO.pick(d.rng) if d.rng.random() < 0.5 else d.locality
    return f"{where} {d.rng.choice(v.VENUE_KINDS)}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(v.FIRST_NAMES)} {SURNAMES.pick(rng)}"


def description(d: Draw, name: str) -> str:
    """80 to 180 words in two to four paragraphs."""
    target = d.rng.randint(80, 165)
    sentences = [_fill(d, d.rng.choice(v.OPENINGS), name)]
    used: set[str] = set()
    while _words(sentences) < target:
        template = SENTENCES.pick(d.rng)
        if template not in used or len(used) == len(v.SENTENCES):
            used.add(template)
            sentences.append(_fill(d, template, name))
    closing = _fill(d, d.rng.choice(v.CLOSINGS), name)
    if d.rng.random() < 0.7 and _words([*sentences, closing]) <= 180:
        sentences.append(closing)
    size = max(2, len(sentences) // d.rng.randint(2, 3))
    paragraphs = [" ".join(sentences[i:i + size]) for i in range(0, len(sentences), size)]
    return "\n\n".join(paragraphs) + "\n"


def _words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def _phases_and_ages(d: Draw) -> tuple[str | list[str], dict[str, int]]:
    phases = list(d.terms.phases)
    if d.rng.random() < 0.15 or not phases:
        return "all", {"from": 0, "to": 25}
    start = d.rng.randrange(len(phases))
    chosen = phases[start:start + d.rng.randint(1, 3)]
    low, high = d.terms.phases[chosen[0]][0], d.terms.phases[chosen[-1]][1]
    low = min(high, low + d.rng.choice([0, 0, 0, 1, 2]))
    high = max(low, high - d.rng.choice([0, 0, 0, 1, 2]))
    return chosen, {"from": low, "to": high}


def _costs(d: Draw, free: bool) -> list[dict[str, Any]]:
    if free:
        return [{"option": "All sessions", "amount": 0}] if d.rng.random() < 0.4 else []
    costs: list[dict[str, Any]] = []
    for option in d.rng.sample(v.COST_OPTIONS, 1 + (d.rng.random() < 0.3)):
        cost: dict[str, Any] = {"option": option,
                                "amount": d.rng.choice([2, 3.5, 5, 7.5, 10, 15, 25, 40, 60])}
        if d.rng.random() < 0.4:
            cost["description"] = "Concessions for families on a low income; short breaks " \
                                  "grants can be used."
        costs.append(cost)
    return costs


def _access(d: Draw) -> dict[str, Any]:
    rng = d.rng
    access: dict[str, Any] = {"self_referral": rng.random() < 0.65,
                              "diagnosis_needed": rng.random() < 0.12,
                              "how": rng.choice(v.HOW) + "\n"}
    if rng.random() < 0.5:
        access["waiting_time"] = rng.choice(v.WAITING)
    if rng.random() < 0.3:
        access["eligibility"] = rng.choice(v.ELIGIBILITY) + "\n"
    return access


def _contact(d: Draw, service_id: str) -> dict[str, str]:
    domain = f"{d.organisation}.example.org.uk"
    contact = {"phone": f"01632 960{d.rng.randrange(1000):03d}",
               "email": f"{service_id[:24].rstrip('-')}@{domain}",
               "website": f"https://{domain}/{service_id}"}
    if d.rng.random() < 0.1:
        contact["text"] = f"07700 900{d.rng.randrange(1000):03d}"
    keep = d.rng.sample(sorted(contact), d.rng.randint(1, len(contact)))
    return {k: contact[k] for k in ("phone", "email", "website", "text") if k in keep}


def _locations(d: Draw) -> list[dict[str, Any]]:
    rng, found = d.rng, []
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        if rng.random() < 0.12:
            found.append({"name": "Online and by phone", "online": True})
            continue
        letters = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
        location: dict[str, Any] = {"name": _venue(d), "address": {
            "street": f"{rng.randint(1, 180)} {rng.choice(v.STREETS)}", "town": d.town,
            "county": v.COUNTY, "postcode": f"{d.district} {rng.randint(1, 9)}{letters}"}}
        if rng.random() < 0.6:
            location["accessibility"] = rng.choice(v.ACCESSIBILITY)
        found.append(location)
    return found


def _schedules(d: Draw) -> list[dict[str, str]]:
    rng = d.rng
    return [{"description": f"{rng.choice(v.DAYS)}s, {rng.choice(v.TIMES)}, {rng.choice(v.WHEN)}."}
            for _ in range(rng.choice([0, 1, 1, 2]))]


def service(terms: Terms, seed: int, number: int, service_id: str | None,
            taken: set[str]) -> tuple[str, dict[str, Any]]:
    """Service number `number` as (id, data); `service_id` forces its id."""
    d = Draw(terms, seed, number)
    forced = service_id is not None
    name = service_id.replace("-", " ").capitalize() if service_id else service_name(d)
    service_id = service_id or _unique(_slug(name), taken)
    taken.add(service_id)
    free = d.rng.random() < 0.45
    phases, ages = _phases_and_ages(d)
    status = "active" if forced or d.rng.random() < 0.96 else "temporarily-closed"
    summary = f"{d.activity} for {d.who()} with {d.need_words()[1]} in {d.locality}."
    data: dict[str, Any] = {
        "name": name, "organisation": d.organisation, "status": status, "summary": summary,
        "description": description(d, name), "needs": d.needs, "ages": ages, "phases": phases,
        "types": d.types, "audiences": d.audiences, "places": d.places, "free": free,
        "costs": _costs(d, free), "access": _access(d), "contact": _contact(d, service_id),
        "locations": _locations(d), "schedules": _schedules(d),
        "languages": ["English", *sorted({LANGUAGES.pick(d.rng) for _ in range(_extra(d))})],
        "keywords": sorted(d.rng.sample(v.KEYWORDS, d.rng.choice([0, 0, 1, 2, 3, 4]))),
        "reviewed": FIRST_REVIEW + timedelta(days=d.rng.randrange(660))}
    if status != "active":
        data["alert"] = "Closed for refurbishment; sessions restart next term."
    return service_id, {k: val for k, val in data.items() if val != []}


def _extra(d: Draw) -> int:
    return 0 if d.rng.random() < 0.7 else d.rng.randint(1, 2)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --- writing -------------------------------------------------------------------------------

class _Dumper(yaml.CSafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def write_services(project: Path, count: int, seed: int) -> list[str]:
    """Write `count` services (at least the required ones); return their ids."""
    terms = read_terms(project)
    required = required_ids(project)
    taken: set[str] = set(required)
    ids = []
    folder = project / "local-offer/services"
    for number in range(max(count, len(required))):
        forced = required[number] if number < len(required) else None
        service_id, data = service(terms, seed, number, forced, taken)
        text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        (folder / f"{service_id}.yml").write_text(SCHEMA_LINE + text, encoding="utf-8")
        ids.append(service_id)
    return ids


def generate(count: int, out: Path, seed: int = 1, source: Path = EXAMPLE) -> list[str]:
    copy_example(source, out)
    return write_services(out, count, seed)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("count", type=int, help="how many services to write")
    p.add_argument("out", type=Path, help="folder for the project copy (replaced if it is an "
                                          "earlier copy made by this script)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--source", type=Path, default=EXAMPLE, help="the example project to copy")
    args = p.parse_args(argv)
    ids = generate(args.count, args.out, args.seed, args.source)
    print(f"Wrote {len(ids)} services to {args.out / 'local-offer/services'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
