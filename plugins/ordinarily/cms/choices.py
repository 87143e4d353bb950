"""The council's words for the ids a form offers: which property picks from which list.

A property is matched by its name (the same in every schema: `phases` is always phase ids),
with a few names that mean different lists in different kinds of file. Lists come from the
loaded project, in the taxonomy's order, labelled with the council's own titles. Services and
organisations are picked with Decap's `relation` widget, which searches those collections, so
the config stays small at thousands of services and a service added through a form can be
picked at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

Option = dict[str, Any]

ID_LISTS = {
    "phases": "phases",
    "tier": "tiers",
    "needs": "needs",
    "related_needs": "needs",
    "types": "service_types",
    "audiences": "audiences",
    "places": "places",
    "funding": "funding",
    "features": "venue_features",
    "pages": "pages",
}
KIND_LISTS = {  # the same name, another list
    ("next-steps", "step"): "steps",
    ("plan-template", "step"): "apdr_steps",
}
RELATIONS = {  # property name -> the collection whose entries it names
    "organisation": "organisations",
    "related_services": "services",
    "advice_services": "services",
    "services": "services",
    "service": "services",
}
MAP_KEYS = {  # objects keyed by ids -> the list of keys
    "tier_notes": "tiers",
    "setting_should": "family_entries",
    "when": "questions",
}


@dataclass(frozen=True)
class Choices:
    """Lists of options by name, and the collections a relation can point at."""

    lists: dict[str, list[Option]] = field(default_factory=dict)
    answers: dict[str, list[Option]] = field(default_factory=dict)  # question id -> answers
    collections: frozenset[str] = frozenset()  # collections that exist (relations need one)

    def options(self, kind: str, name: str) -> list[Option] | None:
        if name.startswith("when."):
            return self.answers.get(name.removeprefix("when."))
        listed = KIND_LISTS.get((kind, name)) or ID_LISTS.get(name)
        return self.lists.get(listed) if listed else None

    def relation(self, name: str) -> str | None:
        collection = RELATIONS.get(name)
        return collection if collection in self.collections else None

    def keys(self, kind: str, name: str) -> list[Option]:
        return self.lists.get(MAP_KEYS.get(name, ""), [])

    def with_list(self, name: str, options: list[Option]) -> Choices:
        return replace(self, lists={**self.lists, name: options})


def options(terms: Any, label: str = "title") -> list[Option]:
    """Options from taxonomy terms (or anything with an id), labelled in the council's words."""
    return [{"label": getattr(t, label) or t.id, "value": t.id} for t in terms]


def project_choices(project: Any, pages: list[Option], collections: frozenset[str]) -> Choices:
    lists: dict[str, list[Option]] = {"pages": pages}
    answers: dict[str, list[Option]] = {}
    guide, offer, steps = project.guide, project.offer, project.next_steps
    if guide:
        taxonomy = guide.taxonomy
        lists.update(phases=options(taxonomy.phases), tiers=options(taxonomy.tiers),
                     areas=options(taxonomy.areas), needs=options(guide.needs),
                     apdr_steps=options(guide.apdr.steps))
    if offer:
        taxonomy = offer.taxonomy
        lists.update(service_types=options(taxonomy.service_types),
                     audiences=options(taxonomy.audiences), places=options(taxonomy.places),
                     funding=options(taxonomy.funding),
                     venue_features=options(taxonomy.venue_features),
                     postcode_districts=options(taxonomy.districts))
    if steps:
        lists.update(steps=options(steps.steps), questions=options(steps.questions, "question"))
        answers = {q.id: options(q.answers, "label") for q in steps.questions}
    return Choices(lists, answers, collections)
