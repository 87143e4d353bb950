"""Spaces YAML does not count as spaces: a non-breaking space pasted from a word processor, a
zero-width space, a byte order mark in the middle of a file.

Where YAML expects an ordinary space (the indentation, between `key:` and its value, after a
list's `-`, or just before a key's `:`) such a character gives a confusing YAML error or,
worse, silently a key or value other than the one written. This module finds them there, so
the message can name the character and where it is. Inside text they are left alone: a
non-breaking space between "10" and "am" is the writer's choice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Characters that look like a space, or like nothing at all.
NAMES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u1680": "an Ogham space mark (U+1680)",
    "\u2000": "an en quad (U+2000)",
    "\u2001": "an em quad (U+2001)",
    "\u2002": "an en space (U+2002)",
    "\u2003": "an em space (U+2003)",
    "\u2004": "a three-per-em space (U+2004)",
    "\u2005": "a four-per-em space (U+2005)",
    "\u2006": "a six-per-em space (U+2006)",
    "\u2007": "a figure space (U+2007)",
    "\u2008": "a punctuation space (U+2008)",
    "\u2009": "a thin space (U+2009)",
    "\u200a": "a hair space (U+200A)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u205f": "a medium mathematical space (U+205F)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a byte order mark (U+FEFF)",
}
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_ODD = "[" + "".join(NAMES) + "]"
_ANY = re.compile(_ODD)
_KEY = r"[A-Za-z0-9_-]+"
_LEAD = r"^[ \t]*(?:-[ \t]+)*"  # indentation, and the dashes of list items on the same line
# Each pattern's group 1 is the odd character; the places YAML expects a space (or nothing).
_PLACES = [
    re.compile(_LEAD + f"({_ODD})"),  # in the indentation
    re.compile(_LEAD + f"-({_ODD})"),  # right after a list item's dash
    re.compile(_LEAD + _KEY + f"({_ODD})" + _ODD + r"*:(?:[ \t]|$)"),  # before a key's colon
    re.compile(_LEAD + _KEY + f":[ \t]*({_ODD})"),  # between a key's colon and its value
]


@dataclass(frozen=True, order=True)
class OddSpace:
    line: int  # 1-based
    column: int  # 1-based
    char: str

    def message(self) -> str:
        name = NAMES[self.char]
        if self.char in ZERO_WIDTH:
            fix = ("delete it: it is invisible, so delete the characters either side of it and "
                   "type them again")
        else:
            fix = "type an ordinary space instead"
        return (f"{name} at column {self.column}, where YAML expects an ordinary space or "
                f"nothing; {fix}")


def has_odd_spaces(text: str) -> bool:
    """A quick test that lets files without any such character skip the search."""
    return _ANY.search(text, 1) is not None  # a byte order mark at the very start is fine


def odd_spaces(text: str, skip: Iterable[int] = ()) -> list[OddSpace]:
    """Every odd space where YAML expects a space, except on the lines in `skip` (1-based:
    the inside of quoted and block text, where they are content)."""
    skipped = set(skip)
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if number in skipped or not _ANY.search(line):
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        columns = {m.start(1) for place in _PLACES if (m := place.search(line))}
        if columns:
            column = min(columns)
            found.append(OddSpace(number, column + 1, line[column]))
    return found
