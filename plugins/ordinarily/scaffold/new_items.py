"""`ordinarily new need|service|expectation`: one valid item, every field explained in comments.

A need is its own file and is also listed in its area's `needs:` in needs/taxonomy.yml; an
expectation lives inside needs/universal.yml. Both lists are edited as text, so the council's
comments and layout stay as they were. The project must pass `ordinarily validate` before and
after; if it would not after, every file is put back as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ordinarily.assembly.project import Project, load_project
from ordinarily.core.problems import ContentError, quoted, slugify, unknown_id
from ordinarily.core.schemas import schema_ref
from ordinarily.core.settings import SETTINGS_FILE
from ordinarily.core.yamlfile import parse_yaml
from ordinarily.guide import model as m
from ordinarily.guide.loader import NEEDS_DIR
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.offer_loader import SERVICES_DIR
from ordinarily.scaffold.scaffold_render import ScaffoldError, render
from ordinarily.scaffold.yaml_insert import InsertError, append_block, append_scalar

TAXONOMY_FILE = f"{NEEDS_DIR}/taxonomy.yml"
UNIVERSAL_FILE = f"{NEEDS_DIR}/universal.yml"


@dataclass
class Report:
    """What was written, and what the person should do next, in plain words."""

    done: list[str] = field(default_factory=list)
    next: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        steps = [f"  {i}. {step}" for i, step in enumerate(self.next, 1)]
        return [*self.done, "The project still passes 'ordinarily validate'.", "",
                "What to do next:", *steps]


class _Changes:
    """Files written or edited together, and put back together if the result is invalid."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.saved: dict[Path, bytes | None] = {}
        self.made_dirs: list[Path] = []

    def read(self, rel: str) -> str:
        return (self.root / rel).read_bytes().decode("utf-8")  # keeps \r\n where used

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        self.saved.setdefault(path, path.read_bytes() if path.exists() else None)
        if not path.parent.exists():
            self.made_dirs.append(path.parent)
            path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8"))

    def undo(self) -> None:
        for path, old in self.saved.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(old)
        for folder in reversed(self.made_dirs):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()

    def check(self) -> None:
        """Undo everything unless the project still validates."""
        try:
            load_project(self.root)
        except ContentError as exc:
            self.undo()
            raise ScaffoldError("the new item made the project fail to validate, so nothing was "
                                "changed (this is a fault in Ordinarily; please report it):\n"
                                + exc.report()) from None


def load(root: Path) -> Project:
    """The project in `root`, which must be valid before anything is added to it."""
    if not (root / SETTINGS_FILE).is_file():
        raise ScaffoldError(f"there is no Ordinarily project in {root} (no {SETTINGS_FILE}); "
                            "run this in the project's folder or give --project DIR")
    try:
        return load_project(root)
    except ContentError as exc:
        raise ScaffoldError("the project has problems already; fix them first (they are "
                            "listed again by 'ordinarily validate'):\n" + exc.report()) from None


def check_id(kind: str, value: str) -> None:
    slug = slugify(value)
    if value != slug:
        hint = f"; try '{slug}'" if slug else "; use letters and digits"
        raise ScaffoldError(f"{quoted(value)} cannot be a {kind} id: ids are lower-case "
                            f"letters, digits and single hyphens{hint}")


def _from_id(item_id: str) -> str:
    return item_id.replace("-", " ").capitalize()


def _guide(project: Project) -> m.Guide:
    if project.guide is None:
        raise ScaffoldError("the guide is switched off in ordinarily.yml (sections: guide)")
    return project.guide


