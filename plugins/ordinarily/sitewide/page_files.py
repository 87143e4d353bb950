"""The council's hand-written pages (`content/`), read with the lines of their front matter.

Building the site, the change summary and the content checks all read the pages through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.yamlfile import YamlFile, parse_yaml
from ordinarily.local_offer.offer_loader import OFFER_DIR

PAGES_DIR = "content"


@dataclass(frozen=True)
class PageFile:
    """A hand-written page: its front matter (with lines as in the page) and its body."""

    path: str  # relative to the project, e.g. content/index.md
    meta: YamlFile
    body: str
    body_line: int
    source: tuple[str, ...]


def read_pages(root: Path, with_offer: bool = True) -> list[PageFile]:
    """The hand-written pages under content/; raise ContentError for bad front matter."""
    folder = root / PAGES_DIR
    pages, problems = [], []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
        shown = path.relative_to(root).as_posix()
        if not with_offer and shown.startswith(f"{PAGES_DIR}/{OFFER_DIR}/"):
            continue
        try:
            pages.append(_page(path, shown))
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return pages


def _page(path: Path, shown: str) -> PageFile:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, 0, "the file is not UTF-8 text; "
                                              "save it as UTF-8")]) from None
    end = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    meta = YamlFile(shown, {}, {(): 1})
    if end:
        try:
            parsed = parse_yaml("\n".join(lines[1:end]), shown)
        except ContentError as exc:  # lines counted from the front matter's first line
            raise ContentError([Problem(p.file, p.line + 1 if p.line else 0, p.message)
                                for p in exc.problems]) from None
        shifted = {where: line + 1 for where, line in parsed.lines.items()}
        data = parsed.data if isinstance(parsed.data, dict) else {}
        meta = YamlFile(shown, data, shifted)
    start = end + 1 if end else 0
    return PageFile(shown, meta, "\n".join(lines[start:]), start + 1, tuple(lines))
