"""Entries whose review date is older than the council's limit (12 months unless set)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ordinarily.assembly.project import Project
from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import ContentFiles
from ordinarily.core.problems import ContentError
from ordinarily.guide.loader import GUIDE_FILES, NEEDS_DIR
from ordinarily.local_offer.offer_loader import FEEDBACK_FILE
from ordinarily.sitewide.page_files import PageFile


@dataclass(frozen=True)
class Reviewed:
    file: str
    what: str
    reviewed: date
    owner: str


def review_dates(project: Project, files: ContentFiles) -> list[Reviewed]:
    """Everything that carries a review date."""
    found = (list(_guide(project)) + list(_offer(project)) + list(_plans(project)) +
             _pages(files.pages))
    return found


def _guide(project: Project) -> Iterator[Reviewed]:
    guide = project.guide
    if guide is None:
        return
    for need in guide.needs:  # a part with no review date is a gap (checks/gaps.py)
        if need.review is not None:
            yield Reviewed(need.source, f"the need '{need.title}'", need.review.reviewed,
                           need.review.owner)
    parts = [("universal", guide.universal, "the universal expectations"),
             ("apdr", guide.apdr, "the graduated approach (Assess, Plan, Do, Review)"),
             ("glossary", guide.glossary, "the glossary"),
             ("checker", guide.checker, "the quick needs checker")]
    for kind, part, what in parts:
        if part is not None and part.review is not None:
            yield Reviewed(f"{NEEDS_DIR}/{GUIDE_FILES[kind]}", what, part.review.reviewed,
                           part.review.owner)


def _offer(project: Project) -> Iterator[Reviewed]:
    offer = project.offer
    if offer is None:
        return
    for service in (s for s in offer.listed if s.reviewed):  # not stated: the unknowns check
        owner = offer.organisations[service.organisation].name
        yield Reviewed(service.source, f"the service '{service.name}'", service.reviewed, owner)
    if offer.feedback is not None:
        yield Reviewed(FEEDBACK_FILE, "'You said, we did'", offer.feedback.reviewed,
                       offer.feedback.owner)


def _plans(project: Project) -> Iterator[Reviewed]:
    if project.plans is None:
        return
    for template in project.plans.templates:
        if template.review is not None:
            yield Reviewed(template.source, f"the plan template '{template.title}'",
                           template.review.reviewed, template.review.owner)


def _pages(pages: list[PageFile]) -> list[Reviewed]:
    found, problems = [], []
    for page in pages:
        value = page.meta.data.get("reviewed")
        if value is None:
            continue
        try:
            reviewed = date.fromisoformat(str(value))
        except ValueError:
            problems.append(page.meta.problem(("reviewed",), f"'{value}' is not a real date; "
                                              "write YYYY-MM-DD, for example 2026-09-14"))
            continue
        title = page.meta.data.get("title") or page.path
        found.append(Reviewed(page.path, f"the page '{title}'", reviewed,
                              str(page.meta.data.get("review_owner") or "")))
    if problems:
        raise ContentError(problems)
    return found


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def check_stale(entries: list[Reviewed], files: ContentFiles, today: date,
                months: int) -> CheckResult:
    cutoff = months_before(today, months)
    stale = sorted((e for e in entries if e.reviewed < cutoff),
                   key=lambda e: (e.reviewed, e.file))
    findings = tuple(_finding(e, files, months) for e in stale)
    if findings:
        summary = (f"{len(findings)} of {len(entries)} entries were last reviewed before "
                   f"{cutoff.isoformat()}, more than {_months(months)} before "
                   f"{today.isoformat()} (a warning: review them and update their dates).")
    elif not entries:
        summary = "no entry gives a review date, so none can be out of date (see Gaps)."
    else:
        summary = (f"all {len(entries)} entries have been reviewed in the {_months(months)} "
                   f"before {today.isoformat()}.")
    return CheckResult("stale", "Review dates", ("What", "Last reviewed", "Owner"), findings,
                       summary, failed=False)


def _finding(entry: Reviewed, files: ContentFiles, months: int) -> Finding:
    owner = f" (owner: {entry.owner})" if entry.owner else ""
    message = (f"stale: {entry.what} was last reviewed on {entry.reviewed.isoformat()}, more "
               f"than {_months(months)} ago{owner}")
    return Finding(entry.file, _line(entry.file, files), message,
                   (entry.what, entry.reviewed.isoformat(), entry.owner or "not given"))


def _line(file: str, files: ContentFiles) -> int:
    if file in files.yaml:
        return files.yaml[file].line(("reviewed",))
    page = next((p for p in files.pages if p.path == file), None)
    return page.meta.line(("reviewed",)) if page else 0


def _months(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"
