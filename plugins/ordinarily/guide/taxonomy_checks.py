"""Mistakes in `needs/taxonomy.yml` that its schema cannot see: a need listed in two areas,
phase ages written backwards, and phases listed out of age order.

Ages are the council's own words ("0 to 5", "5-11", "16 to 25"). Only a range of two whole
numbers is read; anything else ("Reception", "19 and over") is left as written and not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ordinarily.core.problems import Problem
from ordinarily.core.yamlfile import YamlFile
from ordinarily.guide import model as m

# "0 to 5", "5-11", "11 – 16", "birth to 5", "ages 16 to 25", "5 to 11 years"
_RANGE = re.compile(r"(\d+|birth)(\s*(?:to|-|–|—|until)\s*)(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Ages:
    start: int
    end: int
    span: tuple[int, int]  # where the range is in the text
    between: str  # what separates the two numbers, as written


def read_ages(text: str) -> Ages | None:
    """The range a phase's ages give, or None when they are not a range of two numbers."""
    found = _RANGE.search(text)
    if found is None:
        return None
    start = 0 if found.group(1).lower() == "birth" else int(found.group(1))
    return Ages(start, int(found.group(3)), found.span(), found.group(2))


def taxonomy_problems(doc: YamlFile, taxonomy: m.Taxonomy) -> list[Problem]:
    return need_list_problems(doc, taxonomy) + phase_age_problems(doc, taxonomy)


def need_list_problems(doc: YamlFile, taxonomy: m.Taxonomy) -> list[Problem]:
    """A need listed twice, naming both listings: a need belongs to one area."""
    problems = []
    first: dict[str, tuple[int, int]] = {}
    area = taxonomy.labels.area
    for i, a in enumerate(taxonomy.areas):
        for j, need_id in enumerate(a.need_ids):
            if need_id not in first:
                first[need_id] = (i, j)
                continue
            k, n = first[need_id]
            where = f"{doc.path}:{doc.line(('areas', k, 'needs', n))}"
            if k == i:
                message = (f"the need '{need_id}' is listed twice under '{a.title}' (first at "
                           f"{where}); remove one of them")
            else:
                message = (f"the need '{need_id}' is listed under two {taxonomy.labels.areas}: "
                           f"'{a.title}' here and '{taxonomy.areas[k].title}' at {where}; a "
                           f"need belongs to one {area}, the one whose folder holds its file, "
                           "so remove it from the other list")
            problems.append(doc.problem(("areas", i, "needs", j), message))
    return problems


def phase_age_problems(doc: YamlFile, taxonomy: m.Taxonomy) -> list[Problem]:
    """Ages written backwards, and phases not listed youngest first."""
    problems = []
    phase = taxonomy.labels.phase
    ages = [read_ages(p.ages) for p in taxonomy.phases]
    for i, (p, read) in enumerate(zip(taxonomy.phases, ages, strict=True)):
        if read is not None and read.start > read.end:
            start, end = read.span
            fixed = f"{read.end}{read.between}{read.start}"
            problems.append(doc.problem(("phases", i, "ages"), (
                f"the ages of the {phase} '{p.title}' are written backwards ('{p.ages}'); write "
                f"the younger age first: '{p.ages[:start]}{fixed}{p.ages[end:]}'")))
    problems += _order_problems(doc, taxonomy, ages)
    return problems


def _order_problems(doc: YamlFile, taxonomy: m.Taxonomy,
                    ages: list[Ages | None]) -> list[Problem]:
    """One problem, at the first phase that starts younger than one listed before it."""
    labels = taxonomy.labels
    known = [(i, min(a.start, a.end)) for i, a in enumerate(ages) if a is not None]
    for n, (i, start) in enumerate(known):
        older = [(k, s) for k, s in known[:n] if s > start]
        if not older:
            continue
        k = older[-1][0]  # the nearest phase before it that starts older
        phases = taxonomy.phases
        order = ""
        if len(known) == len(phases):
            ordered = sorted(range(len(phases)), key=lambda x: min(ages[x].start, ages[x].end))
            order = ": " + ", ".join(phases[x].id for x in ordered)
        return [doc.problem(("phases", i), (
            f"the {labels.phases} are not listed in age order: '{phases[i].title}' "
            f"({phases[i].ages}) comes after '{phases[k].title}' ({phases[k].ages}, line "
            f"{doc.line(('phases', k))}); list the {labels.phases} youngest first (pages, "
            f"menus and the checker show them in this order){order}"))]
    return []
