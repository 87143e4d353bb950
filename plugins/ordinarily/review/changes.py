"""Comparing two loaded projects: every item of both, matched, with the names to show them by."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ordinarily.assembly.project import Project
from ordinarily.guide import model as m
from ordinarily.local_offer.offer_model import Service
from ordinarily.review.content_diff import (
    Change,
    HandWritten,
    Item,
    compare,
    guide_items,
    next_steps_items,
    offer_items,
    page_items,
    plan_items,
)
from ordinarily.review.settings_diff import settings_items
from ordinarily.sitewide.page_files import PAGES_DIR, read_pages

OFFER_GROUPS = {"services", "organisations", "offer-taxonomy", "feedback"}
GUIDE_GROUPS = {"taxonomy", "need", "universal", "apdr", "glossary", "checker"}


@dataclass
class Labels:
    """Ids to the titles readers know them by, from both versions (the newer title wins)."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    need_area: dict[str, str] = field(default_factory=dict)
    words: m.Labels = field(default_factory=m.Labels)  # the newer guide's words for its kinds

    def add(self, project: Project) -> None:
        guide, offer = project.guide, project.offer
        if guide is not None:
            tax = guide.taxonomy
            self.words = tax.labels
            self._put("tier", {t.id: t.title for t in tax.tiers})
            self._put("phase", {p.id: p.title for p in tax.phases})
            self._put("area", {a.id: a.title for a in tax.areas})
            self._put("need", {n.id: n.title for n in guide.needs})
            self._put("theme", {t.id: t.title for t in guide.universal.themes})
            if guide.checker is not None:
                self._put("checker theme", {t.id: t.title for t in guide.checker.themes
                                            if t.id})
            self.need_area.update({n.id: n.area for n in guide.needs})
            pages = {"universal": guide.universal.title, "apdr": guide.apdr.title,
                     "glossary": guide.glossary.title}
            if guide.checker is not None:
                pages["checker"] = guide.checker.title
            self._put("page", pages)
        if project.next_steps is not None:
            self._put("page", {"next-steps": project.next_steps.title})
        if offer is not None:
            self._put("service", {s.id: s.name for s in offer.services})
            self._put("organisation", {k: v.name for k, v in offer.organisations.items()})
            for facet, kind in (("service_types", "type"), ("audiences", "audience"),
                                ("places", "place"), ("funding", "funding"),
                                ("venue_features", "venue feature")):
                self._put(kind, {t.id: t.title for t in offer.taxonomy.facet(facet)})

    def _put(self, kind: str, names: dict[str, str]) -> None:
        self.names.setdefault(kind, {}).update(names)

    def name(self, kind: str, item_id: str) -> str:
        return self.names.get(kind, {}).get(item_id, item_id)


@dataclass(frozen=True)
class Version:
    """One version of the content, ready to compare: its project, items and a name for it."""

    project: Project
    items: list[Item]
    label: str  # "the 2025-26 edition", "commit 1a2b3c4", "this version"

    @classmethod
    def of(cls, project: Project, label: str,
           service_item: Callable[[Service], Item] | None = None) -> Version:
        return cls(project, snapshot(project, service_item), label)


@dataclass(frozen=True)
class Comparison:
    changes: list[Change]
    labels: Labels
    base_label: str  # how to name the older version: "the 2025-26 edition", "main"
    head_label: str


def snapshot(project: Project,
             service_item: Callable[[Service], Item] | None = None) -> list[Item]:
    """Every item a reader could see change, in the order the site shows them (a service's
    made by `service_item` where given)."""
    items: list[Item] = []
    if project.guide is not None:
        items += guide_items(project.guide)
    if project.next_steps is not None:
        items += next_steps_items(project.next_steps)
    if project.plans is not None:
        items += plan_items(project.plans)
    items += page_items(hand_written(project.root))
    if project.offer is not None:
        items += offer_items(project.offer, service_item)
    items += settings_items(project.settings.raw)  # as written: an edition's build keeps them
    return items


def compare_versions(base: Version, head: Version) -> Comparison:
    """The changes from `base` to `head`. A part that one version does not publish (an
    archived edition has no Local Offer) is left out of the comparison."""
    labels = Labels()
    labels.add(base.project)
    labels.add(head.project)
    left_out = _left_out(base.project) | _left_out(head.project)
    older = [i for i in base.items if i.group[0] not in left_out]
    newer = [i for i in head.items if i.group[0] not in left_out]
    return Comparison(compare(older, newer), labels, base.label, head.label)


def _left_out(project: Project) -> set[str]:
    """The groups of items a version does not publish. A section switched off in the settings
    is one change of the settings, not the removal of everything in it."""
    left_out: set[str] = set()
    if project.offer is None:
        left_out |= OFFER_GROUPS
    if project.guide is None:
        left_out |= GUIDE_GROUPS
    elif project.guide.checker is None:
        left_out.add("checker")
    if project.next_steps is None:
        left_out.add("next-steps")
    if project.plans is None:
        left_out.add("plans")
    return left_out


def hand_written(root: Path) -> list[HandWritten]:
    """The hand-written pages (read as the content checks read them), with their front-matter
    title or first heading."""
    pages = []
    for page in read_pages(root):
        src = page.path.removeprefix(f"{PAGES_DIR}/")
        meta = page.meta.data
        title = meta.get("title") or _first_heading(page.body) or Path(src).stem
        pages.append(HandWritten(src, str(title), page.body, _words(meta.get("description")),
                                 _words(meta.get("reviewed")), _words(meta.get("review_owner"))))
    return pages


def _words(value: object) -> str:
    return "" if value is None else str(value)


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""
