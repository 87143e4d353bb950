"""The theme's search index, weighted for the guide (see guide/search_weights.py).

Material's search plugin builds `search/search_index.json` from every page; the browser builds
its lunr index from the fields that file's config names, and searches every one of them while
showing only the title and text. This module adds the `keywords` field to that config and to
each need page's first entry, after the search plugin has made the page's entries.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ordinarily.guide.search_weights import KEYWORDS_BOOST, KEYWORDS_FIELD


def search_index(config: MkDocsConfig) -> Any | None:
    """Material's search index object, or None without the search plugin."""
    plugin = config.plugins.get("search") or config.plugins.get("material/search")
    return getattr(plugin, "search_index", None)


def add_keywords_field(config: MkDocsConfig) -> None:
    """Name the keywords field, with its weight, in the index's config."""
    index = search_index(config)
    if index is not None:
        index.config["fields"][KEYWORDS_FIELD] = {"boost": KEYWORDS_BOOST}


def add_page_keywords(config: MkDocsConfig, page: Page, keywords: dict[str, str]) -> None:
    """Give the page's first index entry its keywords, if the page has any."""
    index = search_index(config)
    words = keywords.get(page.url)
    if index is None or not words:
        return
    for entry in index.entries:
        if entry["location"] == page.url:
            entry[KEYWORDS_FIELD] = words
            return
