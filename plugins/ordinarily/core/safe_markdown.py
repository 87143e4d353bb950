"""Render Markdown written in content files to safe HTML.

Contributed text is rendered with a small, fixed set of extensions (no attribute lists), then
sanitised by an allowlist, so nothing in a YAML field can add script, event handlers, styles,
frames or unsafe links. The result is placed in generated Markdown pages, so characters that the
site's own Markdown extensions would act on (`{: ...}` attribute lists, emphasis, links) are
written as character references and reach the page as plain text.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "abbr", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_EXTENSIONS = ["sane_lists", "tables"]

# Characters in text that Markdown or its extensions would act on a second time.
_MARKDOWN_ACTIVE = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}!~^=|#"}
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?[A-Za-z0-9]+;)")


def _inert(html: str) -> str:
    """Write Markdown-active characters in text (not in tags or references) as references."""
    parts = _TAG_OR_ENTITY.split(html)
    return "".join(p if i % 2 else p.translate(_MARKDOWN_ACTIVE) for i, p in enumerate(parts))


def _clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


_converter = threading.local()


# Text made only of these characters, in lines that start with a letter or an opening quote and
# do not end in two spaces, is plain paragraphs to Markdown: it is rendered without the parser,
# which is most service descriptions and several times faster (a test compares the two).
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9 .,;:'\"!?()£%/\n"
                         r"\u00c0-\u024f\u2013\u2014\u2018\u2019\u201c\u201d-]*")
_PLAIN_LINE = re.compile(r"[A-Za-z(\"'\u2018\u201c]")


def plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown would make of `text` when it is plain paragraphs; else None."""
    if not _PLAIN_TEXT.fullmatch(text):
        return None
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ ]*\n", text.strip("\n"))]
    for p in paragraphs:
        for line in p.split("\n"):
            if not _PLAIN_LINE.match(line) or line.endswith("  "):
                return None
    return "\n".join(f"<p>{p.rstrip()}</p>" for p in paragraphs if p.strip())


def _markdown(text: str) -> str:
    """Markdown to HTML with one converter per thread (building one costs more than using it)."""
    fast = plain_paragraphs(text)
    if fast is not None:
        return fast
    md = getattr(_converter, "md", None)
    if md is None:
        md = _converter.md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    return md.reset().convert(text)


@lru_cache(maxsize=4096)
def render_block(text: str) -> Markup:
    """Markdown (paragraphs, lists, emphasis, links) to sanitised, inert HTML."""
    return Markup(_inert(_clean(_markdown(text))).strip())


@lru_cache(maxsize=8192)
def render_inline(text: str) -> Markup:
    """One line of Markdown (emphasis and links) to sanitised, inert HTML with no paragraph."""
    html = str(render_block(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain(value: object) -> Markup:
    """Any value as escaped, inert text: the default for everything a template prints."""
    if isinstance(value, Markup):
        return value
    return Markup(_inert(str(escape(value))))


def strip_tags(html: str) -> str:
    """Plain text of a fragment of HTML (for descriptions and search)."""
    return " ".join(nh3.clean(str(html), tags=set()).split())
