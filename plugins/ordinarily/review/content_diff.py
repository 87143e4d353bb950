"""What changed between two versions of a project's content, compared as models.

Both versions are loaded and validated first, so a change that only reformats YAML (key order,
quoting, comments, block or flow style) compares equal. Every item is matched by its id, and
through `formerly:` by the id it used to have, so a move or a rename is reported as such, never
as a deletion plus an addition.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any

from ordinarily.core.rendering import sentence
from ordinarily.guide import model as m
from ordinarily.guide.pages import area_src, need_src
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.offer_pages import service_url
from ordinarily.next_steps import steps_model as ns
from ordinarily.plans import plans_model as pm


class Prose(str):
    """Text a person wrote: shown as a word-by-word comparison when it changes."""


@dataclass(frozen=True)
class Item:
    """One thing a reader could see change: a provision entry, a service, a glossary term."""

    kind: str
    id: str
    title: str
    group: tuple[str, ...]  # where it belongs in the summary: ("need", need id), ("services",)
    fields: dict[str, Any]
    parent: str = ""  # the id it is unique within (a provision entry's need)
    formerly: tuple[str, ...] = ()
    url: str = ""  # its page below the site: a Markdown path, or a directory URL for services
    placement: tuple[str, ...] = ()  # fields whose change means it moved

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.parent, self.id)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any

    @property
    def words(self) -> tuple[tuple[str, str], ...]:
        """('=' | '-' | '+', text) runs for prose; empty for other values."""
        if not isinstance(self.after, Prose) and not isinstance(self.before, Prose):
            return ()
        return word_diff(str(self.before or ""), str(self.after or ""))


@dataclass(frozen=True)
class Change:
    kind: str
    id: str
    change: str  # added, removed, renamed, moved, reworded, changed
    title: str
    group: tuple[str, ...]
    url: str = ""
    parent: str = ""
    fields: tuple[FieldChange, ...] = ()
    formerly: str = ""  # for a rename: the id it had
    before_title: str = ""
    facts: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """An added or removed item's own fields, for describing it."""

    def record(self) -> dict[str, Any]:
        """The change as one JSON-ready record, for tools."""
        record: dict[str, Any] = {"kind": self.kind, "id": self.id, "change": self.change,
                                  "title": self.title}
        if self.parent:
            record["parent"] = self.parent
        if self.formerly:
            record["formerly"] = self.formerly
        if self.fields:
            record["fields"] = {f.field: {"before": _json(f.before), "after": _json(f.after)}
                                for f in self.fields}
        if self.url:
            record["url"] = self.url
        return record

    def field(self, name: str) -> FieldChange | None:
        return next((f for f in self.fields if f.field == name), None)