def new_need(root: Path, area_id: str, need_id: str, title: str | None,
             today: date | None = None) -> Report:
    project = load(root)
    guide = _guide(project)
    taxonomy = guide.taxonomy
    areas = [a.id for a in taxonomy.areas]
    if area_id not in areas:
        raise ScaffoldError(unknown_id(taxonomy.labels.area, area_id, areas) + " in "
                            + TAXONOMY_FILE)
    check_id("need", need_id)
    _refuse_used_need(guide, need_id)
    area = next(a for a in taxonomy.areas if a.id == area_id)
    rel = f"{NEEDS_DIR}/{area_id}/{need_id}.yml"
    changes = _Changes(root)
    changes.write(rel, render("new/need.yml.j2", _need_context(project, area, need_id, title,
                                                              rel, today)))
    text = changes.read(TAXONOMY_FILE)
    where = ("areas", areas.index(area_id), "needs")
    try:
        text = append_scalar(text, parse_yaml(text, TAXONOMY_FILE), where, need_id)
    except InsertError as exc:
        changes.undo()
        raise ScaffoldError(f"could not add '{need_id}' to the needs of '{area_id}' in "
                            f"{TAXONOMY_FILE} ({exc}); nothing was changed") from None
    changes.write(TAXONOMY_FILE, text)
    changes.check()
    line = parse_yaml(text, TAXONOMY_FILE).line((*where, len(area.need_ids)))
    return _need_report(rel, area_id, need_id, line)


def _need_report(rel: str, area_id: str, need_id: str, line: int) -> Report:
    return Report(
        done=[f"Wrote {rel}: a new need with placeholder text and every field explained.",
              f"Added '{need_id}' to the end of the needs of '{area_id}' in {TAXONOMY_FILE}, "
              f"at line {line}; nothing else in that file changed."],
        next=[f"Open {rel} and replace every placeholder. The comments explain each field; "
              "optional fields have '# ' in front.",
              f"In {TAXONOMY_FILE}, move '{need_id}' up the list if it belongs earlier in the "
              "guide's order.",
              "Add it to observations in needs/checker.yml and to related_needs in similar "
              "needs, so people can find it.",
              f"Run 'ordinarily validate', then 'mkdocs serve' to see "
              f"/needs/{area_id}/{need_id}/."])


def _refuse_used_need(guide: m.Guide, need_id: str) -> None:
    for need in guide.needs:
        if need.id == need_id:
            raise ScaffoldError(f"the need '{need_id}' already exists ({need.source}); "
                                "choose another id")
        if need_id in need.formerly:
            raise ScaffoldError(f"'{need_id}' was the id of a need that is now '{need.id}' "
                                "(formerly: in its file), and its old address redirects "
                                "there; choose another id")


def _need_context(project: Project, area: m.Area, need_id: str, title: str | None, rel: str,
                  today: date | None) -> dict:
    guide = project.guide
    taxonomy = guide.taxonomy
    checker = [t.id for t in taxonomy.checker_tiers]
    siblings = [n for n in area.need_ids if n != need_id] or [n.id for n in guide.needs]
    services = [s.id for s in project.offer.services] if project.offer else []
    return {
        "schema": schema_ref(project.root, rel, "need", project.settings.site_url),
        "area": area, "need_id": need_id, "title": title or _from_id(need_id),
        "phases": [p.id for p in taxonomy.phases], "tiers": list(taxonomy.tiers),
        "checker_tiers": checker, "first_step_tier": checker[0],
        "today": (today or date.today()).isoformat(),
        "example_need": siblings[0] if siblings else "another-need-id",
        "example_service": services[0] if services else "a-service-id",
    }


def new_service(root: Path, service_id: str, name: str | None,
                organisation: str | None) -> Report:
    project = load(root)
    offer = project.offer
    if offer is None:
        raise ScaffoldError("the Local Offer is switched off in ordinarily.yml "
                            "(sections: local_offer)")
    check_id("service", service_id)
    rel = f"{SERVICES_DIR}/{service_id}.yml"
    if any(s.id == service_id for s in offer.services) or (root / rel).exists():
        raise ScaffoldError(f"the service '{service_id}' already exists ({rel}); choose "
                            "another id")
    chosen = _organisation(offer, organisation)
    runner = f"'{chosen}'" if organisation else f"'{chosen}' (the organisation with the most " \
                                                "services; --organisation chooses another)"
    changes = _Changes(root)
    changes.write(rel, render("new/service.yml.j2", _service_context(
        project, service_id, name, chosen, rel)))
    changes.check()
    return Report(
        done=[f"Wrote {rel}: a new service with placeholder text and every field explained. "
              f"It is run by {runner}. What it offers, who and where it is for, its cost, how to "
              "get it and when it was checked are 'not stated' until you write them: "
              "'ordinarily check-content' lists each one."],
        next=[f"Open {rel} and replace every placeholder, checking each fact with the "
              "provider. The comments explain each field; optional fields have '# ' in front.",
              "Name the service in related_services of the needs it helps with, so it is "
              "listed first on their pages.",
              f"Run 'ordinarily validate', then 'mkdocs serve' to see "
              f"/local-offer/services/{service_id}/."])


