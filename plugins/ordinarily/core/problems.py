"""Problems found in content files, reported as `file:line: message`, never as a traceback."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Messages quote content, which may hold line breaks, control characters and invisible marks
# that reorder text: shown escaped (\n, \x00, \u202e), each problem stays on its one line and
# reads as written.
_ONE_LINE = {c: chr(c).encode("unicode_escape").decode("ascii")
             for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x061C, 0x200E, 0x200F,
                       *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at one line (0 when the file as a whole is wrong)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}".translate(_ONE_LINE)


class ContentError(Exception):
    """Raised when content cannot be built into a site; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple:
        """Pickled with its problems (a worker process hands it back), not its report."""
        return (ContentError, (self.problems,))


def quoted(value: object, limit: int = 60) -> str:
    """A value a message quotes, in single quotes and cut short when long, so a problem with a
    huge value still reads as one short line."""
    text = str(value)
    return f"'{text if len(text) <= limit else text[:limit - 1] + '…'}'"


def slugify(text: str) -> str:
    """A lower-case id made from any text: 'Give Thinking Time!' -> 'give-thinking-time',
    'Ysgol Môn' -> 'ysgol-mon'. Ids are ASCII letters, digits and single hyphens, so accents
    are dropped and other letters become gaps; the result may be '' (no letters at all)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest choice, or '' when nothing is close."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_id(kind: str, value: object, choices: Iterable[str]) -> str:
    """Message for an id that names nothing, with the closest known id. Known ids are listed in
    the order given (a taxonomy's own order: 5-11 before 11-16); a set, which has no order, is
    listed sorted."""
    choices = sorted(choices) if isinstance(choices, (set, frozenset)) else list(choices)
    hint = did_you_mean(value, choices)
    if not hint and len(choices) <= 8:
        hint = " (known: " + ", ".join(dict.fromkeys(choices)) + ")"
    return f"unknown {kind} {quoted(value)}{hint}"


def a_or_an(words: str) -> str:
    """'area of need' -> 'an area of need'; 'wave' -> 'a wave'."""
    return ("an " if words[:1].lower() in ("a", "e", "i", "o", "u") else "a ") + words