def _json(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The words of `before` and `after` as runs kept ('='), removed ('-') and added ('+')."""
    old, new = before.split(), after.split()
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(new[j1:j2])))
    return tuple(runs)


# -- comparing ---------------------------------------------------------------------------------

def compare(base: list[Item], head: list[Item]) -> list[Change]:
    """Every change from `base` to `head`, in the order of the head's content."""
    renamed = _renames(base, head)
    base_by_key = {_through(item, renamed): item for item in base}
    head_keys = {item.key for item in head}
    changes: list[Change] = []
    matched: set[tuple[str, str, str]] = set()
    for item in head:
        old = base_by_key.get(item.key) or _former(item, base_by_key, head_keys)
        if old is None:
            changes.append(_change(item, "added"))
            continue
        matched.add(_through(old, renamed))
        change = _matched(old, item)
        if change is not None:
            changes.append(change)
    for key, item in base_by_key.items():
        if key not in matched:
            changes.append(_change(item, "removed"))
    return _moved_between_parents(changes)


def _renames(base: list[Item], head: list[Item]) -> dict[tuple[str, str], str]:
    """(kind, old id) -> new id, for items renamed through `formerly:` (needs, above all,
    whose entries are keyed under them)."""
    base_ids = {(i.kind, i.id) for i in base}
    head_ids = {(i.kind, i.id) for i in head}
    return {(item.kind, old): item.id for item in head for old in item.formerly
            if (item.kind, old) in base_ids and (item.kind, old) not in head_ids}


def _through(item: Item, renamed: dict[tuple[str, str], str]) -> tuple[str, str, str]:
    """An item's key with its parent's rename applied (an entry of a renamed need)."""
    parent = renamed.get(("need", item.parent), item.parent) if item.parent else ""
    return (item.kind, parent, item.id)


def _former(item: Item, base_by_key: dict, head_keys: set) -> Item | None:
    for old in item.formerly:
        key = (item.kind, item.parent, old)
        if key in base_by_key and key not in head_keys:
            return base_by_key[key]
    return None


def _change(item: Item, verb: str) -> Change:
    return Change(item.kind, item.id, verb, item.title, item.group, item.url, item.parent,
                  facts=item.fields)


def _matched(old: Item, new: Item) -> Change | None:
    names = list(dict.fromkeys([*old.fields, *new.fields]))
    fields = tuple(FieldChange(n, old.fields.get(n), new.fields.get(n)) for n in names
                   if old.fields.get(n) != new.fields.get(n))
    if not fields and old.id == new.id:
        return None
    if old.id != new.id:
        verb = "renamed"
    elif any(f.field in new.placement for f in fields):
        verb = "moved"
    elif all(isinstance(f.after, Prose) or isinstance(f.before, Prose) for f in fields):
        verb = "reworded"
    else:
        verb = "changed"
    return Change(new.kind, new.id, verb, new.title, new.group, new.url, new.parent, fields,
                  formerly=old.id if old.id != new.id else "",
                  before_title=old.title if old.title != new.title else "")


def _moved_between_parents(changes: list[Change]) -> list[Change]:
    """An entry removed from one need and added, with the same id, to another has moved."""
    removed = {(c.kind, c.id): c for c in changes if c.change == "removed" and c.parent}
    out: list[Change] = []
    paired: set[tuple[str, str]] = set()
    for c in changes:
        old = removed.get((c.kind, c.id)) if c.change == "added" and c.parent else None
        if old is None:
            out.append(c)
            continue
        paired.add((c.kind, c.id))
        out.append(Change(c.kind, c.id, "moved", c.title, c.group, c.url, c.parent,
                          (FieldChange("need", old.parent, c.parent),)))
    return [c for c in out if not (c.change == "removed" and (c.kind, c.id) in paired)]


# -- items of the guide ------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def text(value: str | None) -> Prose:
    """Prose with its layout normalised: paragraphs kept, line breaks and spacing not."""
    if not value or "\n" not in value:  # one paragraph (most fields, 10,000 services' worth)
        return Prose(" ".join((value or "").split()))
    paragraphs = _PARAGRAPH_BREAK.split(value.strip())
    return Prose("\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()))


def _texts(values: Iterable[str]) -> tuple[Prose, ...]:
    return tuple(text(v) for v in values)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def guide_items(guide: m.Guide) -> list[Item]:
    items = list(_taxonomy_items(guide.taxonomy))
    for need in guide.needs:
        items += _need_items(need)
    items += _universal_items(guide.universal)
    items += _apdr_items(guide.apdr)
    items += _glossary_items(guide.glossary)
    if guide.checker is not None:
        items += _checker_items(guide.checker)
    return items


def _taxonomy_items(taxonomy: m.Taxonomy) -> Iterator[Item]:
    yield _areas_page(taxonomy)
    for kind, terms in (("area", taxonomy.areas), ("tier", taxonomy.tiers),
                        ("phase", taxonomy.phases)):
        for term in terms:
            fields = {"title": text(term.title), "summary": text(term.summary)}
            if kind == "phase":
                fields["age range"] = text(term.ages)
            yield Item(kind, term.id, term.title, ("taxonomy",), fields,
                       formerly=term.formerly,
                       url=area_src(term.id) if kind == "area" else "needs/index.md")


def _areas_page(taxonomy: m.Taxonomy) -> Item:
    """The page listing the areas (/needs/), and the guide's words for its areas, tiers and
    phases, which read mid-sentence on many pages."""
    words = taxonomy.labels
    return Item("page", "needs", sentence(words.areas), ("taxonomy",), {
        "introduction": text(taxonomy.intro),
        "word for one area": words.area, "word for areas": words.areas,
        "word for one tier": words.tier, "word for tiers": words.tiers,
        "word for one phase": words.phase, "word for phases": words.phases,
    }, url="needs/index.md")


def _need_items(need: m.Need) -> Iterator[Item]:
    url = need_src(need)
    group = ("need", need.id)
    yield Item("need", need.id, need.title, group, {
        "title": text(need.title),
        "summary": text(need.summary),
        "area": need.area,
        "phases": need.phases,
        "what you might notice": tuple(_descriptor(d) for d in need.notice),
        "when to seek more help": _texts(need.seek_help),
        "APDR prompts": tuple(f"{step}: {text(p)}" for step, prompts in sorted(need.apdr.items())
                              for p in prompts),  # shown in the steps' order, not the file's
        "also known as": need.also_known_as,
        "related needs": need.related_needs,
        "related services": need.related_services,
        "notes by tier": tuple(f"{tier}: {text(note)}" for tier, note in need.tier_notes.items()),
        **_family_fields(need.families),
        **_review_fields(need.review),
    }, formerly=need.formerly, url=url, placement=("area",))
    for entry in need.provision:
        yield Item("provision", entry.id, entry.title, group, {
            "title": text(entry.title),
            "detail": text(entry.detail),
            "who": text(entry.who),
            "tier": entry.tier,
            "phases": entry.phases,
            "first step": entry.first_step,
            "resources": tuple(f"{r.title} ({r.url})" for r in entry.resources),
            # the family view's words for the entry: a field of the entry, so that renaming the
            # entry through `formerly:` is a rename and nothing else
            "in words for families": text(need.families.setting_should.get(entry.id)
                                          if need.families else None),
        }, parent=need.id, formerly=entry.formerly, url=f"{url}#{entry.id}",
            placement=("tier", "phases"))


def _family_fields(view: m.FamilyView | None) -> dict[str, Any]:
    """A need's text for families (its family view), each part a field of the need."""
    view = view or m.FamilyView()
    return {
        "for families: what you might notice at home": _texts(view.notice_at_home),
        "for families: questions to ask": _texts(view.questions),
        "for families: what helps at home": _texts(view.at_home),
        "for families: advice services": view.advice_services,
        "for families: when to ask for more help": text(view.ask_for_more or None),
    }


def _descriptor(d: m.Descriptor) -> str:
    labels = ", ".join(d.phases)
    return f"{text(d.text)} [{d.tier + '; ' if d.tier else ''}{labels}]"


def _review_fields(review: m.Review | None) -> dict[str, Any]:
    if review is None:
        return {"reviewed": "", "review owner": ""}
    return {"reviewed": _day(review.reviewed), "review owner": review.owner}


def _universal_items(u: m.Universal) -> Iterator[Item]:
    yield Item("page", "universal", u.title, ("universal",),
               {"title": text(u.title), "introduction": text(u.intro),
                **_review_fields(u.review)}, url="universal.md")
    for theme in u.themes:
        yield Item("theme", theme.id, theme.title, ("universal",),
                   {"title": text(theme.title), "introduction": text(theme.intro)},
                   formerly=theme.formerly, url=f"universal.md#{theme.id}")
        for e in theme.expectations:
            yield Item("expectation", e.id, e.title, ("universal",),
                       {"title": text(e.title), "detail": text(e.detail), "phases": e.phases,
                        "theme": theme.id},
                       formerly=e.formerly, url=f"universal.md#{e.id}",
                       placement=("theme", "phases"))


def _apdr_items(a: m.Apdr) -> Iterator[Item]:
    yield Item("page", "apdr", a.title, ("apdr",),
               {"title": text(a.title), "introduction": text(a.intro),
                "how the cycle works": text(a.cycle), **_review_fields(a.review)},
               url="apdr.md")
    for step in a.steps:
        yield Item("apdr-step", step.id, step.title, ("apdr",), {
            "title": text(step.title),
            "summary": text(step.summary),
            "who does what": tuple(f"{r.role}: {text(r.does)}" for r in step.who),
            "questions to ask": _texts(step.questions),
            "records to keep": _texts(step.records),
            "when": text(step.timing),
        }, url=f"apdr.md#{step.id}")


def _glossary_items(g: m.Glossary) -> Iterator[Item]:
    yield Item("page", "glossary", g.title, ("glossary",),
               {"title": text(g.title), "introduction": text(g.intro),
                **_review_fields(g.review)}, url="glossary.md")
    for t in g.terms:
        yield Item("glossary-term", t.id, t.term, ("glossary",), {
            "term": text(t.term), "stands for": text(t.expansion),
            "definition": text(t.definition), "also": t.also,
        }, formerly=t.formerly, url=f"glossary.md#{t.id}")


def _checker_items(c: m.Checker) -> Iterator[Item]:
    yield Item("page", "checker", c.title, ("checker",),
               {"title": text(c.title), "introduction": text(c.intro),
                **_review_fields(c.review)}, url="checker.md")
    for theme in c.themes:
        if theme.id:  # a flat list of observations has no theme
            yield Item("checker-theme", theme.id, theme.title, ("checker",),
                       {"title": text(theme.title)}, url=f"checker.md#theme-{theme.id}")
        for obs in theme.observations:
            yield Item("observation", obs.id, obs.text, ("checker",), {
                "text": text(obs.text), "needs": obs.needs, "phases": obs.phases,
                "checker theme": theme.id,
            }, url=f"checker.md#obs-{obs.id}", placement=("checker theme",))


def plan_items(plans: pm.Plans) -> list[Item]:
    """Support plan templates: each template, each of its sections and each of its fields
    (matched by id within their template, so a new label reads as reworded)."""
    items: list[Item] = []
    group = ("plans",)
    for t in plans.templates:
        url = f"plans/{t.id}.md"
        items.append(Item("plan-template", t.id, t.title, group, {
            "title": text(t.title), "summary": text(t.summary), "draft": t.draft,
            "draft note": text(t.draft_note), **_review_fields(t.review)}, url=url))
        for s in t.sections:
            items.append(Item("plan-section", s.id, s.title, group,
                              {"title": text(s.title), "hint": text(s.hint)},
                              parent=t.id, url=url))
            items += [Item("plan-field", f.id, f.label, group, {
                "label": text(f.label), "hint": text(f.hint), "type": f.type,
                "choices": _texts(f.choices), "step": f.step, "section": s.id},
                parent=t.id, url=url, placement=("section",)) for f in s.fields]
    return items


def next_steps_items(steps: ns.NextSteps) -> list[Item]:
    """'What can I do next?': the page, each question, each answer and each step."""
    group, src = ("next-steps",), "next-steps.md"
    items = [Item("page", "next-steps", steps.title, group,
                  {"title": text(steps.title), "introduction": text(steps.intro),
                   **_review_fields(steps.review)}, url=src)]
    for q in steps.questions:
        items.append(Item("next-steps-question", q.id, q.question, group,
                          {"question": text(q.question), "hint": text(q.hint),
                           "answers": tuple(a.id for a in q.answers)},
                          url=f"{src}#question-{q.id}"))
        items += [Item("next-steps-answer", a.id, a.label, group, {"label": text(a.label)},
                       parent=q.id, url=f"{src}#question-{q.id}") for a in q.answers]
    for step in steps.steps:
        items.append(Item("next-step", step.id, step.title, group, {
            "title": text(step.title), "body": text(step.body),
            "for": tuple(f"{question}: {', '.join(answers)}" for question, answers in step.when),
            "links": tuple(f"{link.kind} {link.target}" + (f": {text(link.text)}"
                                                           if link.text else "")
                           for link in step.links),
        }, formerly=step.formerly, url=f"{src}#{step.id}"))
    return items


# -- items of the Local Offer ------------------------------------------------------------------

OFFER_FACETS = (("service_types", "service-type"), ("audiences", "audience"), ("places", "place"),
                ("funding", "funding"), ("venue_features", "venue-feature"))


def offer_items(offer: o.LocalOffer,
                item_of: Callable[[o.Service], Item] | None = None) -> list[Item]:
    """The Local Offer's items; `item_of` makes a service's (a serve process passes one
    that keeps them between rebuilds), else `service_item`."""
    item_of = item_of or service_item
    items: list[Item] = []
    for facet, kind in OFFER_FACETS:
        for term in offer.taxonomy.facet(facet):
            fields = {"title": text(term.title), "summary": text(term.summary),
                      "other feed fields": plain_value(term.oruk)}
            if facet == "funding":
                fields["words in a price"] = text(term.phrase)
            if facet == "audiences":
                fields["the guide's readers"] = term.guide_readers
            items.append(Item(kind, term.id, term.title, ("offer-taxonomy",), fields,
                              formerly=term.formerly))
    items += [Item("district", d.id, d.title, ("offer-taxonomy",), {
        "title": text(d.title), "summary": text(d.summary),
        "centre": f"{d.latitude}, {d.longitude}"}, formerly=d.formerly)
        for d in offer.taxonomy.districts]
    for org in offer.organisations.values():
        items.append(Item("organisation", org.id, org.name, ("organisations",), {
            "name": text(org.name), "description": text(org.description),
            "website": org.website, "email": org.email, "phone": org.phone,
            "other feed fields": plain_value(org.oruk)}))
    items += [item_of(s) for s in offer.services]
    if offer.feedback is not None:
        items += _feedback_items(offer.feedback)
    return items


def _stated(value: Any) -> Any:
    """A service's value as the change summary shows it: `not stated` as the file says it."""
    return o.NOT_STATED if value is None else value


def service_item(s: o.Service) -> Item:
    access = s.access
    return Item("service", s.id, s.name, ("services",), {
        "name": text(s.name),
        "organisation": s.organisation,
        "status": s.status,
        "alert": text(s.alert),
        "summary": text(s.summary),
        "description": text(s.description),
        "needs": _stated(s.needs),
        "ages": o.NOT_STATED if s.age_from is None else (s.age_from, s.age_to),
        "phases": _stated(s.phases),
        "types": _stated(s.types),
        "audiences": _stated(s.audiences),
        "places": _stated(s.places),
        "free": _stated(s.free),
        "costs": plain_value(s.costs),
        "funding": s.funding,
        "self-referral": _stated(access.self_referral),
        "diagnosis needed": _stated(access.diagnosis_needed),
        "how to get it": o.NOT_STATED if access.how is None else text(access.how),
        "waiting time": text(access.waiting_time),
        "eligibility": text(access.eligibility),
        "contact": _stated(plain_value(s.contact) if s.contact else None),
        "contacts": plain_value(s.contacts),
        "locations": plain_value(s.locations),
        "schedules": plain_value(s.schedules),
        "languages": s.languages,
        "keywords": s.keywords,
        "reviewed": _day(s.reviewed),
        "other feed fields": plain_value(s.oruk),
    }, url=service_url(s.id))


def _feedback_items(f: o.Feedback) -> Iterator[Item]:
    yield Item("page", "you-said-we-did", "You said, we did", ("feedback",),
               {"introduction": text(f.intro), "reviewed": _day(f.reviewed),
                "review owner": f.owner}, url="local-offer/you-said-we-did.md")
    for e in f.entries:
        yield Item("feedback", e.id, e.title, ("feedback",), {
            "title": text(e.title), "received": _day(e.received), "from": e.sources,
            "you said": text(e.heard), "we did": text(e.did), "status": e.status,
            "responded": _day(e.responded), "services": e.services, "needs": e.needs,
            "pages": e.pages,
        }, url=f"local-offer/you-said-we-did.md#{e.id}")


def plain_value(value: Any) -> Any:
    """Nested records as hashable plain values, dropping empty fields (the most common kinds
    of value tested first: the comparison makes this for every part of 10,000 services)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (list, tuple)):
        return tuple(plain_value(v) for v in value)
    names = _record_fields(type(value))
    if names is not None:  # field by field: `asdict` would copy every nested record first
        return tuple((k, plain_value(v)) for k in names if not _empty(v := getattr(value, k)))
    if isinstance(value, Mapping):
        return tuple((k, plain_value(v)) for k, v in value.items() if not _empty(v))
    return value


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _record_fields(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (None for any other type), found once per type."""
    if kind not in _FIELDS:
        _FIELDS[kind] = tuple(f.name for f in fields(kind)) if is_dataclass(kind) else None
    return _FIELDS[kind]


def _empty(value: Any) -> bool:
    """'', None, () or {}: a field a record or mapping leaves out (an empty list is kept, as
    `v in ("", None, (), {})` kept it)."""
    return value is None or (isinstance(value, (str, tuple, Mapping)) and not value)


# -- hand-written pages ------------------------------------------------------------------------

@dataclass(frozen=True)
class HandWritten:
    """A Markdown page from the docs folder: its path, title and text."""

    src: str
    title: str
    body: str
    description: str = ""  # front matter the site shows: the page's description, its review
    reviewed: str = ""
    owner: str = ""


def page_items(pages: Iterable[HandWritten]) -> list[Item]:
    return [Item("information-page", p.src, p.title, ("pages",),
                 {"title": text(p.title), "description": text(p.description),
                  "text": text(p.body), "reviewed": p.reviewed, "review owner": p.owner},
                 url=p.src) for p in pages]
