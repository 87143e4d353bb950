"""The council's content as passages of plain text, each with the file and line it came from.

`ordinarily check-content` reads every YAML content file and hand-written page through this
module, so that each check (spelling, reading ease, abbreviations) sees the same text: Markdown
markup, code, links' targets, web and email addresses, postcodes and phone numbers removed.

A passage is one text value of a YAML file (a need's summary, one provision entry's detail, a
plan template's prompt) or the body of a page. Passages that families read carry `family`: the
name of the reading-ease item they belong to (see docs/check-content.md for which text counts).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ordinarily.assembly.project import Project
from ordinarily.core.yamlfile import YamlFile, parse_yaml
from ordinarily.guide.loader import GUIDE_FILES, NEEDS_DIR
from ordinarily.local_offer.offer_loader import (
    FEEDBACK_FILE,
    ORGANISATIONS_DIR,
    SERVICES_DIR,
    TAXONOMY_FILE,
)
from ordinarily.plans.plans_loader import PLANS_DIR
from ordinarily.sitewide.page_files import PAGES_DIR, PageFile, read_pages

SERVICE_TEXT = "summary and description"  # a service's reading-ease item
FAMILY_PAGES = ("index.md", "local-offer/")  # below content/: the pages written for families
PAGE_TEXT_KEYS = ("title", "description", "review_owner")  # front matter that is text
# Keys whose values are ids, addresses, dates, numbers or search terms, not prose.
SKIP_KEYS = frozenset({
    "id", "formerly", "url", "website", "email", "phone", "address", "latitude", "longitude",
    "reviewed", "received", "responded", "needs", "phases", "types", "audiences", "places",
    "related_needs", "related_services", "organisation", "status", "from", "services", "pages",
    "tier", "option", "ages", "keywords", "also", "oruk", "advice_services",
    "service", "page", "step", "when",  # needs/next-steps.yml's links and conditions
})
# A plan template's fields' types and APDR steps are the engine's words, not prose.
PLAN_SKIP_KEYS = frozenset({"type", "step"})
PLAN_TEXT = "summary and hints"  # a plan template's reading-ease item: the sentences in it
FAMILY_VIEW = "family view"  # a need's `families:` text, scored as one reading-ease item
NEXT_STEPS_TEXT = "next steps"  # needs/next-steps.yml's words, scored as one item
_NEXT_STEPS_KEYS = ("title", "intro", "question", "hint", "label", "body", "text")

Where = tuple[str | int, ...]  # a value's place in the data: ('provision', 3, 'detail')
Label = tuple[str, ...]  # the same, naming list items by id: ('provision', 'wait', 'detail')


@dataclass(frozen=True)
class Passage:
    """One piece of text, as plain text, and where it came from."""

    file: str  # relative to the project
    line: int  # the line it starts on
    field: str  # 'summary', 'provision.give-thinking-time.detail', 'page'
    text: str
    raw: tuple[str, ...] = ()  # a YAML value's source lines, to find the line of a word
    family: str = ""  # the reading-ease item it belongs to; '' when families do not read it

    def line_of(self, offset: int, word: str) -> int:
        """The line of `word`, found at `offset` in the text."""
        if not self.raw:  # a page's text keeps the page's line breaks
            return self.line + self.text.count("\n", 0, offset)
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        for i, source in enumerate(self.raw):
            if pattern.search(source):
                return self.line + i
        return self.line


@dataclass(frozen=True)
class ContentFiles:
    """Every content file the checks read, parsed, with its source lines."""

    yaml: dict[str, YamlFile]
    sources: dict[str, tuple[str, ...]]
    pages: list[PageFile]

    def passages(self) -> list[Passage]:
        found: list[Passage] = []
        for path, doc in self.yaml.items():
            skip = PLAN_SKIP_KEYS if path.startswith(f"{PLANS_DIR}/") else frozenset()
            found += yaml_passages(doc, self.sources[path], _family_rule(path), skip)
        for page in self.pages:
            shown = {k: v for k, v in page.meta.data.items() if k in PAGE_TEXT_KEYS}
            meta = YamlFile(page.path, shown, page.meta.lines)
            found += yaml_passages(meta, page.source, _nothing)
            family = "page" if _is_family_page(page.path) else ""
            found.append(Passage(page.path, page.body_line, "page", plain_text(page.body),
                                 family=family))
        return found


def read_content(project: Project) -> ContentFiles:
    """Read the project's content files (already checked by `load_project`)."""
    root = project.root
    paths: list[Path] = []
    if project.guide is not None:
        paths += [root / NEEDS_DIR / name for kind, name in GUIDE_FILES.items()
                  if kind != "checker" or project.guide.checker is not None]
        paths += [root / need.source for need in project.guide.needs]
    if project.next_steps is not None:
        paths.append(root / project.next_steps.source)
    if project.offer is not None:
        paths += [root / TAXONOMY_FILE, root / FEEDBACK_FILE]
        paths += sorted((root / ORGANISATIONS_DIR).glob("*.y*ml"))
        paths += sorted((root / SERVICES_DIR).glob("*.y*ml"))
    if project.plans is not None:
        paths += [root / template.source for template in project.plans.templates]
    yaml: dict[str, YamlFile] = {}
    sources: dict[str, tuple[str, ...]] = {}
    for path in (p for p in paths if p.is_file()):
        shown = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")  # UTF-8: load_project has read it
        yaml[shown] = parse_yaml(text, shown)
        sources[shown] = tuple(text.split("\n"))
    return ContentFiles(yaml, sources, read_pages(root, with_offer=project.offer is not None))


