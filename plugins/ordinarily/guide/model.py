"""The validated content as one immutable model. Every output is a function of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Term:
    """A taxonomy term: an area, a tier or a phase."""

    id: str
    title: str
    summary: str = ""
    ages: str = ""
    checker: bool = False
    families_expect: bool = False  # a tier: families can expect its entries of every setting
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area(Term):
    need_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Labels:
    """What the council calls the guide's three ways of sorting provision, in lower case as
    they read mid-sentence (one council's tiers are another's waves)."""

    area: str = "area of need"
    areas: str = "areas of need"
    tier: str = "tier"
    tiers: str = "tiers"
    phase: str = "phase"
    phases: str = "phases"


@dataclass(frozen=True)
class Taxonomy:
    areas: tuple[Area, ...]
    tiers: tuple[Term, ...]
    phases: tuple[Term, ...]
    labels: Labels = Labels()
    intro: str = ""

    @property
    def families_tiers(self) -> tuple[Term, ...]:
        """The tiers whose entries every setting should already be doing, as the family view
        of a need says (none when the taxonomy marks none: the engine never guesses)."""
        return tuple(t for t in self.tiers if t.families_expect)

    @property
    def checker_tiers(self) -> tuple[Term, ...]:
        marked = tuple(t for t in self.tiers if t.checker)
        return marked or self.tiers[:2]

    def phase(self, phase_id: str) -> Term:
        return next(p for p in self.phases if p.id == phase_id)

    def tier(self, tier_id: str) -> Term:
        return next(t for t in self.tiers if t.id == tier_id)


@dataclass(frozen=True)
class Review:
    """When a part of the guide was last checked, and by whom ("" when no owner is given).
    A part with no `reviewed` date has no Review at all (None)."""

    reviewed: date
    owner: str = ""


@dataclass(frozen=True)
class Resource:
    title: str
    url: str


@dataclass(frozen=True)
class Descriptor:
    text: str
    phases: tuple[str, ...]
    tier: str | None = None


@dataclass(frozen=True)
class Provision:
    id: str
    tier: str
    phases: tuple[str, ...]
    title: str
    detail: str
    who: str = ""
    first_step: bool = False
    resources: tuple[Resource, ...] = ()
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class FamilyView:
    """What a council writes for families about one need (`families:` in the need's file).
    Every part is optional; the family view derives the rest from the need's entries."""

    notice_at_home: tuple[str, ...] = ()
    setting_should: dict[str, str] = field(default_factory=dict)  # entry id: family words
    questions: tuple[str, ...] = ()
    at_home: tuple[str, ...] = ()
    advice_services: tuple[str, ...] = ()  # Local Offer service ids
    ask_for_more: str = ""

    def parts_written(self) -> int:
        """How many of the six parts the council wrote."""
        return sum(bool(p) for p in (self.notice_at_home, self.setting_should, self.questions,
                                      self.at_home, self.advice_services, self.ask_for_more))


@dataclass(frozen=True)
class Need:
    id: str
    area: str
    source: str  # the file it came from, relative to the project
    title: str
    summary: str
    review: Review | None
    phases: tuple[str, ...]
    notice: tuple[Descriptor, ...]
    provision: tuple[Provision, ...]
    seek_help: tuple[str, ...] = ()
    tier_notes: dict[str, str] = field(default_factory=dict)  # tier id: Markdown
    apdr: dict[str, tuple[str, ...]] = field(default_factory=dict)
    also_known_as: tuple[str, ...] = ()
    related_needs: tuple[str, ...] = ()
    related_services: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()
    families: FamilyView | None = None  # None when the file has no `families:`

    def entry(self, entry_id: str) -> Provision:
        return next(p for p in self.provision if p.id == entry_id)

    def at_tier(self, tier_id: str) -> tuple[Provision, ...]:
        return tuple(p for p in self.provision if p.tier == tier_id)

    def setting_should(self, taxonomy: Taxonomy) -> tuple[tuple[Provision, str], ...]:
        """What the setting should already be doing, for the family view: each entry at the
        tiers the taxonomy marks `families_expect` (in its order, then file order), with the
        council's words for families where it writes them, else the entry's title."""
        words = self.families.setting_should if self.families else {}
        return tuple((p, words.get(p.id, p.title)) for t in taxonomy.families_tiers
                     for p in self.at_tier(t.id))

    def first_steps(self, phase: str, taxonomy: Taxonomy) -> tuple[tuple[Provision, ...], bool]:
        """What the checker suggests trying first for `phase`, lightest tier first, and whether
        the council marked them. The entries marked `first_step: true` at the tiers the taxonomy
        marks for the checker; where none is marked for the phase, the first entry (in file
        order) for that phase at each of those tiers, so the guide never has to invent them."""
        tiers = taxonomy.checker_tiers
        marked = tuple(p for t in tiers for p in self.at_tier(t.id)
                       if p.first_step and phase in p.phases)
        if marked:
            return marked, True
        first = (next((p for p in self.at_tier(t.id) if phase in p.phases), None) for t in tiers)
        return tuple(p for p in first if p is not None), False


@dataclass(frozen=True)
class Expectation:
    id: str
    title: str
    detail: str
    phases: tuple[str, ...]
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    intro: str
    expectations: tuple[Expectation, ...]
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class Universal:
    title: str
    intro: str
    review: Review | None
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class Role:
    role: str
    does: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    summary: str
    who: tuple[Role, ...]
    questions: tuple[str, ...]
    records: tuple[str, ...]
    timing: str


@dataclass(frozen=True)
class Apdr:
    title: str
    intro: str
    cycle: str
    review: Review | None
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    expansion: str
    definition: str
    also: tuple[str, ...] = ()
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    title: str
    intro: str
    review: Review | None
    terms: tuple[GlossaryTerm, ...]


@dataclass(frozen=True)
class Observation:
    id: str
    text: str
    needs: tuple[str, ...]
    phases: tuple[str, ...]


@dataclass(frozen=True)
class ObservationTheme:
    id: str
    title: str
    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class Checker:
    title: str
    intro: str
    review: Review | None
    themes: tuple[ObservationTheme, ...]  # a flat list is one theme with no id and no title

    @property
    def observations(self) -> tuple[Observation, ...]:
        return tuple(o for t in self.themes for o in t.observations)


@dataclass(frozen=True)
class Guide:
    """The whole OAP guide, validated and cross-referenced."""

    taxonomy: Taxonomy
    needs: tuple[Need, ...]  # in the guide's order: areas as in the taxonomy, then their needs
    universal: Universal
    apdr: Apdr
    glossary: Glossary
    checker: Checker | None

    def need(self, need_id: str) -> Need:
        return next(n for n in self.needs if n.id == need_id)

    def needs_in(self, area_id: str) -> tuple[Need, ...]:
        return tuple(n for n in self.needs if n.area == area_id)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.taxonomy.areas if a.id == area_id)
