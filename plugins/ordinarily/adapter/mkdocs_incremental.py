"""Incremental rebuilds under `make serve` (`mkdocs serve --dirty`).

MkDocs' `--dirty` skips a page when `File.is_modified()` says so, but on its own it is not safe:
it treats every generated file as modified, a page it skips has no content, title or search
entries (so the navigation, the search index and the sitemap would lose it), and it never
deletes anything. Here, for each rebuild in one serve process:

- `assembly/dependencies.py` says which files changed since the previous rebuild and whether
  that means a full rebuild (the site folder is then emptied and everything built, exactly as
  without `--dirty`);
- a page is rendered again only if what it is made from changed: a generated page's Markdown,
  a hand-written page's file or its "changed after your feedback" note, its search keywords;
  every page is put through the theme again (not re-rendered) when the navigation changed;
- a page that is skipped gets its content, title, table of contents and anchors back from the
  previous rebuild, and its search index entries are carried over in page order;
- the Local Offer's service and browse pages, the data files and the redirect pages are
  written only when their bytes changed.

State that outlives one rebuild lives in `_STATES`, keyed by the project's folder (MkDocs loads
the configuration again for every rebuild).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from ordinarily.adapter import mkdocs_search
from ordinarily.adapter.mkdocs_offpages import Rendered, Shells, page_links
from ordinarily.assembly.dependencies import FULL, Changes, Snapshot, classify, snapshot
from ordinarily.assembly.output import redirect_html
from ordinarily.assembly.project import Output, Project, data_files
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.rendering import page_url
from ordinarily.local_offer.offer_pages import browse_url, service_url

log = get_plugin_logger(__name__)
PAGE_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
Key = tuple[str, str, int]


@dataclass
class ServeState:
    """What the previous rebuild made, for the next one to compare with."""

    ok: bool = False  # the previous rebuild finished
    snapshot: Snapshot | None = None
    need_files: dict[str, str] = field(default_factory=dict)
    service_files: dict[str, str] = field(default_factory=dict)
    need_links: dict[str, tuple] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)  # src -> Markdown
    static: dict[str, bytes] = field(default_factory=dict)  # generated non-page files
    notes: dict[str, str] = field(default_factory=dict)  # hand-written src -> feedback note
    keywords: dict[str, str] = field(default_factory=dict)
    doc_pages: list[str] = field(default_factory=list)
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # src -> Page attributes
    search: dict[str, list[dict]] = field(default_factory=dict)  # src -> index entries
    nav: str = ""
    shells: dict[str, str] = field(default_factory=dict)
    off_pages: dict[Key, tuple[str, Rendered]] = field(default_factory=dict)  # html hash
    files: dict[str, bytes] = field(default_factory=dict)  # data files and redirects


_STATES: dict[Path, ServeState] = {}


def start(config: MkDocsConfig, root: Path, project: Project, output: Output,
          keywords: dict[str, str]) -> Incremental:
    """Work out what changed since the previous rebuild, and join this rebuild's events."""
    state = _STATES.setdefault(root.resolve(), ServeState())
    helper = Incremental(state, root, project, output, keywords, config)
    config.plugins["ordinarily/incremental"] = helper
    _share_compiled_templates(config)
    logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)
    return helper