def _is_family_page(path: str) -> bool:
    inside = path.removeprefix(f"{PAGES_DIR}/")
    return any(inside == p or (p.endswith("/") and inside.startswith(p)) for p in FAMILY_PAGES)


def _family_rule(path: str) -> Callable[[Label], str]:
    """Which values of this file families read, and the reading-ease item of each (values of
    one item, such as an entry's 'heard' and 'did', are scored together)."""
    if path.startswith(f"{SERVICES_DIR}/"):  # too short to score apart
        return lambda label: SERVICE_TEXT if label in (("summary",), ("description",)) else ""
    if path == FEEDBACK_FILE:
        return _feedback_item
    if path == f"{NEEDS_DIR}/next-steps.yml":  # every word of it is for families
        return lambda label: NEXT_STEPS_TEXT if label[-1:] and label[-1] in _NEXT_STEPS_KEYS \
            else ""
    if path.startswith(f"{NEEDS_DIR}/") and path.count("/") == 2:  # a need file
        return _need_item
    if path.startswith(f"{PLANS_DIR}/"):  # plans are written with families
        return _plan_item
    return _nothing


def _plan_item(label: Label) -> str:
    """A template's summary and every section's and field's hint: its sentences, scored
    together (titles and labels are too short to score)."""
    return PLAN_TEXT if label == ("summary",) or label[-1:] == ("hint",) else ""


def _need_item(label: Label) -> str:
    if label == ("summary",):
        return "summary"
    if label[:1] == ("families",):
        return FAMILY_VIEW
    return ""


def _nothing(label: Label) -> str:
    return ""


def _feedback_item(label: Label) -> str:
    if label == ("intro",):
        return "intro"
    if len(label) == 3 and label[0] == "entries" and label[2] in ("heard", "did"):
        return f"entries.{label[1]}"
    return ""


def yaml_passages(doc: YamlFile, source: tuple[str, ...], family: Callable[[Label], str],
                  skip: frozenset[str] = frozenset()) -> Iterator[Passage]:
    """Every text value of a YAML file, except ids, addresses, dates, search terms and the
    file's own `skip` keys."""
    starts = sorted(set(doc.lines.values()))
    for where, label, text in _strings(doc.data, (), (), SKIP_KEYS | skip):
        line = doc.line(where)
        following = bisect_right(starts, line)
        end = starts[following] if following < len(starts) else len(source) + 1
        yield Passage(doc.path, line, ".".join(label), plain_text(text),
                      tuple(source[line - 1:max(end - 1, line)]), family(label))


def _strings(data: Any, where: Where, label: Label,
             skip: frozenset[str]) -> Iterator[tuple[Where, Label, str]]:
    if isinstance(data, str):
        yield where, label, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in skip or (key == "name" and "contacts" in where):
                continue  # ids and addresses, or a contact's own name
            yield from _strings(value, (*where, key), (*label, key), skip)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            name = item.get("id") if isinstance(item, dict) else None
            yield from _strings(item, (*where, i), (*label, str(name or i + 1)), skip)


# Markdown to plain text. Every substitution keeps the line breaks it removes, so that a
# position in the plain text of a page is on the same line as in the page.
_SUBSTITUTIONS = [
    (re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.M | re.S), ""),  # fenced code
    (re.compile(r"<!--.*?-->", re.S), ""),  # comments
    (re.compile(r"`+[^`]*`+"), ""),  # inline code
    (re.compile(r"\[\[ordinarily:[^\[\]\n]*\]\]"), ""),  # taxonomy placeholders: the engine's words
    (re.compile(r"<(?:https?:|mailto:|tel:)?[^<>\s]+[@:/.][^<>\s]*>"), ""),  # <address>
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep their text
    (re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"^ {0,3}\[[^\]]+\]:.*$", re.M), ""),  # link definitions
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),  # HTML tags
    (re.compile(r"\{\s*[:#.][^}\n]*\}"), ""),  # attribute lists
    (re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s*[\w-]+", re.M), r"\1"),  # admonition markers
    (re.compile(r"\b(?:https?://|www\.)\S+"), ""),  # web addresses
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ""),  # email addresses
    (re.compile(r"\S+/\S+"), ""),  # paths and other words with slashes (ids, "and/or")
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"), ""),  # postcodes
    (re.compile(r"\+?\(?\d[\d ()-]{6,}\d"), ""),  # phone numbers
    (re.compile(r"\*+(?=\S)|(?<=\S)\*+"), ""),  # emphasis (not list markers)
    (re.compile(r"(?<!\w)_+(?=\S)|(?<=\S)_+(?!\w)"), ""),
]


def plain_text(markdown: str) -> str:
    """Markdown as plain text, with the same line breaks."""
    text = markdown
    for pattern, replacement in _SUBSTITUTIONS:
        text = pattern.sub(lambda m, r=replacement: _keep_breaks(m, r), text)
    return html.unescape(text).replace("\u2019", "'").replace("\u2018", "'")


def _keep_breaks(match: re.Match, replacement: str) -> str:
    kept = match.expand(replacement)
    return kept + "\n" * (match.group().count("\n") - kept.count("\n"))
