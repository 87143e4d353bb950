"""What the engine applies to the site generator's configuration: the Markdown extensions, theme
features, CSS and JavaScript, the nav of generated sections and the settings the theme reads.

Shared by the MkDocs adapter (`mkdocs_config.py`), which applies them while MkDocs runs, and by
`ordinarily generate` (`output.py`), which writes them into a `mkdocs.yml` for a build
without the plugin. No MkDocs import here.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath
from typing import Any

from ordinarily.core.settings import Settings
from ordinarily.guide import model as m

BRANDING_CSS = "assets/ordinarily/branding.css"
NAV_MARKER = "ordinarily:"
# Sections kept out of the main nav unless mkdocs.yml places them with a marker: the site's
# footer links to them instead (the maintainers' guide is not for the guide's readers).
FOOTER_SECTIONS = frozenset({"maintainers"})

MARKDOWN_EXTENSIONS: dict[str, dict] = {
    "toc": {"toc_depth": 3},
    "attr_list": {},
    "md_in_html": {},
    "admonition": {},
    "tables": {},
    "def_list": {},
    "sane_lists": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
}
THEME_FEATURES = ["navigation.indexes", "navigation.top", "navigation.footer",
                  "search.highlight"]
EXTRA_CSS = ["assets/ordinarily/ordinarily.css", "assets/ordinarily/checker.css",
             "assets/ordinarily/local-offer.css", "assets/ordinarily/next-steps.css",
             "assets/ordinarily/shortlist.css", "assets/ordinarily/plan.css", BRANDING_CSS]
# device-store.js (every page) before anything that keeps things on the device; shortlist.js
# before finder.js, which asks it for the result cards' "Save to my list" buttons; the support
# plans' scripts after device-store.js: plan-add.js (every page with entries), plan-file.js,
# then plan-editor.js, which calls it.
EXTRA_JS = ["assets/ordinarily/ordinarily.js", "assets/ordinarily/device-store.js",
            "assets/ordinarily/plan-add.js", "assets/ordinarily/plan-file.js",
            "assets/ordinarily/plan-editor.js",
            "assets/ordinarily/checker.js", "assets/ordinarily/shortlist.js",
            "assets/ordinarily/finder.js", "assets/ordinarily/next-steps.js"]
_SECTION_OF_ASSET = {"checker": "checker", "local-offer": "local_offer", "finder": "local_offer",
                    "next-steps": "next_steps", "shortlist": "local_offer",
                    "plan": "plans", "plan-add": "plans", "plan-file": "plans",
                    "plan-editor": "plans"}


def assets(paths: list[str], settings: Settings) -> list[str]:
    """The engine's CSS or JavaScript files, without those of sections that are off."""
    return [p for p in paths if PurePosixPath(p).stem not in _SECTION_OF_ASSET
            or settings.on(_SECTION_OF_ASSET[PurePosixPath(p).stem])]


def merged(ours: list, theirs: list) -> list:
    """The engine's items first, then the council's that are not among them."""
    return ours + [item for item in theirs if item not in ours]


def theme_extra(settings: Settings) -> dict[str, Any]:
    """What the engine's templates read from `extra.ordinarily`."""
    return {"council": settings.council_name, "council_website": settings.council_website,
            "contact": settings.contact, "sections": settings.sections,
            "language": settings.language,
            "maintainers": "maintainers/" if settings.on("maintainers") else ""}


def expand_nav(nav: list | None, generated: dict[str, list]) -> list:
    """Replace `ordinarily:<section>` markers with the generated sections' nav; sections not
    placed by a marker are appended at the end, except the footer's (FOOTER_SECTIONS), which
    only a marker puts in the nav; markers for sections switched off vanish."""
    placed: set[str] = set()

    def walk(items: list) -> list:
        out: list = []
        for item in items:
            if isinstance(item, str) and item.startswith(NAV_MARKER):
                name = item[len(NAV_MARKER):]
                placed.add(name)
                out += generated.get(name, [])
            elif isinstance(item, dict):
                out.append({k: walk(v) if isinstance(v, list) else v for k, v in item.items()})
            else:
                out.append(item)
        return out

    result = walk(list(nav or []))
    for name, entries in generated.items():
        if name not in placed and name not in FOOTER_SECTIONS:
            result += entries
    return result


def review_from_meta(meta: dict[str, Any]) -> m.Review | None:
    """A hand-written page's `reviewed` and `review_owner` front matter."""
    reviewed = meta.get("reviewed")
    if reviewed is None:
        return None
    if not isinstance(reviewed, date):
        reviewed = date.fromisoformat(str(reviewed))
    return m.Review(reviewed, str(meta.get("review_owner") or ""))
