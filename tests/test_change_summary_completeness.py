"""The change summary misses nothing a family would see: one edited value, one change record.

Every free-text field of every kind of content file is found from the JSON Schemas
(`plugins/ordinarily/schemas/`), as tests/test_injection.py finds them: a string field with no
`enum`, `pattern`, `format` or `const`. The example is copied once, with the optional text fields
it leaves out filled in (test_injection's `add_missing`), and compared with itself; then, for
each field, ONE value in a copy is edited and compared with the original through the code
`ordinarily diff BASE HEAD` runs on two folders. There must be exactly one change record, for the
item that holds the value (a provision entry, a service, a checker theme, the needs checker's
page), with the one field that was edited. Hand-written pages are edited in their front matter
(the text keys and the review date) and in their body.

Settings (`ordinarily.yml`) are walked leaf by leaf, whatever their type. The rule: a setting is
*family-visible* when its value is printed on a page (names, descriptions, the site's address,
contact details, the ways to suggest a change, the accessibility statement's and the privacy
notice's facts) or decides which pages there are (`sections`). Such a change gives exactly one
record. The rest are *technical*, giving none: how the site looks (branding colours, logo and
icon files, which a reviewer sees in the preview), codes for machines (the page language,
the feed's id namespace) and the tools' own settings (editions, checks). A setting the schema
gains must be put in one list or the other before this test passes.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_injection import (
    Slot,
    content_files,
    get,
    label,
    limit_of,
    read_content,
    resolve,
    schema,
    write_content,
)
from test_injection import schema_text_fields as text_fields

from ordinarily.assembly.project import load_project
from ordinarily.core.schemas import KINDS
from ordinarily.review import change_summary as summary
from ordinarily.review.changes import Version, compare_versions

from conftest import EXAMPLE, ROOT, copy_example, ordinarily

CONTENT_KINDS = [k for k in KINDS if k != "settings"]
# Files whose own values belong to one page of the site: the item a top-level field names.
PAGE_IDS = {"universal": "universal", "apdr": "apdr", "glossary": "glossary",
            "next-steps": "next-steps",
            "checker": "checker", "you-said-we-did": "you-said-we-did", "taxonomy": "needs"}
ONE_ITEM_FILES = ("need", "service", "organisation")  # the file is the item (its id its name)

FAMILY_VISIBLE = {
    "council.name", "council.short_name", "council.website",
    "site.name", "site.url", "site.description",
    "contact.email", "contact.phone", "contact.address", "contact.hours",
    "feedback.email", "feedback.form", "feedback.edit_base",
    "sections.guide", "sections.checker", "sections.local_offer", "sections.changes",
    "sections.maintainers", "sections.families", "sections.next_steps", "sections.plans",
    "plans.review_after_weeks",
    "accessibility.compliance", "accessibility.tested", "accessibility.tested_by",
    "accessibility.how_tested", "accessibility.prepared", "accessibility.reviewed",
    "accessibility.reply_within_days", "accessibility.known_issues.problem",
    "accessibility.known_issues.criterion", "accessibility.known_issues.plan",
    "accessibility.known_issues.fix_by", "accessibility.out_of_scope",
    "privacy.council_notice", "privacy.data_protection_email", "privacy.host",
    "privacy.host_notice",
    "local_offer.help.name", "local_offer.help.phone", "local_offer.help.email",
}
TECHNICAL = {
    "site.language": "a code for browsers and screen readers, not words on a page",
    "branding.primary": "the look, seen in the preview",
    "branding.accent": "the look, seen in the preview",
    "branding.logo": "an image file, seen in the preview",
    "branding.favicon": "an image file, seen in the preview",
    "identifiers.namespace": "makes the ids in the data feed",
    "editions.tags": "a git tag pattern, for publishing",
    "editions.pages_branch": "a git branch, for publishing",
    "editions.previous": "a folder the changes page compares with; its changes are listed",
    "checks.words": "the word list of check-content",
    "checks.reading_ease.minimum": "a setting of check-content",
    "checks.reading_ease.block": "a setting of check-content",
    "checks.stale_after_months": "a setting of check-content",
    "rules.provision_at_every_tier": "a rule of check-content",
    "rules.first_steps": "a rule of check-content",
    "rules.seek_help": "a rule of check-content",
    "rules.review_dates": "a rule of check-content",
    "rules.area_summaries": "a rule of check-content",
    "editing.repository": "where the web forms on /admin/ save; no public page prints it",
    "editing.branch": "where the web forms on /admin/ save; no public page prints it",
    "editing.base_url": "the web forms' sign-in helper; no public page prints it",
    "editing.auth_endpoint": "the web forms' sign-in helper; no public page prints it",
}
PAGE = "content/how-to-use.md"
PAGE_EDITS = ("title", "description", "review_owner", "reviewed", "body")


def settings_leaves(node: dict, where: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every setting that holds a value (a string, number, true or false, or list of strings),
    with its schema: ('contact', 'email'), ('accessibility', 'known_issues', 0, 'problem')."""
    node = resolve(node, "settings")
    if "properties" in node:
        for key, sub in node["properties"].items():
            yield from settings_leaves(sub, (*where, key))
    elif node.get("type") == "array" and "properties" in resolve(node["items"], "settings"):
        yield from settings_leaves(node["items"], (*where, 0))
    else:
        yield where, node


