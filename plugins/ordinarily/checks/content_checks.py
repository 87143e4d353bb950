"""`ordinarily check-content`: spelling, reading ease, abbreviations, review dates, gaps and
the Local Offer's unknowns (fields a service gives as `not stated`).

Spelling mistakes and abbreviations missing from the glossary fail the check (exit 1); text that
is hard to read, entries past their review date, gaps (optional parts of the guide left out) and
unknowns are warnings, unless the settings make reading ease block
(`checks: reading_ease: block: true`) or switch on the rule a gap breaks (`rules:`). See
docs/check-content.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ordinarily.assembly.project import Project, load_project
from ordinarily.checks.abbreviations import check_abbreviations, defined_abbreviations
from ordinarily.checks.content_report import CheckResult, as_markdown, as_text
from ordinarily.checks.content_text import ContentFiles, read_content
from ordinarily.checks.council_words import check_council_words
from ordinarily.checks.family_views import check_family_views
from ordinarily.checks.gaps import check_gaps
from ordinarily.checks.reading_ease import check_reading
from ordinarily.checks.review_dates import check_stale, review_dates
from ordinarily.checks.spelling import Speller, check_spelling, read_word_list
from ordinarily.checks.unknowns import check_unknowns
from ordinarily.core.problems import ContentError

CHECKS = ("spelling", "reading", "abbreviations", "stale", "gaps", "taxonomy", "unknowns",
          "families")


def add_parser(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("check-content", help="check spelling (British English), reading ease, "
                                             "abbreviations, review dates, gaps and services' "
                                             "'not stated' fields; exit 1 on "
                                             "spelling mistakes, undefined abbreviations or "
                                             "gaps a rule in ordinarily.yml requires")
    c.add_argument("path", nargs="?", default=".", help="the project folder (default: here)")
    c.add_argument("--only", action="append", choices=CHECKS,
                   help="run only this check (give it more than once for several)")
    c.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="text (one line per finding) or markdown (tables, for an issue)")
    c.add_argument("--today", type=_day, default=None, metavar="YYYY-MM-DD",
                   help="the date review dates are measured from (default: today)")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    today = args.today or date.today()
    try:
        project = load_project(Path(args.path))
        results = check_content(project, args.only or CHECKS, today)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    if args.format == "markdown":
        sys.stdout.write(as_markdown(results, today))
    else:
        sys.stdout.write(as_text(results))
    return 1 if any(r.failed for r in results) else 0


def check_content(project: Project, only: tuple[str, ...] | list[str],
                  today: date) -> list[CheckResult]:
    """Run the chosen checks, in the order of CHECKS."""
    settings = project.settings.checks
    files = read_content(project)
    passages = files.passages() if set(only) - {"stale", "gaps", "unknowns", "families"} else []
    allowed = _word_list(project) if {"spelling", "abbreviations"} & set(only) else frozenset()
    glossary = project.guide.glossary if project.guide else None
    results = []
    if "spelling" in only:
        glossary_words = {w for t in glossary.terms for s in (t.term, *t.also)
                          for w in s.replace("-", " ").split()} if glossary else set()
        results.append(check_spelling(passages, Speller(allowed | glossary_words)))
    if "reading" in only:
        results.append(check_reading(passages, settings.reading_minimum, settings.reading_block))
    if "abbreviations" in only:
        results.append(check_abbreviations(passages, defined_abbreviations(glossary), allowed))
    if "stale" in only:
        results.append(_stale(project, files, today, settings.stale_after_months))
    if "gaps" in only:
        results.append(check_gaps(project, files))
    if "taxonomy" in only and project.guide is not None:
        results.append(check_council_words(passages, project.guide.taxonomy))
    if "unknowns" in only and project.offer is not None:
        results.append(check_unknowns(project, files))
    if "families" in only and project.guide is not None and project.settings.on("families"):
        results.append(check_family_views(project, files))
    return results


def _stale(project: Project, files: ContentFiles, today: date, months: int) -> CheckResult:
    return check_stale(review_dates(project, files), files, today, months)


def _word_list(project: Project) -> frozenset[str]:
    checks = project.settings.checks
    path = project.root / checks.words
    if not path.exists() and not checks.words_given:
        return frozenset()
    return read_word_list(path, checks.words)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD, for "
                                         "example 2027-01-31") from None
