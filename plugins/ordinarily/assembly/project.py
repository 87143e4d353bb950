"""A council's project: its settings and content, loaded and checked in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ordinarily.checker.checker_page import CHECKER_JSON, checker_json, checker_nav, checker_page
from ordinarily.core import parse_cache
from ordinarily.core.parse_cache import ParseCache
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.rendering import Page, Redirect, page_url
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
from ordinarily.next_steps.steps_loader import load_next_steps, next_steps_file
from ordinarily.next_steps.steps_model import NextSteps
from ordinarily.next_steps.steps_page import NEXT_STEPS_SRC, next_steps_nav, next_steps_page
from ordinarily.open_referral.oruk_export import oruk_files
from ordinarily.plans.plans_data import GUIDE_JSON, guide_json
from ordinarily.plans.plans_loader import load_plans, plans_folder
from ordinarily.plans.plans_model import Plans
from ordinarily.plans.plans_pages import plans_nav, plans_pages
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
    next_steps: NextSteps | None = None
    plans: Plans | None = None


@dataclass(frozen=True)
class Output:
    """Everything the core makes from a project: pages, data files, redirects and nav."""

    pages: list[Page]
    files: dict[str, bytes] = field(default_factory=dict)  # path below the site -> bytes
    media: dict[str, bytes] = field(default_factory=dict)  # images the pages show, by path
    redirects: list[Redirect] = field(default_factory=list)
    nav: dict[str, list] = field(default_factory=dict)  # marker name -> nav entries
    offer: OfferSite | None = None  # renders the Local Offer's off-pipeline pages
    feed: bool = True  # the Open Referral UK feed is among `data_files` (publish-only)
    project: Project | None = field(default=None, repr=False)  # for `data_files`


def load_project(root: Path, cache: ParseCache | None | Literal["own"] = "own") -> Project:
    """Load settings and every content file; raise ContentError listing every problem.

    Files are read through `cache`: the project's own parse cache by default (unless
    `ORDINARILY_CACHE=off`), another project's (an earlier edition read in a temporary
    folder), or None for no cache."""
    root = Path(root)
    if cache == "own":
        cache = ParseCache.for_project(root)
    try:
        with parse_cache.using(cache):
            return _load_project(root)
    finally:
        if cache is not None:
            cache.save()


def _load_project(root: Path) -> Project:
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
    settings = _next_steps_default(root, settings)
    next_steps = None
    if settings is not None and guide is not None and settings.on("next_steps"):
        try:
            on, off = _page_addresses(root, settings, guide)
            next_steps = load_next_steps(root, [s.id for s in offer.services] if offer else None,
                                         on, off)
        except ContentError as exc:
            problems += exc.problems
    settings = _plans_default(root, settings, guide)
    plans = None
    if settings is not None and guide is not None and settings.on("plans"):
        try:
            plans = load_plans(root, guide)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return Project(root=root, settings=settings, guide=guide, offer=offer,
                   next_steps=next_steps, plans=plans)


def _plans_default(root: Path, settings: Settings | None,
                   guide: m.Guide | None) -> Settings | None:
    """Support plans are on by default only where the plans/ folder exists (a site made
    before them keeps building), and never without the guide they draw on; `sections:
    plans: true` without the folder is an error (see `load_plans`)."""
    if settings is None:
        return None
    asked = "plans" in (settings.raw.get("sections") or {})
    if (asked or plans_folder(root).is_dir()) and settings.on("guide"):
        return settings
    return replace(settings, sections={**settings.sections, "plans": False})


def _next_steps_default(root: Path, settings: Settings | None) -> Settings | None:
    """'What can I do next?' is on by default only where needs/next-steps.yml exists, so a
    site made before it keeps building; `sections: next_steps: true` without the file is an
    error (see `load_next_steps`)."""
    if settings is None or "next_steps" in (settings.raw.get("sections") or {}) \
            or next_steps_file(root).exists():
        return settings
    return replace(settings, sections={**settings.sections, "next_steps": False})


def _page_addresses(root: Path, settings: Settings,
                    guide: m.Guide) -> tuple[set[str], set[str]]:
    """The addresses of the site's pages that content may link to (the hand-written pages and
    the generated pages, not the Local Offer's service and browse pages, which are linked by
    id): those of the sections that are on, and those of the sections switched off."""
    off = off_sections(settings)
    try:
        written = [p.path.removeprefix(f"{PAGES_DIR}/") for p in read_pages(root)]
    except ContentError:
        written = []  # reported where the pages are built
    sources = written + ["needs/index.md", "universal.md", "apdr.md", "glossary.md",
                         "checker.md", "local-offer/index.md", "local-offer/you-said-we-did.md",
                         "changes.md", "editions/index.md", "accessibility.md", "privacy.md",
                         "next-steps.md", "plans/index.md"]
    sources += [f"needs/{a.id}/index.md" for a in guide.taxonomy.areas]
    sources += [f"needs/{n.area}/{n.id}.md" for n in guide.needs]
    sources += [f"needs/{n.area}/{n.id}/families.md" for n in guide.needs]
    on = {page_url(src) for src in sources if section_of(src, off) is None}
    return on, {page_url(src) for src in sources} - on


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


def next_steps_link(project: Project) -> tuple[str, str] | None:
    """The "What can I do next?" page's address and title for the checker's result, if on."""
    if project.next_steps is None:
        return None
    return page_url(NEXT_STEPS_SRC), project.next_steps.title


def build(project: Project, feed: bool = True) -> Output:
    """Every generated page, data file and redirect, as a pure function of the project.
    `feed=False` leaves out what only a published site needs, the Open Referral UK feed
    (`mkdocs serve` without `make serve FEED=1`): no page needs it to build."""
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
        if project.next_steps is not None:
            pages.append(next_steps_page(project.next_steps, project.guide, project.settings,
                                         offer))
            nav["next_steps"] = next_steps_nav(project.next_steps)
        if project.plans is not None:
            pages += plans_pages(project.plans, project.guide, project.settings, offer)
            files[GUIDE_JSON] = guide_json(project.guide, project.plans)
            nav["plans"] = plans_nav(project.plans)
        if project.guide.checker is not None:
            pages.append(checker_page(project.guide, project.settings, next_steps_link(project)))
            files[CHECKER_JSON] = checker_json(project.guide, project.settings.on("families"))
            nav["checker"] = checker_nav(project.guide)
    pages += statement_pages(project.settings, project.guide, offer is not None,
                             project.plans is not None)
    media: dict[str, bytes] = {}
    if project.settings.on("maintainers"):
        pages += maintainers_pages(project.settings, project.guide)
        nav["maintainers"] = maintainers_nav(project.settings)
        media |= maintainers_images()
    return Output(pages=pages, files=files, media=media, redirects=redirects, nav=nav,
                  offer=offer, project=project, feed=feed)


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
    files = finder_files(project.offer, project.guide.taxonomy if project.guide else None,
                         project.settings.council_short_name)
    return files | id_files(project.offer) | (feed_files(project) if output.feed else {})
