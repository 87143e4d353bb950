"""Placeholders in hand-written pages that the engine fills from the guide's taxonomy, so a page
can say how many areas there are, and what the tiers and phases are called, without repeating
the taxonomy: `[[ordinarily:areas.count.words]]` becomes "four", `[[ordinarily:labels.tiers]]`
becomes "tiers" (or "waves"). A name that starts with a capital letter gives its value with a
capital letter, to start a sentence: `[[ordinarily:Labels.tiers]]` is "Tiers".

The double brackets and the `ordinarily:` prefix mean nothing to Markdown, Jinja or MkDocs, so a
placeholder is never taken for anything else. Placeholders inside code (`` `...` `` or a fenced
block) are left as written, so a page can show one. The list of names is in
docs/content-model.md.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ordinarily.core.problems import Problem
from ordinarily.core.rendering import in_words, joined, sentence
from ordinarily.core.safe_markdown import plain
from ordinarily.guide import model as m
from ordinarily.sitewide.page_files import PageFile

PREFIX = "ordinarily:"
PLACEHOLDER = re.compile(r"\[\[ordinarily:\s*(?P<name>[^\[\]\n]*?)\s*\]\]")
# Code, where a placeholder stays as written; then a placeholder.
_TOKENS = re.compile(r"(?P<code>^ {0,3}(?P<fence>```|~~~).*?^ {0,3}(?P=fence)[^\n]*$"
                     r"|(?P<ticks>`+)[^`].*?(?P=ticks))"
                     r"|" + PLACEHOLDER.pattern, re.M | re.S)
BLOCKS = ("list",)  # placeholders that make a bulleted list, so stand on a line of their own
KINDS = ("areas", "tiers", "phases")
LABELS = ("area", "areas", "tier", "tiers", "phase", "phases")


def values(taxonomy: m.Taxonomy) -> dict[str, str]:
    """Every placeholder's name (lower-case first letter) and the Markdown it becomes."""
    found: dict[str, str] = {}
    for kind in KINDS:
        terms: tuple[m.Term, ...] = getattr(taxonomy, kind)
        titles = [str(plain(t.title)) for t in terms]
        found[f"{kind}.count"] = str(len(terms))
        found[f"{kind}.count.words"] = in_words(len(terms))
        found[f"{kind}.titles"] = joined(titles)
        found[f"{kind}.list"] = "\n".join(f"- {title}" + (f" (ages {plain(t.ages)})"
                                                          if t.ages else "")
                                          for title, t in zip(titles, terms, strict=True))
    for name in LABELS:
        found[f"labels.{name}"] = str(plain(getattr(taxonomy.labels, name)))
    return found


def fill(body: str, taxonomy: m.Taxonomy | None) -> str:
    """The page's Markdown with every known placeholder filled (unknown ones are reported by
    `problems` when the project is loaded, so the build never meets one)."""
    if taxonomy is None:
        return body
    known = values(taxonomy)

    def replace(match: re.Match) -> str:
        if match.group("code") is not None:
            return match.group()
        value = _value(match.group("name"), known)
        return match.group() if value is None else value

    return _TOKENS.sub(replace, body)


def problems(pages: list[PageFile], taxonomy: m.Taxonomy | None) -> list[Problem]:
    """An unknown placeholder, one in front matter, or a list placeholder inside a line."""
    found: list[Problem] = []
    known = values(taxonomy) if taxonomy else {}
    for page in pages:
        head = "\n".join(page.source[:page.body_line - 1])
        for match in PLACEHOLDER.finditer(head):
            line = head.count("\n", 0, match.start()) + 1
            found.append(Problem(page.path, line, f"{_shown(match.group('name'))} is in the "
                                 "front matter; placeholders are filled in the page's text "
                                 "only, so write the words here"))
        for line, name, alone in _placeholders(page):
            message = _problem(name, alone, known, taxonomy is not None)
            if message:
                found.append(Problem(page.path, line, message))
    return found


def _placeholders(page: PageFile) -> Iterator[tuple[int, str, bool]]:
    """Each placeholder outside code: its line, its name and whether it is alone on its line."""
    body = page.body
    for match in _TOKENS.finditer(body):
        if match.group("code") is not None:
            continue
        start = body.rfind("\n", 0, match.start()) + 1
        end = body.find("\n", match.end())
        alone = body[start:len(body) if end < 0 else end].strip() == match.group().strip()
        yield (page.body_line + body.count("\n", 0, match.start()),
               match.group("name"), alone)


def _problem(name: str, alone: bool, known: dict[str, str], has_guide: bool) -> str:
    if not has_guide:
        return (f"{_shown(name)} needs the guide's taxonomy, but the guide is switched off "
                "in ordinarily.yml (sections: guide); write the words instead")
    if _value(name, known) is None:
        close = difflib.get_close_matches(_key(name), list(known), n=1, cutoff=0.6)
        hint = (f" (did you mean {_shown(_cased(close[0], name))}?)" if close
                else " (the placeholders are listed in docs/content-model.md)")
        return f"unknown placeholder {_shown(name)}{hint}"
    if _key(name).rsplit(".", 1)[-1] in BLOCKS and not alone:
        return (f"{_shown(name)} makes a bulleted list, so it must be on a line of its own, "
                "with a blank line before it")
    return ""


def _value(name: str, known: dict[str, str]) -> str | None:
    value = known.get(_key(name))
    if value is None or not name[:1].isupper():
        return value
    return sentence(value)


def _key(name: str) -> str:
    return name[:1].lower() + name[1:]


def _cased(key: str, like: str) -> str:
    return sentence(key) if like[:1].isupper() else key


def _shown(name: str) -> str:
    return f"'[[{PREFIX}{name}]]'"

