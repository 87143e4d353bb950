"""What the engine adds to a council's hand-written page, the same whether the plugin builds it or
`ordinarily generate` writes it out: links into switched-off sections taken out, the taxonomy's
placeholders filled (`sitewide/placeholders.py`), the page's title as its heading, the Local
Offer's "changed after your feedback" note and the page footer."""

from __future__ import annotations

from typing import Any

from ordinarily.assembly.project import Output
from ordinarily.core.safe_markdown import plain
from ordinarily.guide.pages import page_footer
from ordinarily.sitewide.engine_settings import review_from_meta
from ordinarily.sitewide.placeholders import fill
from ordinarily.sitewide.sections import unlink


def page_markdown(output: Output, src: str, body: str, meta: dict[str, Any], off: list[str],
                  source: str, fallback_title: str = "") -> tuple[str, list[str]]:
    """The page's Markdown as it is built, and the links it left out."""
    body, removed = unlink(body, src, off)
    guide = output.project.guide if output.project else None
    body = fill(body, guide.taxonomy if guide else None)
    title = meta.get("title")
    if title and not body.lstrip().startswith("# "):
        # The page's own title is its heading; the nav may use a shorter label.
        body = f"# {plain(title)}\n\n{body}"
    note = output.offer.page_note(src) if output.offer else ""
    footer = page_footer(output.project.settings, src, str(title or fallback_title),
                         review_from_meta(meta), source)
    return body + "\n\n" + (note + "\n\n" if note else "") + footer + "\n", removed
