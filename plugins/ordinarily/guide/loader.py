"""Load the guide's YAML files, validate them and their cross-references, build the model.

Every problem in every file is collected before anything is raised, so a contributor sees the
whole list at once, sorted by file and line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ordinarily.core import parse_cache
from ordinarily.core.problems import (
    ContentError,
    Problem,
    a_or_an,
    did_you_mean,
    quoted,
    slugify,
    unknown_id,
)
from ordinarily.core.schemas import validate
from ordinarily.core.yamlfile import YamlFile, read_yaml
from ordinarily.guide import model as m
from ordinarily.guide.taxonomy_checks import taxonomy_problems

NEEDS_DIR = "needs"
GUIDE_FILES = {
    "taxonomy": "taxonomy.yml",
    "universal": "universal.yml",
    "apdr": "apdr.yml",
    "glossary": "glossary.yml",
    "checker": "checker.yml",
}
OTHER_FILES = {"next-steps.yml"}  # read by ordinarily.next_steps ("What can I do next?")
RESERVED_PREFIXES = ("tier-", "phase-", "section-")
SWITCH_OFF_CHECKER = ("; add it, or switch the quick needs checker off in ordinarily.yml "
                      "(under sections:, write checker: false)")


class Collector:
    """Reads files and keeps every problem instead of stopping at the first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.words = m.Labels()  # the taxonomy's words for its kinds, once it is read
        self.cache = parse_cache.active()  # set by `load_project`: files parsed before

    def read(self, path: Path, kind: str) -> YamlFile | None:
        try:
            doc = read_yaml(path, self.root, self.cache)
        except ContentError as exc:
            self.problems += exc.problems
            return None
        found = validate(doc, kind)
        self.problems += found
        return None if found else doc

    def add(self, doc: YamlFile, where: tuple, message: str) -> None:
        self.problems.append(doc.problem(where, message))

    def check_ids(self, doc: YamlFile, items: Iterable[tuple[tuple, str]], kind: str) -> set[str]:
        """Report duplicate ids among (where, id) pairs; return the set of ids."""
        seen: dict[str, tuple] = {}
        for where, item_id in items:
            if item_id in seen:
                first = doc.line(seen[item_id])
                self.add(doc, (*where, "id"), f"the {kind} id '{item_id}' is used twice "
                                              f"(first on line {first}); ids must be unique")
            else:
                seen[item_id] = where
        return set(seen)

    def check_refs(self, doc: YamlFile, where: tuple, values: Iterable[str], known: Iterable[str],
                   kind: str) -> None:
        known = list(known)
        for i, value in enumerate(values):
            if value not in known:
                self.add(doc, (*where, i), unknown_id(kind, value, known))

    def date(self, doc: YamlFile, where: tuple, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add(doc, where, f"{quoted(value)} is not a real date; write YYYY-MM-DD, "
                                 "for example 2026-09-14")
            return date(1970, 1, 1)

    def review(self, doc: YamlFile) -> m.Review | None:
        """The file's review, None without a date (a gap `check-content` reports)."""
        if "reviewed" not in doc.data:
            return None
        return m.Review(self.date(doc, ("reviewed",), doc.data["reviewed"]),
                        doc.data.get("review_owner", ""))


def load_guide(root: Path, with_checker: bool = True,
               service_ids: Iterable[str] | None = None) -> m.Guide:
    """Load and check everything under `needs/`; raise ContentError listing every problem.

    `service_ids` are the Local Offer's services, which need files may name as related; None
    when the Local Offer is switched off (related services are then not checked or shown)."""
    c = Collector(root)
    folder = root / NEEDS_DIR
    if not folder.is_dir():
        raise ContentError([Problem(NEEDS_DIR, 0, "the folder of the guide's content is missing")])
    _check_stray_files(c, folder, with_checker)
    docs = {kind: _read_required(c, folder / name, kind) for kind, name in GUIDE_FILES.items()
            if kind != "checker" or with_checker}
    taxonomy = _taxonomy(c, docs["taxonomy"]) if docs["taxonomy"] else None
    if taxonomy is None:
        raise ContentError(c.problems)
    c.words = taxonomy.labels
    needs, need_ids = _needs(c, folder, taxonomy, docs["taxonomy"], service_ids)
    guide = m.Guide(
        taxonomy=taxonomy,
        needs=tuple(needs),
        universal=_universal(c, docs["universal"], taxonomy) if docs["universal"] else None,
        apdr=_apdr(c, docs["apdr"]) if docs["apdr"] else None,
        glossary=_glossary(c, docs["glossary"]) if docs["glossary"] else None,
        checker=_checker(c, docs["checker"], taxonomy, need_ids) if docs.get("checker") else None,
    )
    if c.problems:
        raise ContentError(c.problems)
    return guide


def load_taxonomy(root: Path) -> m.Taxonomy | None:
    """The guide's taxonomy alone (None when there is no taxonomy file)."""
    path = root / NEEDS_DIR / GUIDE_FILES["taxonomy"]
    if not path.exists():
        return None
    c = Collector(root)
    doc = c.read(path, "taxonomy")
    taxonomy = _taxonomy(c, doc) if doc else None
    if c.problems:
        raise ContentError(c.problems)
    return taxonomy


def _read_required(c: Collector, path: Path, kind: str) -> YamlFile | None:
    if not path.exists():
        c.problems.append(Problem(path.relative_to(c.root).as_posix(), 0,
                                  f"the file is missing: the guide needs its {kind} file"
                                  + (SWITCH_OFF_CHECKER if kind == "checker" else "")))
        return None
    return c.read(path, kind)


def _check_stray_files(c: Collector, folder: Path, with_checker: bool) -> None:
    expected = set(GUIDE_FILES.values()) | OTHER_FILES
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in expected and not path.name.startswith("."):
            shown = path.relative_to(c.root).as_posix()
            c.problems.append(Problem(shown, 0, "this file is not part of the guide"
                                      f"{did_you_mean(path.name, expected)}; need files go in "
                                      "the folder of their area, e.g. "
                                      "needs/<area-id>/<need-id>.yml"))


def _ids(items: list[dict]) -> tuple[str, ...]:
    return tuple(i["id"] for i in items)


def _taxonomy(c: Collector, doc: YamlFile) -> m.Taxonomy | None:
    data = doc.data
    words = m.Labels(**data.get("labels", {}))
    for key, kind in (("areas", words.area), ("tiers", words.tier), ("phases", words.phase)):
        c.check_ids(doc, (((key, i), item["id"]) for i, item in enumerate(data[key])), kind)
    areas = tuple(m.Area(id=a["id"], title=a["title"], summary=a.get("summary", ""),
                         need_ids=tuple(a["needs"]), formerly=tuple(a.get("formerly", [])))
                  for a in data["areas"])
    tiers = tuple(m.Term(id=t["id"], title=t["title"], summary=t["summary"],
                         checker=bool(t.get("checker", False)),
                         families_expect=bool(t.get("families_expect", False)))
                  for t in data["tiers"])
    phases = tuple(m.Term(id=p["id"], title=p["title"], ages=p["ages"],
                          summary=p.get("summary", "")) for p in data["phases"])
    taxonomy = m.Taxonomy(areas=areas, tiers=tiers, phases=phases, labels=words,
                          intro=data.get("intro", ""))
    c.problems += taxonomy_problems(doc, taxonomy)
    return taxonomy


def _needs(c: Collector, folder: Path, taxonomy: m.Taxonomy, taxonomy_doc: YamlFile,
           service_ids: Iterable[str] | None) -> tuple[list[m.Need], list[str]]:
    """The valid needs in the guide's order, and the ids of every need file found (a file with
    problems still exists, so other files may refer to it without a second error)."""
    area_ids = [a.id for a in taxonomy.areas]
    found: dict[str, m.Need] = {}
    docs: dict[str, YamlFile] = {}
    files: dict[str, str] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        shown = sub.relative_to(c.root).as_posix()
        if sub.name not in area_ids:
            area = taxonomy.labels.area
            c.problems.append(Problem(shown, 0, f"this folder is not {a_or_an(area)}: "
                                      f"{unknown_id(area, sub.name, area_ids)}; rename the "
                                      f"folder or add the {area} to needs/taxonomy.yml"))
            continue
        for path in sorted(sub.iterdir()):
            if path.is_file() and path.suffix in (".yml", ".yaml") and slugify(path.stem):
                # Known by the id it should have ('Autism.yml' is 'autism'): its own problem
                # says to rename it, and other files naming 'autism' get no second one.
                files.setdefault(slugify(path.stem), sub.name)
            read = _need_file(c, path, sub.name, taxonomy)
            if read is None:
                continue
            need, docs[need.id] = read
            if need.id in found:
                c.problems.append(Problem(need.source, 0, f"the need id '{need.id}' is also used "
                                          f"by {found[need.id].source}; need ids must be unique"))
            found[need.id] = need
    _check_area_lists(c, taxonomy_doc, taxonomy, files)
    order = [nid for a in taxonomy.areas for nid in a.need_ids if nid in found]
    needs = [found[nid] for nid in order]
    _check_need_links(c, needs, docs, list(files), service_ids)
    return needs, list(files)


def _need_file(c: Collector, path: Path, area: str,
               taxonomy: m.Taxonomy) -> tuple[m.Need, YamlFile] | None:
    shown = path.relative_to(c.root).as_posix()
    if path.is_dir() or path.suffix not in (".yml", ".yaml"):
        c.problems.append(Problem(shown, 0, "only need files (<need-id>.yml) belong in an "
                                  "area's folder"))
        return None
    need_id = path.stem
    slug = slugify(need_id)
    if need_id != slug:
        c.problems.append(Problem(shown, 0, f"the file name is the need's id and must be "
                                  f"lower-case letters, digits and hyphens: rename it {slug}.yml"))
        return None
    doc = c.read(path, "need")
    return (_need(c, doc, need_id, area, taxonomy), doc) if doc else None


def _phases(c: Collector, doc: YamlFile, where: tuple, value: list | None,
            allowed: tuple[str, ...], all_phases: list[str], scope: str) -> tuple[str, ...]:
    words = c.words
    if value is None:
        return allowed
    c.check_refs(doc, where, value, all_phases, words.phase)
    for i, phase in enumerate(value):
        if phase in all_phases and phase not in allowed:
            c.add(doc, (*where, i), f"the {words.phase} '{phase}' is outside the {scope}'s "
                                    f"{words.phases} ({', '.join(allowed)})")
    return tuple(p for p in all_phases if p in value)  # the taxonomy's order


def _need(c: Collector, doc: YamlFile, need_id: str, area: str,
          taxonomy: m.Taxonomy) -> m.Need:
    d = doc.data
    all_phases = [p.id for p in taxonomy.phases]
    tier_ids = [t.id for t in taxonomy.tiers]
    phases = _phases(c, doc, ("phases",), d.get("phases"), tuple(all_phases), all_phases,
                     "guide")
    notice = []
    for i, item in enumerate(d["notice"]):
        if "tier" in item and item["tier"] not in tier_ids:
            c.add(doc, ("notice", i, "tier"), unknown_id(c.words.tier, item["tier"], tier_ids))
        notice.append(m.Descriptor(item["text"], _phases(c, doc, ("notice", i, "phases"),
                                   item.get("phases"), phases, all_phases, "need"),
                                   item.get("tier")))
    c.check_ids(doc, ((("provision", i), p["id"]) for i, p in enumerate(d["provision"])),
                "provision entry")
    provision = [_provision(c, doc, i, p, phases, all_phases, tier_ids)
                 for i, p in enumerate(d["provision"])]
    need = m.Need(
        id=need_id, area=area, source=doc.path, title=d["title"], summary=d["summary"],
        review=c.review(doc), phases=phases, notice=tuple(notice), provision=tuple(provision),
        seek_help=tuple(d.get("seek_help", [])),
        tier_notes=_tier_notes(c, doc, d.get("tier_notes") or {}, tier_ids),
        apdr={k: tuple(v) for k, v in (d.get("apdr") or {}).items()},
        also_known_as=tuple(d.get("also_known_as", [])),
        related_needs=tuple(d.get("related_needs", [])),
        related_services=tuple(d.get("related_services", [])),
        formerly=tuple(d.get("formerly", [])),
        families=_families(c, doc, d["families"], provision, taxonomy)
        if "families" in d else None,
    )
    _check_formerly(c, doc, need)
    return need


def _families(c: Collector, doc: YamlFile, d: dict, provision: list[m.Provision],
              taxonomy: m.Taxonomy) -> m.FamilyView:
    """The need's `families:`; family words may be given only for entries the family view
    lists (at the tiers the taxonomy marks `families_expect`)."""
    expected = {t.id for t in taxonomy.families_tiers}
    listed = [p.id for p in provision if p.tier in expected]
    tiers = c.words.tiers
    words: dict[str, str] = {}
    for entry_id, text in (d.get("setting_should") or {}).items():
        where = ("families", "setting_should", entry_id)
        # an entry renamed through `formerly:` is still found by its old id
        entry = next((p for p in provision if p.id == entry_id), None) \
            or next((p for p in provision if entry_id in p.formerly), None)
        if entry is not None:
            words[entry.id] = text
        if entry is None:
            c.add(doc, where, unknown_id("provision entry", entry_id, listed))
        elif entry.tier not in expected:
            marked = ", ".join(sorted(expected)) or "none"
            c.add(doc, where, f"the entry '{entry_id}' is at the {c.words.tier} "
                              f"'{entry.tier}', which the family view does not list (it lists "
                              f"entries at the {tiers} marked 'families_expect: true' in "
                              f"needs/taxonomy.yml: {marked}); remove it here or mark its "
                              f"{c.words.tier} there")
    return m.FamilyView(
        notice_at_home=tuple(d.get("notice_at_home", [])),
        setting_should=words,
        questions=tuple(d.get("questions", [])), at_home=tuple(d.get("at_home", [])),
        advice_services=tuple(d.get("advice_services", [])),
        ask_for_more=d.get("ask_for_more", ""))


def _provision(c: Collector, doc: YamlFile, i: int, p: dict, phases: tuple[str, ...],
               all_phases: list[str], tier_ids: list[str]) -> m.Provision:
    where = ("provision", i)
    if p["id"].startswith(RESERVED_PREFIXES):
        c.add(doc, (*where, "id"), f"the id '{p['id']}' starts with "
                                   f"'{p['id'].split('-')[0]}-', which the engine keeps for its "
                                   "own headings; choose another id")
    if p["tier"] not in tier_ids:
        c.add(doc, (*where, "tier"), unknown_id(c.words.tier, p["tier"], tier_ids))
    return m.Provision(
        id=p["id"], tier=p["tier"], title=p["title"], detail=p["detail"],
        phases=_phases(c, doc, (*where, "phases"), p.get("phases"), phases, all_phases, "need"),
        who=p.get("who", ""), first_step=bool(p.get("first_step", False)),
        resources=tuple(m.Resource(r["title"], r["url"]) for r in p.get("resources", [])),
        formerly=tuple(p.get("formerly", [])),
    )


def _tier_notes(c: Collector, doc: YamlFile, notes: dict[str, str],
                tier_ids: list[str]) -> dict[str, str]:
    for tier_id in notes:
        if tier_id not in tier_ids:
            c.add(doc, ("tier_notes", tier_id), unknown_id(c.words.tier, tier_id, tier_ids))
    return {t: notes[t] for t in tier_ids if t in notes}  # the taxonomy's order


def _check_formerly(c: Collector, doc: YamlFile, need: m.Need) -> None:
    """Retired entry ids are not in use. (Provision at every tier and first steps are the
    council's choice: `ordinarily check-content` reports them as gaps, see checks/gaps.py.)"""
    ids = {p.id for p in need.provision}
    for i, p in enumerate(need.provision):
        for j, old in enumerate(p.formerly):
            if old in ids:
                c.add(doc, ("provision", i, "formerly", j), f"'{old}' is still the id of "
                                                            "another entry; formerly lists "
                                                            "retired ids only")


def _check_area_lists(c: Collector, doc: YamlFile, taxonomy: m.Taxonomy,
                      files: dict[str, str]) -> None:
    """Each area's `needs:` list and the need files in its folder must match exactly."""
    listings = Counter(nid for a in taxonomy.areas for nid in a.need_ids)
    for i, area in enumerate(taxonomy.areas):
        for j, need_id in enumerate(area.need_ids):
            where = ("areas", i, "needs", j)
            folder = files.get(need_id)
            if folder is None:
                here = [n for n, f in files.items() if f == area.id]
                c.add(doc, where, f"the need '{need_id}' has no file needs/{area.id}/"
                                  f"{need_id}.yml{did_you_mean(need_id, here)}")
            elif folder != area.id and listings[need_id] == 1:  # else: listed twice
                c.add(doc, where, f"the need '{need_id}' is listed under '{area.id}' but its "
                                  f"file is in needs/{folder}/")
    listed = {nid for a in taxonomy.areas for nid in a.need_ids}
    for need_id, folder in files.items():
        if need_id not in listed:
            c.problems.append(Problem(f"{NEEDS_DIR}/{folder}/{need_id}.yml", 0,
                                      f"this need is not listed in {doc.path}: add '{need_id}' "
                                      f"to the needs of the area '{folder}'"))


def _check_need_links(c: Collector, needs: list[m.Need], docs: dict[str, YamlFile],
                      ids: list[str], service_ids: Iterable[str] | None) -> None:
    services = None if service_ids is None else set(service_ids)
    for need in needs:
        doc = docs[need.id]
        c.check_refs(doc, ("related_needs",), need.related_needs, ids, "need")
        if services is not None:
            c.check_refs(doc, ("related_services",), need.related_services, services, "service")
            if need.families:
                c.check_refs(doc, ("families", "advice_services"),
                             need.families.advice_services, services, "service")
        for j, old in enumerate(need.formerly):
            if old in ids:
                c.add(doc, ("formerly", j), f"'{old}' is still the id of a need; formerly "
                                            "lists retired ids only")


def _universal(c: Collector, doc: YamlFile, taxonomy: m.Taxonomy) -> m.Universal:
    d = doc.data
    all_phases = [p.id for p in taxonomy.phases]
    c.check_ids(doc, ((("themes", i), t["id"]) for i, t in enumerate(d["themes"])), "theme")
    c.check_ids(doc, ((("themes", i, "expectations", j), e["id"])
                      for i, t in enumerate(d["themes"])
                      for j, e in enumerate(t["expectations"])), "expectation")
    themes = tuple(
        m.Theme(id=t["id"], title=t["title"], intro=t.get("intro", ""),
                formerly=tuple(t.get("formerly", [])),
                expectations=tuple(
                    m.Expectation(id=e["id"], title=e["title"], detail=e["detail"],
                                  formerly=tuple(e.get("formerly", [])),
                                  phases=_phases(c, doc, ("themes", i, "expectations", j,
                                                          "phases"), e.get("phases"),
                                                 tuple(all_phases), all_phases, "guide"))
                    for j, e in enumerate(t["expectations"])))
        for i, t in enumerate(d["themes"]))
    return m.Universal(title=d.get("title", "Universal expectations"), intro=d["intro"],
                       review=c.review(doc), themes=themes)


def _apdr(c: Collector, doc: YamlFile) -> m.Apdr:
    d = doc.data
    order = ["assess", "plan", "do", "review"]
    got = [s["id"] for s in d["steps"]]
    if got != order:
        c.add(doc, ("steps",), f"the steps must be {', '.join(order)}, in that order "
                               f"(found {', '.join(got)})")
    steps = tuple(m.Step(id=s["id"], title=s["title"], summary=s["summary"],
                         who=tuple(m.Role(w["role"], w["does"]) for w in s["who"]),
                         questions=tuple(s["questions"]), records=tuple(s.get("records", [])),
                         timing=s.get("timing", "")) for s in d["steps"])
    return m.Apdr(title=d.get("title", "The graduated approach: Assess, Plan, Do, Review"),
                  intro=d["intro"], cycle=d.get("cycle", ""), review=c.review(doc), steps=steps)


def _glossary(c: Collector, doc: YamlFile) -> m.Glossary:
    d = doc.data
    c.check_ids(doc, ((("terms", i), t["id"]) for i, t in enumerate(d["terms"])), "term")
    seen: dict[str, int] = {}
    for i, t in enumerate(d["terms"]):
        for j, spelling in enumerate([t["term"], *t.get("also", [])]):
            where = ("terms", i, "term") if j == 0 else ("terms", i, "also", j - 1)
            if spelling in seen:
                c.add(doc, where, f"'{spelling}' is already a term (line {seen[spelling]}); "
                                  "each spelling may belong to one entry only")
            seen.setdefault(spelling, doc.line(where))
    terms = tuple(m.GlossaryTerm(id=t["id"], term=t["term"], expansion=t.get("expansion", ""),
                                 definition=t["definition"], also=tuple(t.get("also", [])),
                                 formerly=tuple(t.get("formerly", [])))
                  for t in d["terms"])
    return m.Glossary(title=d.get("title", "Glossary"), intro=d.get("intro", ""),
                      review=c.review(doc), terms=terms)


def _checker(c: Collector, doc: YamlFile, taxonomy: m.Taxonomy,
             need_ids: list[str]) -> m.Checker:
    """The checker's observations, in themes or as one flat list (one theme with no title)."""
    d = doc.data
    all_phases = [p.id for p in taxonomy.phases]
    if "observations" in d:
        groups = [(("observations",), "", "", d["observations"])]
    else:
        c.check_ids(doc, ((("themes", i), t["id"]) for i, t in enumerate(d["themes"])), "theme")
        groups = [(("themes", i, "observations"), t["id"], t["title"], t["observations"])
                  for i, t in enumerate(d["themes"])]
    c.check_ids(doc, (((*at, j), o["id"]) for at, _, _, items in groups
                      for j, o in enumerate(items)), "observation")
    themes = []
    for at, theme_id, title, items in groups:
        observations = []
        for j, o in enumerate(items):
            where = (*at, j)
            c.check_refs(doc, (*where, "needs"), o["needs"], need_ids, "need")
            observations.append(m.Observation(
                id=o["id"], text=o["text"], needs=tuple(o["needs"]),
                phases=_phases(c, doc, (*where, "phases"), o.get("phases"), tuple(all_phases),
                               all_phases, "guide")))
        themes.append(m.ObservationTheme(theme_id, title, tuple(observations)))
    return m.Checker(title=d.get("title", "Quick needs checker"), intro=d["intro"],
                     review=c.review(doc), themes=tuple(themes))