class _Compiled(jinja2.BytecodeCache):
    """The theme's templates, compiled once per serve process: MkDocs makes a new Jinja
    environment for every rebuild (and some more within one), which compiles them all again.
    Jinja checks each template's source against the checksum it was compiled from."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


def _share_compiled_templates(config: MkDocsConfig) -> None:
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = _COMPILED
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build gives inaccurate navigation: not here (see above)."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


class Incremental(BasePlugin):
    """One rebuild's share of the work: joins MkDocs' events as a plugin of its own."""

    def __init__(self, state: ServeState, root: Path, project: Project, output: Output,
                 keywords: dict[str, str], config: MkDocsConfig) -> None:
        self.state, self.project, self.output, self.keywords = state, project, output, keywords
        now = snapshot(root, state.snapshot, Path(config.site_dir))
        docs_dir = Path(config.docs_dir).resolve()
        docs = docs_dir.relative_to(root.resolve()).as_posix() \
            if docs_dir.is_relative_to(root.resolve()) else "content"
        self.changes = self._changes(now, docs)
        state.ok = False
        state.snapshot = now
        guide, offer = project.guide, project.offer
        needs = guide.needs if guide else ()
        # A need's title or address is on every service page and browse list that names it.
        self.need_links = {n.id: (n.title, n.area, n.source) for n in needs}
        self.retitled = not self.changes.full and self.need_links != state.need_links
        state.need_files = {n.source: n.id for n in needs}
        state.service_files = {s.source: s.id for s in offer.services} if offer else {}
        self.populated: set[str] = set()
        self.templating = False
        self.retemplate = self.changes.full
        self.mark = 0
        self.counts: dict[str, Any] = {"rendered": 0}
        self.nav: Navigation | None = None

    def _changes(self, now: Snapshot, docs: str) -> Changes:
        state = self.state
        if not state.ok or state.snapshot is None:
            return FULL
        if set(now.files) != set(state.snapshot.files):
            return Changes(full=True, reason="a file was added or removed")
        return classify(now.changed(state.snapshot), state.need_files, state.service_files,
                        docs)

    # Events ------------------------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.changes.full:
            self._start_afresh(config)

    def _start_afresh(self, config: MkDocsConfig) -> None:
        """A full rebuild: an empty site folder, nothing carried over."""
        if self.state.doc_pages:  # not the first build
            clean_directory(config.site_dir)
        self.state.files, self.state.off_pages, self.state.shells = {}, {}, {}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        state = self.state
        generated = {page.src: page.content for page in self.output.pages}
        docs = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
        if docs != state.doc_pages and not self.changes.full:
            self.changes = Changes(full=True, reason="the list of pages changed")
            self.retemplate = True
            self._start_afresh(config)
        offer = self.output.offer
        notes = {}
        for file in files:
            src = file.src_uri
            if file.is_documentation_page():
                if src in generated:
                    changed = generated[src] != state.generated.get(src)
                else:
                    notes[src] = offer.page_note(src) if offer else ""
                    changed = (src in self.changes.pages or notes[src] != state.notes.get(src)
                               or file.is_modified())  # MkDocs' own test: saved since built
                url = page_url(src)
                changed = changed or self.keywords.get(url) != state.keywords.get(url)
                _set_modified(file, self, src, changed or self.changes.full)
            elif file.generated_by and isinstance(file.content_bytes, bytes):
                data = file.content_bytes
                changed = self.changes.full or state.static.get(src) != data
                state.static[src] = data
                file.is_modified = (lambda c=changed: c)  # type: ignore[method-assign]
        state.generated, state.notes, state.keywords = generated, notes, dict(self.keywords)
        state.doc_pages = docs
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(100)  # before anything else reads the pages
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        state = self.state
        pages = [f for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                 if f.page is not None]
        for file in pages:
            if file.src_uri in self.populated or file.src_uri not in state.pages:
                continue
            _restore(file.page, state.pages[file.src_uri], files)
        for file in pages:
            state.pages[file.src_uri] = _saved(file.page)
        nav = _nav_signature(self.nav)
        if nav != state.nav:
            self.retemplate = True
        state.nav = nav
        self.templating = True
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        index = mkdocs_search.search_index(config)
        if index is not None:
            self.state.search[page.file.src_uri] = index.entries[self.mark:]
            self.mark = len(index.entries)
        self.counts["rendered"] += 1
        return context

    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Before the search plugin writes its index: every page's entries, in page order
        (skipped pages' from the previous rebuild)."""
        index = mkdocs_search.search_index(config)
        if index is None:
            return
        index.entries = [entry for src in self.state.doc_pages
                         for entry in self.state.search.get(src, [])]
        plugin = config.plugins.get("search") or config.plugins.get("material/search")
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None  # Material's own merge assumes one page changed

    # Called by the ordinarily plugin ----------------------------------------------------

    def is_modified(self, src: str, changed: bool) -> bool:
        if not self.templating:
            if changed:
                self.populated.add(src)
            return changed
        return changed or self.retemplate

    def write_files(self, files: dict[str, bytes], site: Path, kind: str) -> int:
        """Write the files whose bytes changed since the previous rebuild, and delete those no
        longer made; return the count written."""
        for key in [k for k in self.state.files if k.startswith(f"{kind}:")]:
            if key.removeprefix(f"{kind}:") not in files:
                (site / key.removeprefix(f"{kind}:")).unlink(missing_ok=True)
                del self.state.files[key]
        written = 0
        for path, data in sorted(files.items()):
            key = f"{kind}:{path}"
            target = site / path
            if self.state.files.get(key) == data and target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.state.files[key] = data
            written += 1
        return written

    def write_data_files(self, site: Path) -> int:
        """The Local Offer's data files (`project.data_files`), made again only when a service
        changed, or a need while the Open Referral UK feed is on (the finder's data is made
        from the services, the taxonomies and the settings; the feed also from the needs)."""
        changes = self.changes
        feed = getattr(self.output, "feed", True)
        if changes.full or changes.services or (feed and changes.needs):
            return self.write_files(data_files(self.output), site, "data")
        return 0

    def write_site_files(self, site: Path, site_url: str) -> int:
        """`output.write_site_files` for a dirty site folder: a redirect page may replace the
        previous rebuild's redirect page, never a page."""
        written = self.write_files(self.output.files, site, "site")
        redirects: dict[str, bytes] = {}
        for redirect in self.output.redirects:
            path = page_url(redirect.old) + "index.html"
            target = site / path
            if target.exists() and f"redirect:{path}" not in self.state.files:
                raise ContentError([Problem(redirect.source, 0, f"the retired address "
                                            f"{page_url(redirect.old)} is in use by another "
                                            "page; remove it from 'formerly'")])
            redirects[path] = redirect_html(redirect, site_url).encode("utf-8")
        return written + self.write_files(redirects, site, "redirect")

    def off_pages(self, config: MkDocsConfig, nav: Navigation, files: Files) -> list[Rendered]:
        """Render the Local Offer's pages whose inputs changed; write those whose bytes
        changed; return every page's sitemap and link entry."""
        offer, state = self.output.offer, self.state
        keys = offer.off_page_keys()
        shells = Shells(config, nav, files)
        redo = self._off_keys(keys, state)
        if self.retemplate:  # the theme's page around them may have changed: compare
            folders = {_folder(k) for k in keys}
            new_shells = {folder: shells.shell(folder) for folder in sorted(folders)}
            redo |= {k for k in keys if new_shells[_folder(k)] != state.shells.get(
                _folder(k))}
            state.shells = new_shells
        written = 0
        out: dict[Key, tuple[str, Rendered]] = {}
        for key in keys:
            if key not in redo and key in state.off_pages:
                out[key] = state.off_pages[key]
                continue
            page = offer.off_page(key)
            html = shells.render(page).encode("utf-8", errors="xmlcharrefreplace")
            digest = hashlib.blake2b(html, digest_size=16).hexdigest()
            target = Path(config.site_dir) / page.url / "index.html"
            old = state.off_pages.get(key)
            if old is None or old[0] != digest or not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(html)
                written += 1
            lastmod = page.lastmod.isoformat() if page.lastmod else None
            out[key] = (digest, (page.url, lastmod, page_links(page)))
        for key in set(state.off_pages) - set(out):  # a page no longer made
            url = state.off_pages[key][1][0]
            (Path(config.site_dir) / url / "index.html").unlink(missing_ok=True)
        state.off_pages = out
        self.counts["off"] = (len(redo & set(keys)), written, len(keys))
        return [entry for _, entry in out.values()]

    def _off_keys(self, keys: list[Key], state: ServeState) -> set[Key]:
        changes = self.changes
        if changes.full or self.retitled or set(keys) != set(state.off_pages):
            return set(keys)
        redo = {("service", s, 1) for s in changes.services}
        if changes.services:
            redo |= {k for k in keys if k[0] != "service"}
        redo |= {k for k in keys if k[0] == "needs" and k[1] in changes.needs}
        return redo

    def finish(self) -> None:
        """The rebuild is complete: the next one may build on it."""
        state = self.state
        state.need_links = self.need_links
        state.ok = True
        pages = len(state.doc_pages)
        off = self.counts.get("off")
        off_text = f"; Local Offer pages: {off[0]} of {off[2]} rendered, {off[1]} written" \
            if off else ""
        if self.changes.full:
            log.info("Full rebuild (%s): %d pages written%s",
                     self.changes.reason or "the first build", self.counts["rendered"], off_text)
        else:
            log.info("Incremental rebuild: %d of %d pages written again, %d of them rendered "
                     "from their Markdown again%s", self.counts["rendered"], pages,
                     len(self.populated), off_text)


