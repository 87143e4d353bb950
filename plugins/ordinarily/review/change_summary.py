"""The change summary in plain words: Markdown for people (pull requests, /changes/), JSON
for tools. Grouped the way the site is: areas and needs, then the other guide pages, then the
Local Offer."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from markupsafe import escape as html_escape

from ordinarily.core.rendering import environment, page_url
from ordinarily.core.safe_markdown import plain
from ordinarily.local_offer.offer_model import ALL, NOT_STATED
from ordinarily.review.changes import OFFER_GROUPS, Comparison, Labels
from ordinarily.review.content_diff import Change, FieldChange

VERBS = {"added": "Added", "removed": "Removed", "renamed": "Renamed", "moved": "Moved",
         "reworded": "Reworded", "changed": "Changed"}
KIND_NAMES = {
    "area": "area of need", "tier": "tier", "phase": "phase", "need": "need",
    "provision": "provision", "page": "page", "theme": "theme", "expectation": "expectation",
    "apdr-step": "step", "glossary-term": "term", "observation": "observation",
    "information-page": "page", "service": "service", "organisation": "organisation",
    "service-type": "service type", "audience": "audience", "place": "place",
    "funding": "way to pay", "venue-feature": "venue feature", "district": "postcode district",
    "feedback": "entry", "checker-theme": "theme", "setting": "setting",
    "next-steps-question": "question", "next-steps-answer": "answer", "next-step": "step",
    "plan-template": "support plan template", "plan-section": "section", "plan-field": "field",
}
# Fields whose values are ids, and the kind of label each id has.
LABELLED = {"tier": "tier", "phases": "phase", "area": "area", "needs": "need",
            "related needs": "need", "related services": "service", "services": "service",
            "organisation": "organisation", "types": "type", "audiences": "audience",
            "places": "place", "funding": "funding", "theme": "theme",
            "checker theme": "checker theme",
            "need": "need"}
FIELD_NAMES = {"ages": "age range", "first step": "first step to try", "free": "free of charge",
               "types": "type of service"}
GROUPS = {"taxonomy": "Areas, tiers and phases", "pages": "Information pages",
          "services": "Local Offer services", "organisations": "Organisations",
          "offer-taxonomy": "Local Offer categories", "feedback": "You said, we did",
          "settings": "Settings", "plans": "Support plan templates"}
# Named by their page titles:
PAGE_GROUPS = ("universal", "apdr", "checker", "next-steps", "glossary")
COMPACT_AFTER = 40  # more changes than this in one group: one line each, no word changes
CONTEXT_WORDS = 8  # words kept either side of a change to a long text


def escape(value: Any) -> Markup:
    """Contributed text on one line, made inert: no emphasis, links, HTML or attribute lists
    in Markdown (the site's and GitHub's alike)."""
    return plain(" ".join(str(value).split()))


@dataclass
class Entry:
    verb: str
    title: str
    href: str
    note: str = ""
    details: list[str] = field(default_factory=list)


@dataclass
class Group:
    title: str
    entries: list[Entry] = field(default_factory=list)
    parts: list[Group] = field(default_factory=list)  # needs within an area

    @property
    def size(self) -> int:
        return len(self.entries) + sum(p.size for p in self.parts)


Linker = Callable[[Change], str]  # a change's address, HTML-escaped ('' for none)


def markdown(comparison: Comparison, link: Linker | None = None, level: int = 1,
             title: bool = True) -> str:
    """The summary as Markdown. `link` gives each change's address ('' for none); headings
    start at `level`."""
    writer = _Writer(comparison.labels, link or (lambda change: ""))
    groups = writer.groups(comparison.changes)
    counts = _counts(comparison.changes)
    text = environment().get_template("changes/summary.md.j2").render(
        c=comparison, groups=groups, counts=counts, h=Markup("#" * level), title=title,
        total=len(comparison.changes))
    return re.sub(r"\n{3,}", "\n\n", text)


def as_json(comparison: Comparison) -> str:
    records = [change.record() for change in comparison.changes]
    return json.dumps({"base": comparison.base_label, "head": comparison.head_label,
                       "changes": records}, indent=2, ensure_ascii=False) + "\n"


def _counts(changes: list[Change]) -> list[tuple[str, int]]:
    counts = Counter(_part(c.group[0]) for c in changes)
    return [(name, counts[name]) for name in ("the guide", "information pages",
                                              "the Local Offer", "the settings")
            if counts[name]]


def _part(group: str) -> str:
    if group in OFFER_GROUPS:
        return "the Local Offer"
    return {"pages": "information pages", "settings": "the settings"}.get(group, "the guide")


class _Writer:
    def __init__(self, labels: Labels, link: Linker) -> None:
        self.labels = labels
        self.link = link

    def groups(self, changes: list[Change]) -> list[Group]:
        areas: dict[str, Group] = {}
        needs: dict[str, Group] = {}
        named: dict[str, Group] = {}
        for change in changes:
            key = change.group[0]
            if key == "need":
                need_id = change.group[1]
                area_id = self.labels.need_area.get(need_id, "")
                area = areas.setdefault(area_id, Group(self.labels.name("area", area_id)))
                if need_id not in needs:
                    needs[need_id] = Group(self.labels.name("need", need_id))
                    area.parts.append(needs[need_id])
                needs[need_id].entries.append(self.entry(change))
            else:
                if key not in named:
                    named[key] = Group(self._group_title(key))
                named[key].entries.append(self.entry(change))
        order = ["taxonomy", *self._area_order(areas), *PAGE_GROUPS, "plans", "pages", "services",
                 "organisations", "offer-taxonomy", "feedback", "settings"]
        merged = {**{f"area:{k}": v for k, v in areas.items()}, **named}
        groups = [merged[k] for k in order if k in merged]
        for group in groups:
            if group.size > COMPACT_AFTER:
                for entry in group.entries:
                    entry.details = entry.details[:1] if len(entry.details) == 1 else []
        return groups

    def _area_order(self, areas: dict[str, Group]) -> list[str]:
        known = list(self.labels.names.get("area", {}))
        return [f"area:{a}" for a in sorted(areas, key=lambda a: (a not in known,
                                                                  known.index(a) if a in known
                                                                  else 0, a))]

    def _group_title(self, key: str) -> str:
        if key in PAGE_GROUPS:
            return self.labels.name("page", key)
        if key == "taxonomy":  # "Areas of need, tiers and phases" in the guide's own words
            w = self.labels.words
            return f"{w.areas[:1].upper()}{w.areas[1:]}, {w.tiers} and {w.phases}"
        return GROUPS.get(key, key)

    def _kind_name(self, kind: str) -> str:
        """What a kind of item is called: the taxonomy's own word for areas, tiers, phases."""
        words = self.labels.words
        return {"area": words.area, "tier": words.tier,
                "phase": words.phase}.get(kind, KIND_NAMES.get(kind, kind))

    def entry(self, change: Change) -> Entry:
        kind = self._kind_name(change.kind)
        verb = VERBS[change.change]
        title = escape(change.title)
        if change.kind not in ("provision", "service", "information-page", "need", "page",
                               "feedback", "setting"):
            title = Markup(f"{escape(kind)} {title}")  # the taxonomy's word: content
        href = self.link(change) if change.change != "removed" else ""
        entry = Entry(verb, title, href)
        if change.change == "renamed":
            entry.note = Markup(f" (was “{escape(change.before_title or change.title)}”, "
                                f"address {escape(change.formerly)})")
        elif change.change == "moved":
            entry.note = self._moves(change)
        elif change.change in ("added", "removed"):
            entry.note = self._facts(change)
        for f in change.fields:
            if change.change == "moved" and f.field in ("tier", "phases", "need", "theme",
                                                        "checker theme", "area"):
                continue
            entry.details.append(self.detail(f))
        return entry

    def _moves(self, change: Change) -> str:
        parts = []
        for name in ("tier", "need", "area", "theme", "checker theme"):
            f = change.field(name)
            if f is not None:
                parts.append(f"from {self.show(name, f.before)} to {self.show(name, f.after)}")
        f = change.field("phases")
        if f is not None:
            parts.append(f"{escape(self.labels.words.phases)} from "
                         f"{self.show('phases', f.before)} to "
                         f"{self.show('phases', f.after)}")
        return Markup(" " + "; ".join(parts))

    def _facts(self, change: Change) -> Markup:
        """Where an added or removed item sits: an entry's tier and phases, a service's
        summary."""
        facts = change.facts
        if change.kind == "provision":
            return Markup(f" ({self.show('tier', facts['tier'])}; "
                          f"{self.show('phases', facts['phases'])})")
        if change.kind == "service" and change.change == "added":
            return Markup(f": {escape(facts['summary'])}")
        return Markup("")

    def detail(self, f: FieldChange) -> Markup:
        label = self._field_name(f.field)
        name = escape(label[:1].upper() + label[1:])
        if f.words:
            return Markup(f"{name}: {_words(f.words)}")
        if _is_list(f):
            return Markup(f"{name}: {self._list_change(f.before or (), f.after or ())}")
        return Markup(f"{name}: was {self.show(f.field, f.before)}, now "
                      f"{self.show(f.field, f.after)}")

    def _field_name(self, name: str) -> str:
        words = self.labels.words
        return {"tier": words.tier, "phases": words.phases,
                "area": words.area}.get(name, FIELD_NAMES.get(name, name))

    def _list_change(self, before: tuple, after: tuple) -> str:
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        parts = [f"added “{escape(v)}”" for v in added]
        parts += [f"removed “{escape(v)}”" for v in removed]
        return Markup("; ".join(parts) or "put in a different order")

    def show(self, name: str, value: Any) -> Markup:
        if value in (None, "", ()):
            return Markup("none")
        if value == NOT_STATED:  # a service's field its file gives as `not stated`
            return Markup(NOT_STATED)
        if name == "ages":
            return Markup(f"{int(value[0])} to {int(value[1])}")
        if isinstance(value, bool):
            return Markup("yes" if value else "no")
        if name in LABELLED:
            values = value if isinstance(value, tuple) else (value,)
            return Markup(", ".join("all" if v == ALL
                                    else escape(self.labels.name(LABELLED[name], v))
                                    for v in values))
        return escape(_flatten(value))


