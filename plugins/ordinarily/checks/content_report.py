"""The findings of `ordinarily check-content`, as text (one line each) or as Markdown tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Finding:
    """One thing a check found, at one place."""

    file: str
    line: int
    message: str  # for the text report, after 'file:line: '
    cells: tuple[str, ...]  # for the Markdown table, after the place

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class CheckResult:
    """What one check found, and its one-line summary."""

    name: str  # as given to --only
    title: str
    columns: tuple[str, ...]  # the Markdown table's headings after 'Where'
    findings: tuple[Finding, ...]
    summary: str
    failed: bool  # the check makes the command exit 1


def as_text(results: list[CheckResult]) -> str:
    lines = [f"{f.place}: {f.message}" for r in results for f in r.findings]
    if lines:
        lines.append("")
    lines += [f"{r.title}: {r.summary}" for r in results]
    lines.append(_verdict(results))
    return "\n".join(lines) + "\n"


def as_markdown(results: list[CheckResult], today: date) -> str:
    """Headings and tables, for an issue or a comment. One check that found nothing gives an
    empty report, so that a scheduled job can tell that nothing is due (`make stale-report`)."""
    if len(results) == 1:
        if not results[0].findings:
            return ""
        out = [f"## {results[0].title}", "", f"Checked on {today.isoformat()}.", ""]
        out += _section(results[0])
    else:
        verdict = _verdict(results, "below")
        out = ["## Content check", "", f"Checked on {today.isoformat()}. {verdict}", ""]
        for result in results:
            out += [f"### {result.title}", "", *_section(result)]
    return "\n".join(out).rstrip("\n") + "\n"


def _section(result: CheckResult) -> list[str]:
    lines = [_sentence(result.summary), ""]
    if not result.findings:
        return lines
    head = ("Where", *result.columns)
    lines += ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for f in result.findings:
        cells = (f"`{f.place}`", *(_cell(c) for c in f.cells))
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _verdict(results: list[CheckResult], where: str = "above") -> str:
    failed = [r.title.lower() for r in results if r.failed]
    if failed:
        return f"The check failed ({', '.join(failed)}): see the findings {where}."
    return "The check passed."
