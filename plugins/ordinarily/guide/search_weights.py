"""How the site's search ranks the guide's pages, as weights in one place.

The theme's search (lunr in the browser) scores each section of a page by the words it shares
with the query: a heading's words count far more than body text (the theme's own field weights),
and a page's `search: boost:` front matter multiplies every section of that page. Practitioners
type what they see ("calls out", "won't speak in class"), and a need page holds those words in
its "also known as" line, its "what you might notice" list and its entries' headings, so need
pages carry the largest weight and come first when they share the query's words. Pages that
are not for practitioners' questions (the maintainers' guide) are left out of the index.

A need page's first index entry also gets a `keywords` field: its other names, what you might
notice and its entries' titles, weighted between a heading and body text, so the page as a
whole ranks above one heading elsewhere that shares a single word with the query. The field is
searched but never shown in the results.
"""

from __future__ import annotations

import re
from typing import Any

from ordinarily.core.rendering import page_url
from ordinarily.guide import model as m

# Multipliers of a page's search score, by the kind of page; other kinds count once.
BOOST: dict[str, float] = {
    "need": 4.0,  # a need: also known as, what you might notice, its entries' headings
    "area": 1.5,  # an area: the needs in it and what you might notice
}
KEYWORDS_FIELD = "keywords"
KEYWORDS_BOOST = 100.0  # a heading's words count 1000, body text 1 (the theme's own weights)
EXCLUDED = frozenset({"maintainers"})  # kinds of page kept out of the search index


def search_meta(kind: str) -> dict[str, Any]:
    """The `search:` front matter for a page of this kind ({} when it needs none)."""
    if kind in EXCLUDED:
        return {"search": {"exclude": True}}
    if kind in BOOST:
        return {"search": {"boost": BOOST[kind]}}
    return {}


def need_keywords(need: m.Need) -> str:
    """The words a practitioner might type for this need, as one line of plain text."""
    parts = [*need.also_known_as, *(item.text for item in need.notice),
             *(entry.title for entry in need.provision)]
    return " ".join(_plain(part) for part in parts)


def keywords_by_page(guide: m.Guide) -> dict[str, str]:
    """Each need page's address (as the search index writes it) and its keywords."""
    return {page_url(f"needs/{need.area}/{need.id}.md"): need_keywords(need)
            for need in guide.needs}


def _plain(text: str) -> str:
    """Contributed Markdown's words without its marks (links keep their text)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`#>]", " ", text).split())