def _is_list(f: FieldChange) -> bool:
    """A list of texts (what you might notice, questions to ask), shown as items in and out."""
    if f.field in LABELLED or f.field == "ages" or not isinstance(f.after or f.before, tuple):
        return False
    return all(isinstance(v, str) for v in (f.before or ()) + (f.after or ()))


def _flatten(value: Any) -> str:
    if isinstance(value, tuple):
        return "; ".join(_flatten(v[1] if isinstance(v, tuple) and len(v) == 2
                                  and isinstance(v[0], str) else v) for v in value)
    return str(value)


def _words(runs: tuple[tuple[str, str], ...]) -> Markup:
    """A word-by-word comparison: removed words struck through, added words marked, long
    unchanged stretches shortened to a few words either side."""
    out = []
    for i, (op, words) in enumerate(runs):
        if op == "-":
            out.append(f"<del>{escape(words)}</del>")
        elif op == "+":
            out.append(f"<ins>{escape(words)}</ins>")
        else:
            out.append(escape(_context(words, first=i == 0, last=i == len(runs) - 1)))
    return Markup(" ".join(w for w in out if w))


def _context(words: str, first: bool, last: bool) -> str:
    split = words.split()
    keep = CONTEXT_WORDS
    if len(split) <= keep * 2 + 1:
        return words
    if first:
        return "… " + " ".join(split[-keep:])
    if last:
        return " ".join(split[:keep]) + " …"
    return " ".join(split[:keep]) + " … " + " ".join(split[-keep:])


def site_link(here: str) -> Linker:
    """Links for the site's page at `here` (a Markdown path): Markdown links to generated and
    hand-written pages, relative to the file, which MkDocs checks; and links relative to the
    page's address for services, which are not Markdown files."""
    file_depth = here.count("/")
    url_depth = page_url(here).count("/")

    def link(change: Change) -> str:
        if not change.url:
            return ""
        markdown = ".md" in change.url
        return html_escape("../" * (file_depth if markdown else url_depth) + change.url)
    return link


def url_link(base_url: str) -> Linker:
    """Absolute links to a published copy of the site (a preview, or the live site)."""
    base = base_url if base_url.endswith("/") else base_url + "/"

    def link(change: Change) -> str:
        if not change.url:
            return ""
        path, _, anchor = change.url.partition("#")
        address = page_url(path) if path.endswith(".md") else path
        return html_escape(base + address + (f"#{anchor}" if anchor else ""))
    return link
