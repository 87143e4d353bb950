"""What every generated page is made with: the page and redirect records, the Jinja
environments over the engine's templates, page addresses and the text filters the templates use.

Every capability renders through these, so none has to reach into another's pages.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ordinarily.core.engine_files import PACKAGE, TEMPLATES
from ordinarily.core.safe_markdown import plain, render_block, render_inline, strip_tags


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes (a Markdown path below the docs folder) and its text."""

    src: str
    content: str
    title: str


@dataclass(frozen=True)
class Redirect:
    """An old address (from `formerly:`) and the page it now lives at."""

    old: str  # Markdown path the old page would have had
    new: str  # Markdown path of the page (with an optional #anchor)
    source: str = ""  # the content file whose `formerly:` asked for it


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def sentence(label: str) -> str:
    """'area of need' -> 'Area of need', to start a sentence or a heading."""
    return label[:1].upper() + label[1:]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def in_words(number: int) -> str:
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def joined(items: list[str], last: str = "and") -> str:
    """['A', 'B', 'C'] -> 'A, B and C' (or 'A, B or C' with last='or')."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def one_line(text: str) -> str:
    """A title for a Markdown heading, on one line: each run of spaces and line breaks becomes
    one space (a blank line in a title would end the heading and leave its anchor behind)."""
    return " ".join(str(text).split())


def inline_text(markdown_text: str) -> str:
    """One line of Markdown as plain text, for an attribute (autoescaping escapes it there)."""
    return html.unescape(strip_tags(render_inline(markdown_text)))


def lower_first(title: str) -> str:
    """'Hearing' -> 'hearing' for use mid-sentence; 'ADHD support' stays as it is."""
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader(PACKAGE, TEMPLATES),
        autoescape=True,
        finalize=plain,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["block"] = render_block
    env.filters["inline"] = render_inline
    env.filters["longdate"] = long_date
    env.filters["lower_first"] = lower_first
    env.filters["one_line"] = one_line
    env.filters["sentence"] = sentence
    env.filters["in_words"] = in_words
    env.filters["text"] = inline_text
    return env


@cache
def html_environment() -> Environment:
    """For HTML that never passes through Markdown (raw HTML blocks, redirect pages, CSS)."""
    env = Environment(loader=PackageLoader(PACKAGE, TEMPLATES), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    env.filters["longdate"] = long_date
    env.filters["lower_first"] = lower_first
    return env


def page_url(src: str) -> str:
    """The site-relative address of a Markdown page (directory URLs), used as the page's id."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def theme_text(text: str) -> str:
    """Text for a title the theme prints as HTML (front matter `title`, nav labels): escaped.
    Quotes are left alone: the theme never puts these in an attribute unescaped."""
    return html.escape(text, quote=False)


def theme_attribute(text: str) -> str:
    """Text the theme prints, unescaped, inside an attribute (front matter `description`)."""
    return html.escape(text)


def describe(markdown_text: str) -> str:
    text = html.unescape(strip_tags(render_block(markdown_text)))
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "..."
