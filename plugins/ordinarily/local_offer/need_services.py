"""The order of the Local Offer's services on a need page, for a reader who has chosen a phase
(or none): services that fit the phase first; among them the ones the need names
(`related_services`), then those for this need in particular before those for every need (such
as an EHC needs assessment), then those for the guide's own readers (an audience the Local Offer
taxonomy marks `guide_readers: true`) before the rest, then by name (docs/local-offer.md).

Only the services' own fields and the council's taxonomy decide, never ids written here. A service
that states no phases is not known to fit, so it comes after those that do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ordinarily.guide import model as m
from ordinarily.local_offer import offer_model as o

_AGES = re.compile(r"(\d+)\D+?(\d+)")


def guide_readers(taxonomy: o.OfferTaxonomy) -> frozenset[str]:
    """The audiences the council marks as the guide's readers."""
    return frozenset(a.id for a in taxonomy.audiences if a.guide_readers)


def phase_ages(phase: m.Term) -> tuple[int, int] | None:
    """A phase's ages ('4 to 11') as numbers; None when the taxonomy words them otherwise."""
    found = _AGES.search(phase.ages or "")
    return (int(found.group(1)), int(found.group(2))) if found else None


def fits_phase(service: o.Service, phase: m.Term) -> bool:
    """The service says it is for the phase, and its stated ages (if any) overlap the phase's."""
    if not service.serves("phases", phase.id):
        return False
    span = phase_ages(phase)
    if span is None or service.age_from is None or service.age_to is None:
        return True
    return service.age_from <= span[1] and service.age_to >= span[0]


def ranked(services: Iterable[o.Service], need: m.Need, phase: m.Term | None,
           readers: frozenset[str] = frozenset()) -> list[o.Service]:
    """`services` in the order a reader of the need page (at `phase`, if chosen) wants them;
    `readers` are the ids of the audiences marked as the guide's readers."""
    named = {service_id: i for i, service_id in enumerate(need.related_services)}

    def key(s: o.Service) -> tuple:
        return (phase is not None and not fits_phase(s, phase),
                named.get(s.id, len(named)),
                s.needs is None or o.ALL in s.needs,
                not readers.intersection(s.audiences or ()),
                s.name.casefold(), s.id)

    return sorted(services, key=key)
