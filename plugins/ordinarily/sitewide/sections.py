"""Sections a council switches off in `ordinarily.yml` leave nothing behind: no pages, no nav
entries and no links, hand-written pages included.

The generated pages of a section that is off are never made (see `project.build`); this module
finds the hand-written pages that belong to it and the links other pages make into it.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Any

from ordinarily.core.settings import Settings

# Where each section's pages live, as page sources (paths below the docs folder).
SECTION_PAGES: dict[str, tuple[str, ...]] = {
    "guide": ("needs/", "universal.md", "apdr.md", "glossary.md"),
    "checker": ("checker.md",),
    "local_offer": ("local-offer/",),
    "changes": ("changes.md", "editions/"),
    "maintainers": ("maintainers/",),
    "families": ("needs/*/*/families.md",),  # each need's family view
    "next_steps": ("next-steps.md",),
    "plans": ("plans/",),
}
SECTION_NAMES = {"guide": "the guide", "checker": "the needs checker",
                 "local_offer": "the Local Offer",
                 "changes": "the 'What has changed' and editions pages",
                 "maintainers": "the maintainers' guide",
                 "families": "the family views of the needs",
                 "next_steps": "'What can I do next?'",
                 "plans": "the support plan templates"}
# Made from the guide:
DEPENDS_ON = {"checker": "guide", "families": "guide", "next_steps": "guide",
              "plans": "guide"}

# An inline Markdown link or image: [text](target "title"); images are left to MkDocs.
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)"
                   r"(?:\s+\"[^\"]*\")?\)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|[0-9]+[.)])\s")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


def off_sections(settings: Settings) -> list[str]:
    off = [name for name in SECTION_PAGES if not settings.on(name)]
    return off + [name for name, needed in DEPENDS_ON.items()
                  if needed in off and name not in off]


def section_of(src: str, off: list[str]) -> str | None:
    """The switched-off section a page source belongs to, or None."""
    for name in off:
        for start in SECTION_PAGES[name]:
            if src == start or (start.endswith("/") and src.startswith(start)) \
                    or ("*" in start and fnmatch.fnmatchcase(src, start)):
                return name
    return None


def _target_src(target: str, page_src: str) -> str:
    """The page source a relative link in `page_src` points at."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path))
    if path.endswith("/") or not posixpath.splitext(joined)[1]:
        joined += "/index.md"
    return joined.removeprefix("./")


def unlink(markdown: str, page_src: str, off: list[str]) -> tuple[str, list[str]]:
    """The page's Markdown without its links into switched-off sections, and the targets it
    removed. A list item that links there goes (it would offer something that is not there);
    elsewhere the link becomes its plain text."""
    removed: list[str] = []

    def is_off(target: str) -> bool:
        return not _EXTERNAL.match(target) and section_of(_target_src(target, page_src),
                                                          off) is not None

    def plain_text(match: re.Match[str]) -> str:
        if not is_off(match.group("target")):
            return match.group(0)
        removed.append(match.group("target"))
        return match.group("text")

    lines: list[str] = []
    dropping = False
    for line in markdown.split("\n"):
        if dropping and line.strip() and line[:1].isspace() and not _LIST_ITEM.match(line):
            continue  # the rest of a list item that went
        links = [m.group("target") for m in _LINK.finditer(line)]
        dropping = bool(_LIST_ITEM.match(line)) and any(is_off(t) for t in links)
        if dropping:
            removed += [t for t in links if is_off(t)]
            continue
        lines.append(_LINK.sub(plain_text, line))
    return "\n".join(lines), removed


def prune_nav(nav: list[Any], off: list[str]) -> list[Any]:
    """The nav without entries for pages in switched-off sections, and without groups that are
    left empty."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if section_of(item, off) is None:
                out.append(item)
            continue
        if not isinstance(item, dict):
            out.append(item)
            continue
        kept = {}
        for label, value in item.items():
            if isinstance(value, list):
                value = prune_nav(value, off)
                if value:
                    kept[label] = value
            elif not isinstance(value, str) or _EXTERNAL.match(value) \
                    or section_of(value, off) is None:
                kept[label] = value
        if kept:
            out.append(kept)
    return out
