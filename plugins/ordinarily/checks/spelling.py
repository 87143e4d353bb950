"""British English spelling, with the project's own word list.

A word is right when pyspellchecker's English dictionary knows it, when it is a British spelling
in breame's list of words spelt differently in British and American English, when the project's
word list (`words.txt`) has it, or when it is part of a glossary term. A word in breame's list of
American spellings is wrong even though the dictionary (which is mostly American) knows it, unless
British English also uses it in some sense (`BRITISH_TOO`) or the word list allows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS
from spellchecker import SpellChecker

from ordinarily.checks.content_report import CheckResult, Finding
from ordinarily.checks.content_text import Passage
from ordinarily.core.problems import ContentError, Problem

# Spellings breame lists as American that British English uses too, in some sense: "practice"
# (the noun), "license" (the verb), "draft" (a first version), a gas "meter", a computer "disk".
# For others breame's British form is archaic or another word ("connexion", "gramme", "philtre").
# A computer "program" is the one case left to the writer (NOTES).
BRITISH_TOO = frozenset({
    "almanac", "almanacs", "banister", "banisters", "biased", "biasing", "centigram", "centigrams",
    "chimera", "chimeras", "connection", "connections", "disk", "disks", "draft", "drafted",
    "drafting", "drafts", "encyclopedia", "encyclopedias", "encyclopedic", "fetal", "fetus",
    "fetuses", "filter", "filters", "gluing", "gram", "grams", "griffin", "griffins", "groin",
    "groins", "homeopath", "homeopathic", "homeopaths", "homeopathy", "inflection", "inflections",
    "install", "installs", "judgment", "kilogram", "kilograms", "license", "licensed", "licenses",
    "licensing", "likable", "medieval", "meter", "meters", "milligram", "milligrams", "misspelled",
    "practice", "practices", "presidium", "presidiums", "primeval", "pummel", "sheik", "siphon",
    "siphoned", "siphoning", "siphons", "tire", "tired", "tires", "ton", "tons", "tranquility"
})
# Everyday British words missing from pyspellchecker's (mostly American) dictionary.
BRITISH_WORDS = frozenset({"kerb", "kerbs", "maths", "wellbeing"})
NOTES = {
    "program": "British English keeps 'program' for computer programs",
    "programs": "British English keeps 'program' for computer programs",
}
WORD = re.compile(r"[\w'-]+")
ABBREVIATION = re.compile(r"[A-Z]{2,}s?")
LETTERS = "abcdefghijklmnopqrstuvwxyz'"
# Looking two letters away takes a fraction of a second a word, so the check does it for a few
# words only: short words in lower case (a capital usually means a name, for the word list).
FAR_GUESSES = 8
LONGEST_FAR_GUESS = 10


def read_word_list(path: Path, shown: str) -> frozenset[str]:
    """The words of a word list (lower case): one a line; '#' starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else \
            "it does not exist" if isinstance(exc, FileNotFoundError) else exc.strerror
        raise ContentError([Problem(shown, 0, f"cannot read the word list: {reason}; create "
                                              "it, or name another file in ordinarily.yml "
                                              "(checks: words)")]) from None
    return frozenset(word.lower() for line in text.splitlines()
                     for word in line.split("#", 1)[0].split())


class Speller:
    """Checks single words; remembers its answers."""

    def __init__(self, allowed: Iterable[str]) -> None:
        self.checker = SpellChecker(language="en")
        self.allowed = frozenset(w.lower() for w in allowed)
        self.known = (set(self.checker.word_frequency.dictionary) | set(BRITISH_ENGLISH_SPELLINGS)
                      | BRITISH_WORDS | self.allowed)
        self.answers: dict[str, tuple[str, str] | None] = {}
        self.far_guesses = FAR_GUESSES

    def check(self, word: str) -> tuple[str, str] | None:
        """None when the word is right, else (problem, suggestion)."""
        if word not in self.answers:
            self.answers[word] = self._check(word)
        return self.answers[word]

    def _check(self, word: str) -> tuple[str, str] | None:
        lower = word.lower()
        if lower in self.allowed:
            return None
        if lower in AMERICAN_ENGLISH_SPELLINGS and lower not in BRITISH_TOO:
            british = _same_case(AMERICAN_ENGLISH_SPELLINGS[lower], word)
            note = f" ({NOTES[lower]})" if lower in NOTES else ""
            return f"'{word}' is the American spelling; did you mean '{british}'?{note}", british
        if lower in self.known or "-" in lower and all(p in self.known or not p
                                                        for p in lower.split("-")):
            return None
        guess = self.suggest(word)
        hint = f"; did you mean '{_same_case(guess, word)}'?" if guess else ""
        return f"'{word}' is not in the dictionary or the word list{hint}", guess

    def suggest(self, word: str) -> str:
        """The likeliest known word one (or two) letters away, in British spelling ('' if none)."""
        lower = word.lower()
        near = _edits(lower)
        options = near & self.known
        if not options and self.far_guesses and word.islower() and len(word) <= LONGEST_FAR_GUESS:
            self.far_guesses -= 1
            options = {w for e in near for w in _edits(e) if w in self.known}
        if not options:
            return ""
        best = max(sorted(options), key=self._frequency)
        return best if best in BRITISH_TOO else AMERICAN_ENGLISH_SPELLINGS.get(best, best)

    def _frequency(self, word: str) -> int:
        frequency = self.checker.word_frequency
        return frequency[word] or frequency[BRITISH_ENGLISH_SPELLINGS.get(word, word)]


def _edits(word: str) -> set[str]:
    """Every string one letter away: one deleted, swapped, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in LETTERS}
            | {a + c + b for a, b in splits for c in LETTERS})


def words(text: str) -> Iterator[tuple[int, str]]:
    """(offset, word) for each word worth checking: not abbreviations (their own check), not
    words with digits or inner capitals (ids, 'SENCo', 'iPad'), not single letters."""
    for match in WORD.finditer(text):
        word = match.group().strip("'-")
        word = re.sub(r"'s?$", "", word)
        if (len(word) < 2 or any(c.isdigit() or c == "_" for c in word)
                or ABBREVIATION.fullmatch(word) or any(c.isupper() for c in word[1:])):
            continue
        yield match.start() + match.group().index(word[0]), word


def check_spelling(passages: list[Passage], speller: Speller) -> CheckResult:
    findings = []
    for passage in passages:
        for offset, word in words(passage.text):
            wrong = speller.check(word)
            if wrong:
                message, suggestion = wrong
                findings.append(Finding(passage.file, passage.line_of(offset, word),
                                        f"spelling: {message}",
                                        (word, suggestion or "", passage.field)))
    count = len(findings)
    summary = ("no mistakes found." if not count else
               f"{count} word{'s' if count != 1 else ''} to correct. If a word is right (a name, "
               "say), add it to the word list.")
    return CheckResult("spelling", "Spelling", ("Word", "Suggestion", "Field"),
                       tuple(findings), summary, failed=bool(count))


def _same_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word
