"""A feed's rich text as the model holds it: HTML descriptions to clean Markdown, and summaries
made of whole sentences.

Open Referral UK feeds fill `description` from a rich-text editor: `<h4>`, `<br>`, `&nbsp;`,
empty paragraphs. markdownify converts the HTML (a well-kept converter, not a hand-written
parser); the Markdown is then tidied (no non-breaking spaces, no empty paragraphs, headings
below the service page's own `<h2>` sections) and the engine's sanitiser renders it as usual.
"""

from __future__ import annotations

import re

import nh3
from markdownify import markdownify

# What markdownify is given: text tags only; scripts and styles go with their content.
KEPT_TAGS = {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "b",
             "em", "i", "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
TOP_HEADING = 3  # the service page's sections are <h2>
ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u200b\u2060\ufeff]")
HEADING = re.compile(r"^(#{1,6}) +(.*?)\s*#*\s*$")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(])")
LOOKS_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&[a-zA-Z]+;|&#\d+;")


def looks_like_html(text: str) -> bool:
    return bool(LOOKS_HTML.search(text))


def to_markdown(text: str) -> str:
    """Clean Markdown from a feed's text: HTML is converted and tidied; plain text is kept as
    it came (so a feed's own words go back out unchanged). May be '' (a description of
    nothing but empty paragraphs)."""
    if not looks_like_html(text):
        return text if text.strip() else ""
    safe = nh3.clean(text, tags=KEPT_TAGS, attributes={"a": {"href"}},
                     clean_content_tags={"script", "style"}, link_rel=None)
    return _tidy(markdownify(safe, heading_style="ATX", bullets="-", escape_misc=False))


def _tidy(markdown: str) -> str:
    lines = [_spaces(ODD_SPACES.sub(" ", line)) for line in markdown.replace("\r\n", "\n")
             .split("\n")]
    lines = _headings(["" if line.strip() in ("", "\\") else line for line in lines])
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _spaces(line: str) -> str:
    """One space between words; the indent of a nested list item stays."""
    body = line.lstrip(" ")
    return line[:len(line) - len(body)] + " ".join(body.split()) if body.strip() else ""


def _headings(lines: list[str]) -> list[str]:
    """Headings start at <h3> (below the page's sections) and keep their order of levels; an
    empty heading goes."""
    found = [HEADING.match(line) for line in lines]
    levels = sorted({len(m.group(1)) for m in found if m})
    out = []
    for line, m in zip(lines, found, strict=True):
        if not m:
            out.append(line)
        elif m.group(2).strip():
            level = min(6, TOP_HEADING + levels.index(len(m.group(1))))
            out += ["", "#" * level + " " + " ".join(m.group(2).split()), ""]
    return out


def plain_text(markdown: str) -> str:
    """The words of some Markdown on one line, without its markup or headings."""
    words = re.sub(r"^#+ .*$", "", markdown, flags=re.M)
    words = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", words)
    words = re.sub(r"^\s*([-*]|\d+\.) +|[*_`>]", "", words, flags=re.M)
    return " ".join(words.split())


def summary(markdown: str, limit: int) -> str:
    """As many whole sentences as fit in `limit` characters (at least the first sentence; one
    longer than the limit is cut at a word and ends with '…', never mid-tag)."""
    flat = plain_text(markdown)
    sentences = [s.strip() for s in SENTENCE_END.split(flat) if s.strip()]
    if not sentences:
        return ""
    out = sentences[0]
    for sentence in sentences[1:]:
        if len(out) + 1 + len(sentence) > limit:
            break
        out += " " + sentence
    if len(out) <= limit:
        return out
    return out[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
