"""Every abbreviation used in the content must be explained in the glossary.

An abbreviation is a word of two or more capital letters, with an optional plural 's' (EHCP,
SENCO, EHCPs). It is defined when it is a glossary term or one of a term's other spellings
(`also`), when it is a word of a term ("EHC" in "EHC plan"), or when the word list allows it
(for abbreviations everyone knows, such as UK).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import Passage
from ordinarily.guide import model as m

ABBREVIATION = re.compile(r"\b([A-Z]{2,})(s?)\b")


def defined_abbreviations(glossary: m.Glossary | None) -> set[str]:
    defined: set[str] = set()
    for term in glossary.terms if glossary else ():
        for spelling in (term.term, *term.also):
            defined.add(spelling)
            defined.update(spelling.split())
    return defined


@dataclass
class _Use:
    file: str
    line: int
    times: int = 0


def check_abbreviations(passages: list[Passage], defined: set[str],
                        allowed: Iterable[str]) -> CheckResult:
    allowed = {w.lower() for w in allowed}
    uses: dict[str, _Use] = {}
    for passage in passages:
        for match in ABBREVIATION.finditer(passage.text):
            whole, base = match.group(), match.group(1)
            if {whole, base} & defined or {whole.lower(), base.lower()} & allowed:
                continue
            if base not in uses:
                uses[base] = _Use(passage.file, passage.line_of(match.start(), whole))
            uses[base].times += 1
    findings = tuple(
        Finding(use.file, use.line, f"abbreviation: '{name}' is not in the glossary (used "
                                    f"{_times(use.times)}; first here)", (name, str(use.times)))
        for name, use in sorted(uses.items(), key=lambda item: (item[1].file, item[1].line)))
    if findings:
        summary = (f"{len(findings)} not in the glossary. Explain each one in needs/glossary.yml, "
                   "or add it to the word list if everyone knows it.")
    else:
        summary = "every abbreviation is in the glossary."
    return CheckResult("abbreviations", "Abbreviations", ("Abbreviation", "Times used"),
                       findings, summary, failed=bool(findings))


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"
