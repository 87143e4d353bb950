"""Link the first use of each glossary term on a page to its entry.

Matching is whole-word (SEN is never found inside SEND), prefers the longest term (SEN support
before SEN), is case-sensitive for terms written in capitals and case-insensitive otherwise, and
skips headings, links, code, buttons, form labels and the page footer. The link carries the
expansion and definition in a hidden note that the engine's script turns into a button anyone can
open by keyboard or touch; without the script the link leads to the glossary entry.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

from ordinarily.core.safe_markdown import render_inline
from ordinarily.guide import model as m

SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button",
        "label", "select", "option", "textarea", "dt", "title", "svg", "nav", "aside", "abbr",
        "summary"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def _pattern(spelling: str) -> str:
    return r"\s+".join(re.escape(part) for part in spelling.split())


def _whole_words(spellings: list[str], flags: int = 0) -> re.Pattern:
    """One pattern for all the spellings, longest first, each matched only as whole words.
    The word-boundary checks stand once around the alternatives rather than in each of them:
    the same matches (the alternatives are still tried in order, and one whose end is no
    boundary gives way to the next), about ten times faster on a guide's pages."""
    alternatives = "|".join(_pattern(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags)


class GlossaryLinker:
    def __init__(self, terms: Iterable[m.GlossaryTerm], glossary_src: str) -> None:
        self.glossary_url = glossary_src[: -len(".md")] + "/"
        self.by_spelling: dict[str, m.GlossaryTerm] = {}
        exact, folded = [], []
        for term in terms:
            for spelling in (term.term, *term.also):
                key = spelling if _capitals(spelling) else spelling.casefold()
                self.by_spelling[key] = term
                (exact if _capitals(spelling) else folded).append(spelling)
        self.exact = _whole_words(exact) if exact else None
        self.folded = _whole_words(folded, re.IGNORECASE) if folded else None

    def term_for(self, text: str) -> m.GlossaryTerm | None:
        return self.by_spelling.get(text) or self.by_spelling.get(" ".join(text.split()).casefold())

    def link(self, html: str, page_url: str) -> str:
        """The page's HTML with the first use of each term linked; `page_url` is the page's
        address relative to the site root (e.g. 'needs/autism/')."""
        href = posixpath.relpath(self.glossary_url, page_url or ".") + "/"
        rewriter = _Rewriter(self, href)
        rewriter.feed(html)
        rewriter.close()
        return "".join(rewriter.out)

    def find(self, text: str) -> list[re.Match]:
        """Every candidate match in `text`, earliest first, longest first at the same place."""
        found = []
        for pattern in (self.exact, self.folded):
            if pattern:
                found += list(pattern.finditer(text))
        return sorted(found, key=lambda match: (match.start(), -len(match.group())))


def _capitals(spelling: str) -> bool:
    letters = [c for c in spelling if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 and spelling.split()[0].isupper()


class _Rewriter(HTMLParser):
    def __init__(self, linker: GlossaryLinker, href: str) -> None:
        super().__init__(convert_charrefs=False)
        self.linker = linker
        self.href = href
        self.out: list[str] = []
        self.skipping: list[str] = []
        self.used: set[str] = set()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")
        classes = dict(attrs).get("class") or ""
        if tag not in VOID and (tag in SKIP or "ord-page-footer" in classes
                                or "ord-no-glossary" in classes or self.skipping):
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.skipping else self.rewrite(data))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")

    def rewrite(self, text: str) -> str:
        pieces, last = [], 0
        for match in self.linker.find(text):
            if match.start() < last:
                continue
            term = self.linker.term_for(match.group())
            if term is None or term.id in self.used:
                continue
            self.used.add(term.id)
            # An opening bracket or quote just before the term and punctuation just after it
            # go inside the term's span, which never wraps, so "(ADHD ?)" stays on one line.
            start = match.start() - len(_OPENING.search(text[last:match.start()]).group())
            end = match.end() + len(_CLOSING.match(text, match.end()).group())
            pieces += [text[last:start], self.markup(term, match.group(),
                                                    text[start:match.start()],
                                                    text[match.end():end])]
            last = end
        pieces.append(text[last:])
        return "".join(pieces)

    def markup(self, term: m.GlossaryTerm, shown: str, before: str = "",
               after: str = "") -> str:
        self.count += 1
        note_id = f"ord-term-{self.count}"
        expansion = f"{escape(term.expansion)}: " if term.expansion else ""
        kind = "ord-term ord-term--long" if len(shown) > LONG_TERM else "ord-term"
        return (f'<span class="{kind}">{before}<a class="ord-term__link" '
                f'href="{self.href}#{term.id}" data-term-note="{note_id}">{shown}</a>'
                f'<span class="ord-term__note" id="{note_id}" hidden data-search-exclude>'
                f'<strong>{escape(term.term)}</strong>: {expansion}'
                f'{render_inline(_first_sentence(term.definition))} '
                f'<a href="{self.href}#{term.id}">More in the glossary</a></span>{after}</span>')


LONG_TERM = 24  # characters: a longer term may wrap between its words, or 320 px would scroll
_OPENING = re.compile(r"[(\[“‘\"']*$")  # brackets and quotes that open just before a term
# and what closes or ends just after it, a possessive's "'s" too ("the OT's advice")
_CLOSING = re.compile(r"(?:['’]s\b)?[)\]”’\"'.,;:!?]*")


def _first_sentence(text: str) -> str:
    first = text.strip().split("\n\n")[0]
    match = re.match(r"(.+?[.!?])(\s|$)", first, re.DOTALL)
    return " ".join((match.group(1) if match else first).split())
