"""Gaps: the guide's optional parts a council has left out, each at its file and line.

Provision at every tier, first steps for every phase, "when to seek more help", review dates
and owners, and area summaries are the council's editorial choices: the guide validates and
builds without them, and the engine never fills them in. This check lists what is missing, in
the guide's own words (its labels and titles). A gap is a warning unless the council switches
its rule on in `ordinarily.yml` (`rules:`), and then it fails the check. See
docs/check-content.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ordinarily.assembly.project import Project
from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import ContentFiles
from ordinarily.core.rendering import joined
from ordinarily.core.settings import Rules
from ordinarily.guide import model as m
from ordinarily.guide.loader import GUIDE_FILES, NEEDS_DIR

TAXONOMY = f"{NEEDS_DIR}/{GUIDE_FILES['taxonomy']}"


@dataclass(frozen=True)
class Gap:
    """One missing part: where, which rule would require it, and what is missing."""

    file: str
    where: tuple[str | int, ...]  # the place in the file's data nearest to what is missing
    rule: str  # the `rules:` setting that would require it
    what: str  # in the guide's words, to follow 'gap: '
    explained: bool = False  # the council wrote why (a tier note): reported only if required


def find_gaps(guide: m.Guide, files: ContentFiles) -> Iterator[Gap]:
    """Every gap in the guide, file by file."""
    yield from _area_gaps(guide.taxonomy)
    for need in guide.needs:
        yield from _need_gaps(need, guide.taxonomy)
        yield from _review_gaps(need.source, files)
    parts = [("universal", guide.universal), ("apdr", guide.apdr),
             ("glossary", guide.glossary), ("checker", guide.checker)]
    for kind, part in parts:
        if part is not None:
            yield from _review_gaps(f"{NEEDS_DIR}/{GUIDE_FILES[kind]}", files)


def _area_gaps(taxonomy: m.Taxonomy) -> Iterator[Gap]:
    for i, area in enumerate(taxonomy.areas):
        if not area.summary:
            yield Gap(TAXONOMY, ("areas", i), "area_summaries",
                      f"the {taxonomy.labels.area} '{area.title}' has no summary; its page "
                      "starts with its list of needs")


def _need_gaps(need: m.Need, taxonomy: m.Taxonomy) -> Iterator[Gap]:
    words = taxonomy.labels
    for tier in taxonomy.tiers:
        if not need.at_tier(tier.id):
            noted = tier.id in need.tier_notes
            yield Gap(need.source, ("tier_notes", tier.id) if noted else ("provision",),
                      "provision_at_every_tier",
                      f"no provision at the {words.tier} '{tier.title}'"
                      + (" (its note under 'tier_notes' is shown instead)" if noted else ""),
                      explained=noted)
    checker_tiers = joined([f"'{t.title}'" for t in taxonomy.checker_tiers], "or")
    for phase in need.phases:
        if not need.first_steps(phase, taxonomy)[1]:
            yield Gap(need.source, ("provision",), "first_steps",
                      f"no first step marked for the {words.phase} "
                      f"'{taxonomy.phase(phase).title}' (first_step: true on an entry at "
                      f"{checker_tiers}); the checker shows the first entry at each of those "
                      f"{words.tiers} instead")
    if not need.seek_help:
        yield Gap(need.source, ("title",), "seek_help",
                  "no 'seek_help': the page has no 'When to seek more help' section")


def _review_gaps(file: str, files: ContentFiles) -> Iterator[Gap]:
    doc = files.yaml.get(file)
    data = doc.data if doc and isinstance(doc.data, dict) else {}
    if "reviewed" not in data:
        yield Gap(file, (), "review_dates", "no 'reviewed' date: the page does not say when it "
                                            "was last checked")
    if "review_owner" not in data:
        yield Gap(file, ("reviewed",), "review_dates",
                  "no 'review_owner': nobody is named as keeping it right")


def check_gaps(project: Project, files: ContentFiles) -> CheckResult:
    rules = project.settings.rules
    found = find_gaps(project.guide, files) if project.guide else iter(())
    gaps = [g for g in found if rules.on(g.rule) or not g.explained]
    findings = tuple(_finding(g, files, rules) for g in gaps)
    required = sum(1 for g in gaps if rules.on(g.rule))
    if not gaps:
        summary = "nothing the guide may leave out is missing."
    elif required:
        summary = (f"{_count(len(gaps))}, {required} of them required by the rules in "
                   "ordinarily.yml (fill those in, or switch their rule off).")
    else:
        summary = (f"{_count(len(gaps))} (a warning: no rule in ordinarily.yml requires "
                   "them).")
    return CheckResult("gaps", "Gaps", ("Rule", "What is missing"), findings, summary,
                       failed=bool(required))


def _finding(gap: Gap, files: ContentFiles, rules: Rules) -> Finding:
    doc = files.yaml.get(gap.file)
    line = doc.line(gap.where) if doc else 0
    rule = f"rules: {gap.rule}"
    status = f"required by {rule}" if rules.on(gap.rule) else f"a warning; {rule} would require it"
    return Finding(gap.file, line, f"gap: {gap.what} ({status})",
                   (f"{gap.rule} ({'on' if rules.on(gap.rule) else 'off'})", gap.what))


def _count(n: int) -> str:
    return "1 gap" if n == 1 else f"{n} gaps"
