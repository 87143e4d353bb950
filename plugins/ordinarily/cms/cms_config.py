"""The Decap CMS configuration, generated from the JSON Schemas and the loaded project.

`cms_config(project, local=...)` gives the collections (what can be edited, `collections.py`)
with their fields (`schema_fields.py`) and choices in the council's words (`choices.py`). It
says nothing about the backend: the admin page adds that. The configuration is generated on
every build and by `ordinarily cms-config`; it is never edited by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ordinarily.assembly.project import Project
from ordinarily.cms.choices import Choices, Option, project_choices
from ordinarily.cms.collections import (
    ADDABLE_LISTS,
    EDITABLE,
    NEEDS,
    PAGES,
    Editable,
    present,
)
from ordinarily.cms.schema_fields import DATE_FORMAT, MARKDOWN_BUTTONS, SchemaFields
from ordinarily.core.engine_files import engine_file
from ordinarily.core.schemas import schema_text
from ordinarily.sitewide.page_files import PAGES_DIR, read_pages

Config = dict[str, Any]
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


def cms_config(project: Project, *, local: bool) -> Config:
    """The CMS configuration without its backend. `local`: for the local backend, which serves
    the project folder, so paths start there; otherwise paths start at the top of the git
    repository holding the project (a fork's top, or `example/` in the engine's own)."""
    root = Path(project.root)
    base = "" if local else _below_repository(root)
    editable = [e for e in EDITABLE if _switched_on(project, e) and present(root, e)]
    choices = project_choices(project, _page_options(project),
                              frozenset(e.name for e in editable))
    collections = []
    if project.guide is not None and _switched_on(project, NEEDS):
        collections.append(_need_files(project, base, choices))
    for item in editable:
        fields = SchemaFields(item.kind, _schema(item.kind), choices).fields()
        collections.append(_folder(item, base, fields) if item.folder
                           else _one_file(item, base, fields))
    if project.offer is not None and present(root, PAGES):
        collections.append(_folder(PAGES, base, _page_fields()) | {"format": "frontmatter",
                                                                   "extension": "md"})
    return {"slug": dict(SLUG), "collections": collections}


def _switched_on(project: Project, item: Editable) -> bool:
    if not project.settings.on(item.section):
        return False
    if item.section in ("guide", "checker"):
        return project.guide is not None and (item.section == "guide"
                                              or project.guide.checker is not None)
    if item.section == "local_offer":
        return project.offer is not None
    if item.section == "next_steps":
        return project.next_steps is not None
    return engine_file("schemas", f"{item.kind}.schema.json").is_file()


def _schema(kind: str) -> dict[str, Any]:
    return json.loads(schema_text(kind))


def _need_files(project: Project, base: str, choices: Choices) -> Config:
    """One form per need file, in the guide's order; none can be added here."""
    guide = project.guide
    assert guide is not None
    schema = _schema(NEEDS.kind)
    family_tiers = {t.id for t in guide.taxonomy.tiers if t.families_expect}
    files = []
    for need in guide.needs:
        entries = [{"label": p.title, "value": p.id} for p in need.provision
                   if p.tier in family_tiers]
        written = need.families.setting_should if need.families else {}
        entries += [{"label": key, "value": key} for key in written
                    if key not in {e["value"] for e in entries}]
        fields = SchemaFields(NEEDS.kind, schema,
                              choices.with_list("family_entries", entries)).fields()
        files.append({"name": need.id, "label": f"{need.title} ({guide.area(need.area).title})",
                      "file": base + need.source, "fields": fields})
    return {"name": NEEDS.name, "label": NEEDS.label, "format": "yml", "create": False,
            "delete": False, "editor": {"preview": False}, "files": files}


def _one_file(item: Editable, base: str, fields: list[Config]) -> Config:
    for field in fields:
        if field["name"] == ADDABLE_LISTS.get(item.name):
            field["allow_add"] = True
    return {"name": item.name, "label": item.label, "format": "yml", "create": False,
            "delete": False, "editor": {"preview": False},
            "files": [{"name": item.name, "label": item.label, "file": base + item.path,
                       "fields": fields}]}


def _folder(item: Editable, base: str, fields: list[Config]) -> Config:
    """A folder of files; a new file's name, its id, is made from its `identifier` field."""
    return {"name": item.name, "label": item.label, "label_singular": item.label_singular,
            "folder": base + item.path, "extension": "yml", "format": "yml",
            "create": item.create, "delete": False, "identifier_field": item.identifier,
            "slug": "{{slug}}", "summary": "{{" + item.identifier + "}}",
            "editor": {"preview": False}, "fields": fields}


def _page_fields() -> list[Config]:
    """A hand-written page: its front matter and its Markdown."""
    owner = ("The team responsible for keeping it right. Optional unless ordinarily.yml "
             "switches on rules: review_dates.")
    return [
        {"name": "title", "label": "Title", "widget": "string", "required": True,
         "hint": "The page's heading and its name in the navigation."},
        {"name": "reviewed", "label": "Reviewed", "widget": "datetime", "required": False,
         "format": DATE_FORMAT, "date_format": "D MMMM YYYY", "time_format": False,
         "picker_utc": True, "hint": "When the content was last checked."},
        {"name": "review_owner", "label": "Review owner", "widget": "string",
         "required": False, "hint": owner},
        {"name": "body", "label": "Page", "widget": "markdown", "required": True,
         "modes": ["rich_text", "raw"], "buttons": MARKDOWN_BUTTONS, "editor_components": [],
         "sanitize_preview": True,
         "hint": "The page in Markdown: headings, paragraphs, lists, emphasis and links."},
    ]


def _page_options(project: Project) -> list[Option]:
    """Hand-written pages by their path below content/, labelled with their titles."""
    try:
        pages = read_pages(Path(project.root), with_offer=project.offer is not None)
    except Exception:  # noqa: BLE001 - load_project has reported a bad page already
        pages = []
    prefix = f"{PAGES_DIR}/"
    return [{"label": str(p.meta.data.get("title") or p.path), "value":
             p.path.removeprefix(prefix)} for p in pages]


def _below_repository(root: Path) -> str:
    """The project's folder below the top of its git repository, with a final slash."""
    root = root.resolve()
    for top in (root, *root.parents):
        if (top / ".git").exists():
            rel = root.relative_to(top).as_posix()
            return "" if rel == "." else rel + "/"
    return ""
