"""The maintainers' guide: how a council looks after its site on GitHub, shipped by the engine and
built into every site under /maintainers/ unless `sections: maintainers` is off.

The pages come from `templates/maintainers/`, written with the council's own names and
addresses, and their screenshots from `templates/maintainers/images/` (made from the example by
`scripts/maintainers_screenshots.py`, `make screenshots`).
"""

from __future__ import annotations

import re
from typing import Any

from ordinarily.core.engine_files import TEMPLATES, engine_file
from ordinarily.core.rendering import Page, theme_text
from ordinarily.core.settings import Settings
from ordinarily.guide import model as m
from ordinarily.guide.pages import PageBuilder
from ordinarily.sitewide.sections import SECTION_PAGES

FOLDER = "maintainers"
# (file name, title, what the page is for): the order of the nav.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("index", "Looking after this website",
     "How the site is made and kept up to date, and where to start."),
    ("fork", "Start a site for your area",
     "Fork the repository, set up your council's site and publish it."),
    ("edit-on-github", "Edit a page in your web browser",
     "Change a page or a service listing on GitHub, without installing anything."),
    ("edit-with-forms", "Edit with web forms",
     "Change the guide and the Local Offer through forms, with every save a pull request."),
    ("pull-requests", "Propose a change for review",
     "Open a pull request, check its preview and ask the right people to review it."),
    ("change-summary", "Read the change summary",
     "What the plain-English summary of a pull request tells you, and how to review with it."),
    ("editions", "Publish an edition",
     "Archive the version the partnership approved, so it can be read and cited later."),
    ("reviewers", "Add a reviewer team",
     "Ask parents, young people and the SEND team to review the changes that concern them."),
    ("import", "Bring in an existing directory",
     "Import services from another directory through Open Referral UK."),
    ("upgrade", "Upgrade the engine",
     "Take a new release of Ordinarily without losing any of your own changes."),
)
NEEDS_LOCAL_OFFER = {"import"}
IMAGES = "images"
_EDIT_BASE = re.compile(r"^(https://github\.com/[^/\s]+/[^/\s]+)/edit/")


def maintainers_pages(settings: Settings, guide: m.Guide | None) -> list[Page]:
    builder = PageBuilder(guide, settings)
    context: dict[str, Any] = {"s": settings, "repository": repository(settings),
                               "on": {name: settings.on(name) for name in SECTION_PAGES},
                               "section_pages": [{"src": _src(name), "title": title}
                                                 for name, title, _ in _pages(settings)]}
    return [builder.render(f"{FOLDER}/{name}.md.j2", _src(name), title, FOLDER, None,
                           description=description, current_src=_src(name), **context)
            for name, title, description in _pages(settings)]


def maintainers_nav(settings: Settings) -> list[Any]:
    """The section's entry in MkDocs' `nav:` form: one group, its first page the index."""
    pages = _pages(settings)
    return [{theme_text(PAGES[0][1]): [  # the group is named after its index page
        _src(name) if name == "index" else {theme_text(title): _src(name)}
        for name, title, _ in pages]}]


def maintainers_images() -> dict[str, bytes]:
    """The screenshots, by their path below the site."""
    folder = engine_file(TEMPLATES, FOLDER, IMAGES)
    return {f"{FOLDER}/{IMAGES}/{item.name}": item.read_bytes()
            for item in sorted(folder.iterdir(), key=lambda i: i.name)
            if item.name.endswith(".png")}


def repository(settings: Settings) -> str:
    """The council's repository on GitHub, read from the 'edit this page' address, or ''."""
    match = _EDIT_BASE.match(settings.feedback.edit_base)
    return match.group(1) if match else ""


def _pages(settings: Settings) -> list[tuple[str, str, str]]:
    return [page for page in PAGES
            if page[0] not in NEEDS_LOCAL_OFFER or settings.on("local_offer")]


def _src(name: str) -> str:
    return f"{FOLDER}/{name}.md"
