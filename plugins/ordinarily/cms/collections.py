"""What the forms can edit: one Decap collection per kind of content file.

Every collection named by a schema kind gets its fields from that schema in the same way
(`schema_fields.py`), so a new kind of file is one more line in `EDITABLE`. Forms edit need
files but never create one: a new need also changes the taxonomy's list of needs, which stays
`ordinarily new need`. Services, organisations, glossary terms and "You said, we did" entries
can be added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Editable:
    """One collection: a folder of files of one kind, or one file."""

    name: str  # the collection's name in the CMS (and its address, /admin/#/collections/<name>)
    label: str
    kind: str  # the schema kind (`schemas/<kind>.schema.json`)
    path: str  # below the project: a folder (`folder`) or one file
    section: str  # the section of ordinarily.yml that switches it on
    folder: bool = False
    create: bool = False
    label_singular: str = ""
    identifier: str = "title"  # the field a new file's name (its id) is made from


EDITABLE = (
    Editable("universal", "Universal expectations", "universal", "needs/universal.yml", "guide"),
    Editable("apdr", "Assess, plan, do, review", "apdr", "needs/apdr.yml", "guide"),
    Editable("glossary", "Glossary", "glossary", "needs/glossary.yml", "guide"),
    Editable("checker", "Quick needs checker", "checker", "needs/checker.yml", "checker"),
    Editable("next-steps", "What can I do next?", "next-steps", "needs/next-steps.yml",
             "next_steps"),
    Editable("services", "Local Offer services", "service", "local-offer/services",
             "local_offer", folder=True, create=True, label_singular="Service",
             identifier="name"),
    Editable("organisations", "Organisations", "organisation", "local-offer/organisations",
             "local_offer", folder=True, create=True, label_singular="Organisation",
             identifier="name"),
    Editable("you-said-we-did", "You said, we did", "you-said-we-did",
             "local-offer/you-said-we-did.yml", "local_offer"),
    Editable("plans", "Support plan templates", "plan-template", "plans", "plans",
             folder=True, label_singular="Plan template"),
)
NEEDS = Editable("needs", "Needs", "need", "needs", "guide")
PAGES = Editable("local-offer-pages", "Local Offer information pages", "", "content/local-offer",
                 "local_offer", folder=True, label_singular="Information page")
ADDABLE_LISTS = {"glossary": "terms", "you-said-we-did": "entries"}  # lists forms add to


def present(root: Path, editable: Editable) -> bool:
    """Whether the project has the file or folder (a section may have no file yet)."""
    path = root / editable.path
    if editable.folder:
        return path.is_dir() and any(path.glob("*.yml" if editable.kind else "*.md"))
    return path.is_file()
