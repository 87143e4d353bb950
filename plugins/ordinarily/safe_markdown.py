"""Render Markdown written in content files to safe HTML.

Contributed text is rendered with a small, fixed set of extensions (no attribute lists), then
sanitised by an allowlist, so nothing in a YAML field can add script, event handlers, styles,
frames or unsafe links. The result is placed in generated Markdown pages, so characters that the
site's own Markdown extensions would act on (`{: ...}` attribute lists, emphasis, links) are
written as character references and reach the page as plain text.
"""

from __future__ import annotations

import re
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
_MARKDOWN_ACTIVE = {c: f"&#{ord(c)};" for c in "\\`*_[]{}!~^=|#"}
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?[A-Za-z0-9]+;)")


def _inert(html: str) -> str:
    """Write Markdown-active characters in text (not in tags or references) as references."""
    parts = _TAG_OR_ENTITY.split(html)
    return "".join(p if i % 2 else "".join(_MARKDOWN_ACTIVE.get(c, c) for c in p)
                   for i, p in enumerate(parts))


def _clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


@lru_cache(maxsize=4096)
def render_block(text: str) -> Markup:
    """Markdown (paragraphs, lists, emphasis, links) to sanitised, inert HTML."""
    html = markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    return Markup(_inert(_clean(html)).strip())


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