def _set_modified(file: File, helper: Incremental, src: str, changed: bool) -> None:
    file.is_modified = lambda: helper.is_modified(src, changed)  # type: ignore[method-assign]


def _saved(page: Page) -> dict[str, Any]:
    saved = {name: getattr(page, name, None) for name in PAGE_STATE}
    saved["links_to_anchors"] = {f.src_uri: dict(links) for f, links in
                                 (getattr(page, "links_to_anchors", None) or {}).items()}
    return saved


def _restore(page: Page, saved: dict[str, Any], files: Files) -> None:
    for name in PAGE_STATE:
        setattr(page, name, saved[name])
    links = {}
    for src, anchors in saved["links_to_anchors"].items():
        target = files.get_file_from_path(src)
        if target is not None:
            links[target] = anchors
    page.links_to_anchors = links


def _nav_signature(nav: Navigation | None) -> str:
    """The navigation as the theme shows it: every title and address, in order."""
    return _items(nav.items) if nav is not None else ""


def _items(items: Any) -> str:
    out = []
    for item in items or ():
        if isinstance(item, Section):
            out.append(f"[{item.title}:{_items(item.children)}]")
        else:
            out.append(f"({item.title}|{getattr(item, 'url', '')})")
    return ",".join(out)


def _folder(key: Key) -> str:
    kind, item_id, number = key
    url = service_url(item_id) if kind == "service" else browse_url(kind, item_id, number)
    return url.rstrip("/").rsplit("/", 1)[0]
