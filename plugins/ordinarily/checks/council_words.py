"""Hand-written text that still uses words the guide's taxonomy no longer has.

A council that starts from `ordinarily new-area` gets the default taxonomy (four areas, the tiers
Universal, SEN support and Specialist, four phases). When it renames them, or calls its tiers
"waves", text written earlier goes stale: "the three tiers", "every child on SEN support". This
check compares the pages in content/ and the prose in the YAML files with the default taxonomy
and reports, as warnings, each place that names

- a default area, tier or phase title that the council's taxonomy does not have (a title of one
  word, such as "Specialist", only where it is capitalised mid-sentence, since "specialist
  advice" is ordinary English; a title starting with an abbreviation, such as "SEN support",
  anywhere);
- a default word for areas, tiers or phases that the council has replaced ("tier" in a guide
  whose `labels:` say "wave");
- a number of areas, tiers or phases that is not the taxonomy's ("the four areas of need" in a
  guide with five).

"SEN support" is also the SEND Code of Practice's name for help a school gives: where a page
means the Code's term, not a tier, leave the words as they are. See docs/check-content.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import yaml

from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import Passage
from ordinarily.core.engine_files import engine_file
from ordinarily.core.rendering import NUMBER_WORDS, joined
from ordinarily.guide import model as m

TAXONOMY = "needs/taxonomy.yml"
KINDS = (("areas", "area"), ("tiers", "tier"), ("phases", "phase"))
_SENTENCE_START = ".!?:;-*#>|(\"\u201c"


@dataclass(frozen=True)
class _Stale:
    """Words to look for, and what to say when they are found."""

    pattern: re.Pattern[str]
    words: str
    message: str
    suggestion: str
    placeholder: str  # what a page can write instead
    anywhere: bool = True  # False: not at the start of a sentence, where any word has a capital


@cache
def default_titles() -> dict[str, tuple[str, ...]]:
    """The area, tier and phase titles of the taxonomy `ordinarily new-area` writes."""
    text = engine_file("templates", "new-area", "needs", "taxonomy.yml.j2").read_text("utf-8")
    data = yaml.safe_load(text)
    return {kind: tuple(item["title"] for item in data[kind]) for kind, _ in KINDS}


def check_council_words(passages: list[Passage], taxonomy: m.Taxonomy) -> CheckResult:
    stale = list(_stale_words(taxonomy))
    findings: dict[tuple[str, int, str], Finding] = {}
    for passage in passages:
        for rule in stale:
            for match in rule.pattern.finditer(passage.text):
                if not rule.anywhere and _starts_sentence(passage.text, match.start()):
                    continue
                line = passage.line_of(match.start(), match.group())
                hint = (f" (on a page, [[ordinarily:{rule.placeholder}]] keeps it up to date)"
                        if passage.field == "page" else "")
                findings.setdefault((passage.file, line, rule.words), Finding(
                    passage.file, line, f"{rule.message}; {rule.suggestion}{hint}",
                    (match.group(), rule.suggestion)))
    found = tuple(sorted(findings.values(), key=lambda f: (f.file, f.line, f.message)))
    if found:
        summary = (f"{len(found)} place{'s' if len(found) != 1 else ''} still use words that "
                   f"{TAXONOMY} no longer has. Where a page means the SEND Code of Practice's "
                   "own term (such as SEN support), leave it.")
    else:
        summary = "the text uses the taxonomy's own words."
    return CheckResult("taxonomy", "The guide's own words", ("Words", "Suggestion"), found,
                       summary, failed=False)


def _stale_words(taxonomy: m.Taxonomy) -> Iterator[_Stale]:
    words = taxonomy.labels
    defaults = m.Labels()
    for kinds, kind in KINDS:
        terms: tuple[m.Term, ...] = getattr(taxonomy, kinds)
        current = {t.title.casefold() for t in terms}
        label, labels = getattr(words, kind), getattr(words, kinds)
        now = joined([f"'{t.title}'" for t in terms])
        for title in default_titles()[kinds]:
            if title.casefold() in current:
                continue
            yield _Stale(_whole(title), title,
                         f"names the {label} '{title}', which {TAXONOMY} does not have",
                         f"its {labels} are {now}", f"{kinds}.titles",
                         anywhere=title.split()[0].isupper())  # as "SEN support" does
        for name in (kind, kinds):
            old, new = getattr(defaults, name), getattr(words, name)
            if old.casefold() != new.casefold():
                yield _Stale(_whole(old, re.IGNORECASE), old,
                             f"says '{old}', but {TAXONOMY} calls them '{labels}'",
                             f"write '{new}'", f"labels.{name}")
        yield from _counts(len(terms), labels, kinds)


def _counts(count: int, labels: str, kinds: str) -> Iterator[_Stale]:
    """'four areas of need' or 'four broad areas of need' where the taxonomy has another
    number."""
    others = [w for n, w in enumerate(NUMBER_WORDS) if n != count and n > 1]
    others += [str(n) for n in range(2, 21) if n != count]
    numbers = "|".join(others)
    pattern = re.compile(rf"(?<![\w-])(?:{numbers})\s+(?:broad\s+)?{_spaced(labels)}(?![\w-])",
                         re.IGNORECASE)
    said = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    yield _Stale(pattern, f"number of {labels}",
                 f"gives a number of {labels} that is not the taxonomy's",
                 f"{TAXONOMY} has {said}", f"{kinds}.count.words")


def _whole(words: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){_spaced(words)}(?![\w-])", flags)


def _spaced(words: str) -> str:
    """The words as a pattern, any run of spaces or a line break between them."""
    return r"\s+".join(re.escape(w) for w in words.split())


def _starts_sentence(text: str, offset: int) -> bool:
    before = text[text.rfind("\n", 0, offset) + 1:offset].rstrip()
    return not before or before[-1] in _SENTENCE_START or bool(re.fullmatch(r"\d+\.", before))

