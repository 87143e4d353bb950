"""The MkDocs adapter: a thin layer that hands the core's pages and files to MkDocs.

Everything it knows about content comes from the core (`assembly`: `project`, `output`); this
module only translates between the core and MkDocs' events and configuration.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ordinarily.adapter import mkdocs_config as site_config
from ordinarily.adapter import mkdocs_incremental, mkdocs_search
from ordinarily.adapter.mkdocs_offpages import OffPageJob, add_to_sitemap, broken_links
from ordinarily.assembly.hand_written import page_markdown
from ordinarily.assembly.output import write_data_files, write_files, write_site_files
from ordinarily.assembly.project import Output, Project, build, data_files, load_project
from ordinarily.cms.admin_page import admin_files
from ordinarily.core import forked
from ordinarily.core.engine_files import ENGINE_THEME
from ordinarily.core.forked import Forked
from ordinarily.core.problems import ContentError
from ordinarily.core.rendering import page_url, theme_attribute, theme_text
from ordinarily.guide.glossary_links import GlossaryLinker
from ordinarily.guide.search_weights import keywords_by_page
from ordinarily.local_offer import service_memo
from ordinarily.review.deployment import (
    Deployment,
    edition_url,
    for_deployment,
    from_environment,
    live_links,
    live_nav,
)
from ordinarily.review.edition_pages import with_editions
from ordinarily.review.history import History, build_history, tag_pattern
from ordinarily.sitewide import csp
from ordinarily.sitewide.branding import branding_css
from ordinarily.sitewide.engine_settings import BRANDING_CSS
from ordinarily.sitewide.sections import SECTION_NAMES, off_sections, prune_nav, section_of

log = get_plugin_logger(__name__)
FEED_VARIABLE = "ORDINARILY_FEED"  # 1: write the feed under `mkdocs serve` too


class OrdinarilyConfig(Config):
    project_dir = c.Optional(c.Dir(exists=True))
    """The folder holding ordinarily.yml, needs/ and local-offer/ (default: mkdocs.yml's)."""


class OrdinarilyPlugin(BasePlugin[OrdinarilyConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.output: Output | None = None
        self.linker: GlossaryLinker | None = None
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.command = "build"
        self.dirty = False
        self.incremental: mkdocs_incremental.Incremental | None = None
        self.off_pages: OffPageJob | None = None
        self.data_job: Forked | None = None
        self.deployment = Deployment()
        self.off: list[str] = []
        self.keywords: dict[str, str] = {}
        self.service_memo = service_memo.ServiceMemo()  # kept between serve rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        started = time.perf_counter()
        try:
            with service_memo.using(self.service_memo):  # the earlier edition shares them
                project = load_project(root)
                self.deployment = from_environment(os.environ, tag_pattern(project.settings))
                self.project = for_deployment(project, self.deployment)
                history = build_history(self.project, self.deployment.edition,
                                        keep=self.command == "serve")
            if self.command != "serve":
                self.service_memo = service_memo.ServiceMemo()
        except ContentError as exc:
            raise PluginError("Ordinarily found problems in the content:\n" + exc.report()
                              + "\nRun 'ordinarily validate' to list them again.") from None
        if history.note and self.project.settings.on("changes"):
            log.info("The 'What has changed' page has no list of changes: %s", history.note)
        feed = _feed_wanted(self.command, os.environ)
        if not feed and self.project.offer is not None:
            log.info("The Open Referral UK feed (api/oruk/) is not written under serve; "
                     "'make serve FEED=1' writes it too")
        self.output = with_editions(build(self.project, feed=feed), self.project, history,
                                    self.deployment.edition)
        log.info("Loaded and built the content in %.1f s", time.perf_counter() - started)
        guide = self.project.guide
        self.linker = GlossaryLinker(guide.glossary.terms, "glossary.md") if guide else None
        self.keywords = keywords_by_page(guide) if guide else {}
        mkdocs_search.add_keywords_field(config)
        site_config.set_source_date_epoch(root, self.project)
        site_config.apply(config, self.project, self.output, ENGINE_THEME, root)
        self.off = off_sections(self.project.settings)
        if config.nav:
            config.nav = prune_nav(config.nav, self.off)
        self._deploy(config, history)
        self.incremental = mkdocs_incremental.start(config, root, self.project, self.output,
                                                    self.keywords) \
            if self.command == "serve" and self.dirty else None
        return config

    def _deploy(self, config: MkDocsConfig, history: History) -> None:
        """The address, nav and editions menu of the place this build is published to."""
        live = self.project.settings.site_url
        deployment = self.deployment
        config.site_url = live + deployment.folder
        site_config.fix_scope(config)
        if deployment.edition:
            config.nav = live_nav(config.nav, live)
        config.extra["ordinarily"]["editions"] = {
            "live": live, "current": deployment.edition, "preview": deployment.preview,
            "items": [{"tag": e.tag, "url": edition_url(live, e.tag)}
                      for e in history.editions],
        }
        if self.project.settings.on("changes") and (history.editions or deployment.edition):
            config.extra["alternate"] = True  # Material's header slot for the editions menu

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = self.project.root
        for name in ("needs", "local-offer", "plans", "ordinarily.yml", "overrides"):
            if (root / name).exists():
                server.watch(str(root / name))
        return server

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.deployment.edition:  # an archived edition links to the live Local Offer
            for file in [f for f in files if f.src_uri.startswith("local-offer/")]:
                files.remove(file)
        for file in [f for f in files if f.is_documentation_page()]:
            section = section_of(file.src_uri, self.off)
            if section:  # a hand-written page of a section the council switched off
                log.info("Not building %s: %s is switched off in ordinarily.yml",
                         file.src_uri, SECTION_NAMES[section])
                files.remove(file)
        for page in self.output.pages:
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(f"content/{page.src} is a hand-written page at an address the "
                                  f"guide generates ({page_url(page.src)}); rename or remove it")
            files.append(File.generated(config, page.src, content=page.content,
                                        inclusion=InclusionLevel.INCLUDED))
        for path, content in self.output.media.items():
            files.append(File.generated(config, path, content=content))
        css = branding_css(self.project.settings)
        files.append(File.generated(config, BRANDING_CSS, content=css))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.files = nav, files
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        serve = self.command == "serve"  # live reload allows inline scripts: none to hash
        config.extra["ordinarily"]["csp"] = csp.policy(
            () if serve else site_config.theme_scripts(env, config), live_reload=serve)
        # The Local Offer's data files and pages take seconds at scale: with fork, they are
        # made by workers while MkDocs builds its own pages. Not under `serve`, whose
        # live-reload thread makes forking unsafe.
        background = self.command != "serve" and forked.available()
        site = Path(config.site_dir)
        self.data_job = Forked(write_data_files, [site], self.output) if background else None
        if self.output.offer is not None:
            self.off_pages = OffPageJob(self.output.offer, config, self.nav, files,
                                        background=background)
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if self.deployment.edition:
            markdown = live_links(markdown, page.file.src_uri, self.project.settings.site_url)
        if page.file.generated_by:
            return markdown
        src = page.file.src_uri
        source = f"{Path(page.file.src_dir or 'content').name}/{src}"
        markdown, unlinked = page_markdown(self.output, src, markdown, page.meta, self.off,
                                           source, page.title or "")
        for target in unlinked:
            log.info("%s: left out the link to %s, whose section is switched off", src, target)
        _escape_meta(page.meta)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if self.linker is None or page.file.src_uri == "glossary.md":
            return html
        return self.linker.link(html, page_url(page.file.src_uri))

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        mkdocs_search.add_page_keywords(config, page, self.keywords)
        return context

    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self.incremental is not None:  # under `mkdocs serve --dirty`
                self.incremental.write_site_files(Path(config.site_dir), config.site_url or "")
            else:
                write_site_files(self.output, Path(config.site_dir), config.site_url or "")
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        site = Path(config.site_dir)
        try:
            if self.incremental is not None:
                self.incremental.write_data_files(site)
            elif self.data_job is None:
                write_files(data_files(self.output), site)
            else:
                self.data_job.get()
        except ContentError as exc:
            raise PluginError(exc.report()) from None
        finally:
            self.data_job = None
        self._admin(site)
        if self.output.offer is not None:
            self._off_pages(config)
        if self.incremental is not None:
            self.incremental.finish()

    def _admin(self, site: Path) -> None:
        """`/admin/`, the web forms, written after MkDocs' own pages: in no nav, sitemap or
        search index. An archived edition has none (it is edited through the live site)."""
        if self.deployment.edition:
            return
        try:
            write_files(admin_files(self.project, os.environ), site)
        except ContentError as exc:
            raise PluginError(exc.report()) from None

    def _off_pages(self, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        rendered = self.incremental.off_pages(config, self.nav, self.files) \
            if self.incremental is not None else self.off_pages.result()
        self.off_pages = None
        broken = broken_links(rendered, Path(config.site_dir))
        if broken:
            raise PluginError("Links in Local Offer pages lead nowhere:\n" + "\n".join(broken))
        add_to_sitemap(rendered, config)
        log.info("Rendered %d Local Offer pages outside the page pipeline (waited %.1f s)",
                 len(rendered), time.perf_counter() - started)


def _feed_wanted(command: str, environ: Mapping[str, str]) -> bool:
    """The Open Referral UK feed is for a published site: `mkdocs build` always writes it,
    `mkdocs serve` only with ORDINARILY_FEED=1 (`make serve FEED=1`)."""
    return command != "serve" or environ.get(FEED_VARIABLE, "").strip() not in ("", "0")


def _escape_meta(meta: dict[str, Any]) -> None:
    """A hand-written page's title and description as the theme needs them: it prints both
    as HTML, the description inside an attribute."""
    if isinstance(meta.get("title"), str):
        meta["title"] = theme_text(meta["title"])
    if isinstance(meta.get("description"), str):
        meta["description"] = theme_attribute(meta["description"])