SETTINGS = dict(settings_leaves(schema("settings")))


# --- the example, once, and edited copies --------------------------------------------------------


@dataclass
class Workspace:
    """The example with every optional text field filled in (`base`), a copy to edit (`head`),
    each file's data, and the base loaded and ready to compare."""

    base: Path
    head: Path
    data: dict[str, Any]
    slots: dict[tuple[str, str], Slot]  # (kind, field) -> the first value of that field
    version: Version

    def changes(self, rel: str, write: Callable[[Path], None]) -> list[dict]:
        """The change records after `write` edits one file of the copy (put back afterwards)."""
        path = self.head / rel
        original = path.read_text(encoding="utf-8")
        write(path)
        try:
            head = Version.of(load_project(self.head), f"the folder {self.head.name}")
            comparison = compare_versions(self.version, head)
            text = summary.markdown(comparison)
        finally:
            path.write_text(original, encoding="utf-8")
        records = json.loads(summary.as_json(comparison))["changes"]
        assert ("Nothing has changed" in text) == (not records), text
        return records

    def edit_data(self, rel: str, edit: Callable[[Any], None]) -> list[dict]:
        doc = copy.deepcopy(self.data[rel])
        edit(doc)
        return self.changes(rel, lambda path: path.write_text(dump(doc), encoding="utf-8"))


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10_000)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    folder = tmp_path_factory.mktemp("completeness")
    base = copy_example(folder / "base")
    data, slots, _ = read_content(base)
    write_content(base, data)
    page = base / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(
        "---\n", "---\ndescription: How the guide is organised and how to use it.\n", 1),
        encoding="utf-8")
    head = Path(shutil.copytree(base, folder / "head"))
    # A logo or favicon the settings name must be a file (other_value names this one).
    (head / "overrides/assets").mkdir(parents=True)
    (head / "overrides/assets/new.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    first: dict[tuple[str, str], Slot] = {}
    for slot in slots:
        first.setdefault((slot.kind, label(slot.where)), slot)
    workspace = Workspace(base, head, data, first,
                          Version.of(load_project(base), f"the folder {base.name}"))
    assert workspace.changes(PAGE, lambda path: None) == []  # the copy equals the original
    return workspace


# --- what each edit should name -----------------------------------------------------------------


def expected_id(kind: str, rel: str, where: tuple, data: Any) -> str:
    """The id of the item a value belongs to: the innermost listed thing with an id (an entry,
    a theme, a term), else the file's own item."""
    if kind in ONE_ITEM_FILES and not (kind == "need" and where[0] == "provision"):
        return Path(rel).stem
    for end in range(len(where), 0, -1):
        if isinstance(where[end - 1], int) and "oruk" not in where[:end]:
            found = get(data, where[:end])
            if isinstance(found, dict) and "id" in found:
                return str(found["id"])
    if kind == "plan-template":  # the template's own fields: the file is the template
        return Path(rel).stem
    return PAGE_IDS[kind]


def edited_text(value: str, limit: int | None) -> str:
    new = f"{value.rstrip()} edited"
    if limit and len(new) > limit:
        new = f"{value[:limit - len(' edited')].rstrip()} edited"
    return new


def set_value(doc: Any, where: tuple, value: Any) -> None:
    """Put `value` at `where`, making the settings sections it needs on the way (a section
    made here also gets the other fields its schema requires, such as editing:'s
    repository and sign-in helper)."""
    top, made = doc, where[0] not in doc
    for part, following in zip(where[:-1], where[1:], strict=True):
        if isinstance(doc, dict) and part not in doc:
            doc[part] = [{}] if isinstance(following, int) else {}
        doc = doc[part]
    doc[where[-1]] = value
    settings_section = schema("settings")["properties"].get(where[0])
    if made and settings_section is not None and isinstance(top[where[0]], dict):
        section = resolve(settings_section, "settings")
        for name in section.get("required", []):
            top[where[0]].setdefault(name, other_value(SETTINGS[(where[0], name)], None))


def value_at(doc: Any, where: tuple) -> Any:
    try:
        return get(doc, where)
    except (KeyError, IndexError, TypeError):
        return None


def other_value(node: dict, value: Any) -> Any:
    """A different value the schema accepts."""
    kind = node.get("type")
    if "enum" in node:
        return next(v for v in node["enum"] if v != value)
    if kind == "boolean":
        return not (True if value is None else value)
    if kind in ("integer", "number"):
        return (value or 0) + 1
    if kind == "array":
        return [*(value or []), "Something new"]
    pattern = node.get("pattern", "")
    if pattern.startswith("^[0-9]{4}"):
        return "2027-02-03" if value != "2027-02-03" else "2027-02-04"
    if pattern.startswith("^#"):
        return "#1d5c64" if value != "#1d5c64" else "#1d5c65"
    if pattern.startswith("^[0-9a-fA-F]{8}"):
        return "6f1c8a52-3a1e-4c1f-9c35-7d0b6b1e2a40"
    if pattern.startswith("^https://[^/"):  # an address with no path
        return "https://new.example.org.uk" if value != "https://new.example.org.uk" \
            else "https://other.example.org.uk"
    if pattern.startswith("^https?://"):
        return (value or "https://www.example.org.uk/").rstrip("/") + "/new/"
    if value and "@" in value:
        return f"new.{value}"
    return edited_text(value, node.get("maxLength")) if value else "assets/new.png"


# --- tests --------------------------------------------------------------------------------------


# The checker's file gives its observations in themes or as one flat list, never both: the
# example has themes, so the flat list's fields are the same fields as themes' observations.
OTHER_FORM = {("checker", "observations.text")}


def content_cases() -> list[Any]:
    return [pytest.param(kind, name, id=f"{kind}:{name}") for kind in CONTENT_KINDS
            for name in sorted(set(text_fields(schema(kind), kind)))
            if (kind, name) not in OTHER_FORM]


@pytest.mark.parametrize(("kind", "name"), content_cases())
def test_one_edited_text_field_gives_one_change(ws: Workspace, kind: str, name: str) -> None:
    assert (kind, name) in ws.slots, f"the example has no {kind} file with {name}"
    slot = ws.slots[kind, name]
    rel, where = slot.file, slot.where
    new = edited_text(get(ws.data[rel], where), limit_of(kind, name, slot.node))
    records = ws.edit_data(rel, lambda doc: set_value(doc, where, new))
    item = expected_id(kind, rel, where, ws.data[rel])
    assert len(records) == 1, f"{rel} {where}: {records}"
    assert records[0]["id"] == item, records[0]
    assert records[0]["change"] in ("reworded", "changed"), records[0]
    assert len(records[0].get("fields", {})) == 1, records[0]


@pytest.mark.parametrize("part", PAGE_EDITS)
def test_one_edit_to_a_hand_written_page_gives_one_change(ws: Workspace, part: str) -> None:
    def write(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        if part == "body":
            path.write_text(text + "\nOne more sentence for families.\n", encoding="utf-8")
            return
        start = text.index(f"\n{part}: ") + len(part) + 3
        end = text.index("\n", start)
        new = "2027-02-03" if part == "reviewed" else text[start:end] + " edited"
        path.write_text(text[:start] + new + text[end:], encoding="utf-8")

    records = ws.changes(PAGE, write)
    assert len(records) == 1, records
    assert records[0]["id"] == PAGE.removeprefix("content/"), records[0]
    assert len(records[0].get("fields", {})) == 1, records[0]


def test_every_setting_is_family_visible_or_technical() -> None:
    named = {label(where) for where in SETTINGS}
    assert not FAMILY_VISIBLE & set(TECHNICAL)
    assert named == FAMILY_VISIBLE | set(TECHNICAL), (
        f"not classified: {sorted(named - FAMILY_VISIBLE - set(TECHNICAL))}; "
        f"not settings: {sorted(FAMILY_VISIBLE | set(TECHNICAL) - named)}")


@pytest.mark.parametrize("where", list(SETTINGS), ids=[label(w) for w in SETTINGS])
def test_a_setting_is_listed_once_if_family_visible(ws: Workspace, where: tuple) -> None:
    rel = "ordinarily.yml"
    new = other_value(SETTINGS[where], value_at(ws.data[rel], where))
    records = ws.edit_data(rel, lambda doc: set_value(doc, where, new))
    if label(where) in TECHNICAL:
        assert records == [], records
        return
    assert len(records) == 1, records
    assert records[0]["kind"] == "setting" and records[0]["id"] == where[0], records[0]
    assert len(records[0].get("fields", {})) == 1, records[0]


def test_the_command_reports_a_setting_in_plain_words(ws: Workspace, tmp_path: Path) -> None:
    """`ordinarily diff` on two folders, as a reviewer runs it."""
    head = Path(shutil.copytree(ws.base, tmp_path / "head"))
    settings = head / "ordinarily.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("send.team@anytown", "send.office@anytown"), "utf-8")
    result = ordinarily("diff", str(ws.base), str(head), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- **Changed:** Contact details" in result.stdout
    assert ("Email: was send.team@anytown.example.org.uk, now "
            "send.office@anytown.example.org.uk") in result.stdout
    assert "1 change in the settings." in result.stdout


def test_every_kind_of_content_file_is_covered() -> None:
    schemas = ROOT / "plugins/ordinarily/schemas"
    shipped = {p.name.removesuffix(".schema.json") for p in schemas.glob("*.schema.json")}
    # import-oruk's mapping file is an input of the command, not content of the site.
    assert shipped - {"oruk-mapping"} == set(KINDS) == {kind for _, kind in
                                                        content_files(EXAMPLE)}
