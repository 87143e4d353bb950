"""A council's project: its settings and content, loaded and checked in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ordinarily.checker.checker_page import CHECKER_JSON, checker_json, checker_nav, checker_page
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.rendering import Page, Redirect
from ordinarily.core.schemas import KINDS, schema_text
from ordinarily.core.settings import Settings, load_settings
from ordinarily.guide import model as m
from ordinarily.guide.family_view import family_pages, family_redirects
from ordinarily.guide.loader import load_guide, load_taxonomy
from ordinarily.guide.pages import PageBuilder, build_guide_pages, guide_nav, guide_redirects
from ordinarily.local_offer import offer_model as o
from ordinarily.local_offer.finder_index import finder_files
from ordinarily.local_offer.offer_loader import load_local_offer, service_ids
from ordinarily.local_offer.offer_pages import FINDER_SRC, OfferSite
from ordinarily.local_offer.shortlist_page import id_files, shortlist_page
from ordinarily.open_referral.oruk_export import oruk_files
from ordinarily.sitewide.maintainers_pages import (
    maintainers_images,
    maintainers_nav,
    maintainers_pages,
)
from ordinarily.sitewide.page_files import PAGES_DIR, read_pages
from ordinarily.sitewide.placeholders import problems as placeholder_problems
from ordinarily.sitewide.sections import off_sections, section_of
from ordinarily.sitewide.statement_pages import statement_pages


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings
    guide: m.Guide | None
    offer: o.LocalOffer | None = None


@dataclass(frozen=True)
class Output:
    """Everything the core makes from a project: pages, data files, redirects and nav."""

    pages: list[Page]
    files: dict[str, bytes] = field(default_factory=dict)  # path below the site -> bytes
    media: dict[str, bytes] = field(default_factory=dict)  # images the pages show, by path
    redirects: list[Redirect] = field(default_factory=list)
    nav: dict[str, list] = field(default_factory=dict)  # marker name -> nav entries
    offer: OfferSite | None = None  # renders the Local Offer's off-pipeline pages
    project: Project | None = field(default=None, repr=False)  # for `data_files`


def load_project(root: Path) -> Project:
    """Load settings and every content file; raise ContentError listing every problem."""
    root = Path(root)
    problems: list[Problem] = []
    try:
        settings = load_settings(root)
    except ContentError as exc:
        problems += exc.problems
        settings = None
    guide = offer = None
    with_offer = settings is None or settings.on("local_offer")
    if settings is None or settings.on("guide"):
        try:
            guide = load_guide(root, with_checker=settings is None or settings.on("checker"),
                               service_ids=service_ids(root) if with_offer else None)
        except ContentError as exc:
            problems += exc.problems
    if with_offer:
        try:
            taxonomy = guide.taxonomy if guide else _guide_taxonomy(root)
            offer = load_local_offer(root, taxonomy)
        except ContentError as exc:
            problems += exc.problems
    problems += _page_placeholders(root, settings, guide)
    if problems:
        raise ContentError(problems)
    return Project(root=root, settings=settings, guide=guide, offer=offer)


def _page_placeholders(root: Path, settings: Settings | None,
                       guide: m.Guide | None) -> list[Problem]:
    """Unknown taxonomy placeholders in the hand-written pages (a page that cannot be read is
    reported where the pages are built)."""
    if settings is None or (settings.on("guide") and guide is None):
        return []  # the settings or the taxonomy have problems of their own
    try:
        pages = read_pages(root, with_offer=settings.on("local_offer"))
    except ContentError:
        return []
    off = off_sections(settings)
    built = [p for p in pages if not section_of(p.path.removeprefix(f"{PAGES_DIR}/"), off)]
    return placeholder_problems(built, guide.taxonomy if guide else None)


def _guide_taxonomy(root: Path) -> m.Taxonomy | None:
    """The guide's taxonomy alone, for services' need and phase ids (None if it has problems,
    which the guide's own loading reports)."""
    try:
        return load_taxonomy(root)
    except ContentError:
        return None


def build(project: Project) -> Output:
    """Every generated page, data file and redirect, as a pure function of the project."""
    pages: list[Page] = []
    redirects: list[Redirect] = []
    nav: dict[str, list] = {}
    files = {f"schemas/{kind}.schema.json": schema_text(kind).encode("utf-8") for kind in KINDS}
    offer = None
    if project.offer is not None:
        offer = OfferSite(project.offer, project.guide, project.settings, project.root)
        pages += offer.pages()
        pages.append(shortlist_page(project.guide, project.settings, FINDER_SRC))
        nav["local_offer"] = offer.nav()
    if project.guide is not None:
        pages += build_guide_pages(project.guide, project.settings, offer)
        redirects += guide_redirects(project.guide)
        if project.settings.on("families"):
            builder = PageBuilder(project.guide, project.settings, offer)
            pages += family_pages(project.guide, builder)
            redirects += family_redirects(project.guide)
        nav["guide"] = guide_nav(project.guide)
        if project.guide.checker is not None:
            pages.append(checker_page(project.guide, project.settings))
            files[CHECKER_JSON] = checker_json(project.guide)
            nav["checker"] = checker_nav(project.guide)
    pages += statement_pages(project.settings, project.guide, offer is not None)
    media: dict[str, bytes] = {}
    if project.settings.on("maintainers"):
        pages += maintainers_pages(project.settings, project.guide)
        nav["maintainers"] = maintainers_nav(project.settings)
        media |= maintainers_images()
    return Output(pages=pages, files=files, media=media, redirects=redirects, nav=nav,
                  offer=offer, project=project)


def feed_files(project: Project) -> dict[str, bytes]:
    """The Open Referral UK feed (empty when the Local Offer is off)."""
    if project.offer is None:
        return {}
    guide = project.guide
    return oruk_files(project.offer, guide.taxonomy if guide else None, project.settings,
                      needs=guide.needs if guide else ())


def data_files(output: Output) -> dict[str, bytes]:
    """The Local Offer's large data files: the finder's index and the feed. They are not in
    `Output.files` so that the MkDocs adapter can make and write them in a background process
    (at 10,000 services they take seconds and 150 MB)."""
    project = output.project
    if project is None or project.offer is None:
        return {}
    files = finder_files(project.offer, project.guide.taxonomy if project.guide else None)
    return files | id_files(project.offer) | feed_files(project)