def _organisation(offer: o.LocalOffer, wanted: str | None) -> str:
    """The organisation asked for, or else the one that runs the most services (most often
    the council itself)."""
    known = offer.organisations
    if not known:
        raise ScaffoldError("there are no organisations in local-offer/organisations/; add "
                            "the one that runs the service first")
    if wanted is None:
        runs = Counter(s.organisation for s in offer.services)
        return min(known, key=lambda org: (-runs[org], org))
    if wanted not in known:
        raise ScaffoldError(unknown_id("organisation", wanted, known)
                            + " in local-offer/organisations/")
    return wanted


def _service_context(project: Project, service_id: str, name: str | None, organisation: str,
                     rel: str) -> dict:
    taxonomy = project.offer.taxonomy

    def sentence(label: str, ids: list[str]) -> str:
        return f"{label}: {', '.join(ids)}."

    return {
        "schema": schema_ref(project.root, rel, "service", project.settings.site_url),
        "service_id": service_id, "name": name or _from_id(service_id),
        "organisation": organisation,
        "organisations": sentence("Organisations", sorted(project.offer.organisations)),
        "types": sentence("Service types", [t.id for t in taxonomy.service_types]),
        "audiences": sentence("Audiences", [t.id for t in taxonomy.audiences]),
        "places": sentence("Places", [t.id for t in taxonomy.places]),
    }


def new_expectation(root: Path, theme_id: str, expectation_id: str,
                    title: str | None) -> Report:
    project = load(root)
    universal = _guide(project).universal
    themes = [t.id for t in universal.themes]
    if theme_id not in themes:
        raise ScaffoldError(unknown_id("theme", theme_id, themes) + " in " + UNIVERSAL_FILE)
    check_id("expectation", expectation_id)
    for theme in universal.themes:
        for item in theme.expectations:
            if expectation_id == item.id or expectation_id in item.formerly:
                raise ScaffoldError(f"the expectation id '{expectation_id}' is already used in "
                                    f"{UNIVERSAL_FILE} (theme '{theme.id}'); choose another id")
    block = render("new/expectation.yml.j2", {
        "expectation_id": expectation_id, "title": title or _from_id(expectation_id),
        "phases": [p.id for p in project.guide.taxonomy.phases]})
    changes = _Changes(root)
    text = changes.read(UNIVERSAL_FILE)
    doc = parse_yaml(text, UNIVERSAL_FILE)
    index = themes.index(theme_id)
    try:
        changes.write(UNIVERSAL_FILE, append_block(text, doc, ("themes", index, "expectations"),
                                                   block))
    except InsertError as exc:
        raise ScaffoldError(f"could not add the expectation to the theme '{theme_id}' in "
                            f"{UNIVERSAL_FILE} ({exc}); nothing was changed") from None
    changes.check()
    return Report(
        done=[f"Added the expectation '{expectation_id}' after the last expectation of the "
              f"theme '{theme_id}' in {UNIVERSAL_FILE}, with every field explained; nothing "
              "else in that file changed."],
        next=[f"Open {UNIVERSAL_FILE}, find '{expectation_id}' and replace the placeholders. "
              "The comments explain each field; optional fields have '# ' in front.",
              "Expectations are numbered on the page in the order of the file: move it up "
              "within its theme if it belongs earlier.",
              f"Run 'ordinarily validate', then 'mkdocs serve' to see "
              f"/universal/#{expectation_id}."])
