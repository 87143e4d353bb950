"""Flesch reading ease of the text families read.

The score is 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per word): 60 to 70 is
plain English, 50 to 60 fairly hard, below 50 hard. The `readability` package counts the syllables
and works out the score; this module turns plain text into the sentences it needs.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator

import readability

from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import PLAN_TEXT, SERVICE_TEXT, Passage

LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[^a-z\s])")
TOKEN = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")


def flesch(text: str) -> float | None:
    """The Flesch reading ease of plain text (None when it has no words)."""
    sentences = [" ".join(w.lower() for w in TOKEN.findall(s)) for s in sentences_of(text)]
    sentences = [s for s in sentences if s]
    if not sentences:
        return None
    measures = readability.getmeasures(sentences, lang="en")
    return measures["readability grades"]["FleschReadingEase"]


def sentences_of(text: str) -> Iterator[str]:
    """Sentences: headings are left out; each list item and table cell stands alone."""
    for block in _blocks(text):
        yield from (s for s in SENTENCE_END.split(block) if s.strip())


def _blocks(text: str) -> Iterator[str]:
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        starts_block = not stripped or stripped.startswith(("#", "|")) or LIST_ITEM.match(line)
        if starts_block and current:
            yield " ".join(current)
            current = []
        if stripped.startswith("|"):
            yield from (c for c in stripped.strip("|").split("|") if c.strip(" :-"))
        elif stripped and not stripped.startswith("#"):
            current.append(LIST_ITEM.sub("", line).strip())
    if current:
        yield " ".join(current)


def check_reading(passages: list[Passage], minimum: float, block: bool) -> CheckResult:
    """Score each family-facing item (a page, a summary, one 'You said, we did' entry)."""
    items: dict[tuple[str, str], list[Passage]] = {}
    for passage in passages:
        if passage.family:
            items.setdefault((passage.file, passage.family), []).append(passage)
    scores, findings = [], []
    for (file, item), parts in items.items():
        score = flesch("\n\n".join(p.text for p in parts))
        if score is None:
            continue
        scores.append(score)
        if score < minimum:
            verb = "score" if item in (SERVICE_TEXT, PLAN_TEXT) else "scores"
            findings.append(Finding(file, parts[0].line, f"reading ease: {_what(item)} {verb} "
                                    f"{score:.0f} (the minimum is {minimum:g})",
                                    (_what(item), f"{score:.0f}")))
    return CheckResult("reading", "Reading ease", ("Text", "Score"), tuple(findings),
                       _summary(scores, len(findings), minimum, block),
                       failed=block and bool(findings))


def _what(item: str) -> str:
    if item.startswith("entries."):
        return f"the entry '{item.removeprefix('entries.')}'"
    return "the page" if item == "page" else f"the {item}"


def _summary(scores: list[float], below: int, minimum: float, block: bool) -> str:
    if not scores:
        return "there is no family-facing text to score."
    median = statistics.median(scores)
    text = (f"{len(scores)} pieces of family-facing text checked; median score {median:.0f} "
            "(Flesch reading ease: 60 or more is plain English)")
    if not below:
        return text + f"; none below the minimum of {minimum:g}."
    kind = "this fails the check" if block else "a warning only"
    return text + f"; {below} below the minimum of {minimum:g} ({kind})."
