"""The MkDocs adapter for the Local Offer's off-pipeline pages (services and browse lists).

They are rendered with the theme's template and context, in two processes alongside MkDocs'
own page building when there are many, and get the checks MkDocs gives its own pages: every internal
link resolves, every page is in the sitemap, none is in the theme's search index (they never
pass through the search plugin), and the output depends only on the content.
"""

from __future__ import annotations

import gzip
import os
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ordinarily.core import forked
from ordinarily.core.forked import Forked, halves
from ordinarily.local_offer.offer_pages import OfferSite, OffPage

TEMPLATE = "ordinarily/offpage.html"
PARALLEL_FROM = 400  # below this, a second process costs more than it saves
_HREF = re.compile(r'href="([^"]*)"')
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

Key = tuple[str, str, int]
Rendered = tuple[str, str | None, dict[str, str]]  # url, lastmod, link target -> linking page



class OffPageJob:
    """Renders and writes every off-pipeline page. With many pages it starts two forked
    workers as soon as the theme is ready (`on_env`), so they run while MkDocs builds its own
    pages; `result()` waits for them in `on_post_build`."""

    def __init__(self, offer: OfferSite, config: MkDocsConfig, nav: Navigation, files: Files,
                 background: bool) -> None:
        self.keys = offer.off_page_keys()
        self.job = (offer, config, nav, files)
        self.workers = None
        if background and len(self.keys) >= PARALLEL_FROM and forked.available():
            self.workers = Forked(_render_slice, halves(self.keys), self.job)

    def result(self) -> list[Rendered]:
        if self.workers is None:
            return _render_slice(self.keys, self.job)
        return [item for part in self.workers.get() for item in part]


class Shells:
    """The theme's page around an off-pipeline page, rendered once per folder.

    Thousands of service pages differ only in their title, description, address and content,
    so the theme renders one page per folder with placeholders, and each page fills them in
    (escaped). A test checks that this gives exactly what rendering each page would."""

    def __init__(self, config: MkDocsConfig, nav: Navigation, files: Files) -> None:
        self.config, self.nav, self.files = config, nav, files
        self.template = config.theme.get_env().get_template(TEMPLATE)
        self.shells: dict[str, str] = {}

    def full(self, page: OffPage) -> str:
        """The page rendered by the theme on its own."""
        mk = _mkdocs_page(page, self.config)
        return self.template.render(get_context(self.nav, self.files, self.config, mk))

    def shell(self, folder: str) -> str:
        """The theme's page for the pages in `folder`, with placeholders."""
        if folder not in self.shells:
            self.shells[folder] = self.full(OffPage(url=f"{folder}/{_SLUG}/", title=_TITLE,
                                                    description=_DESCRIPTION, body=_BODY))
        return self.shells[folder]

    def render(self, page: OffPage) -> str:
        folder, slug = page.url.rstrip("/").rsplit("/", 1)
        shell = self.shell(folder)
        return (shell.replace(_BODY, page.body).replace(_TITLE, str(escape(page.title)))
                .replace(_DESCRIPTION, str(escape(page.description))).replace(_SLUG, slug))


_TITLE, _DESCRIPTION, _BODY, _SLUG = ("ORDINARILYTITLE0", "ORDINARILYDESCRIPTION0",
                                      "<h1>ORDINARILYBODY0</h1>", "ordinarilyslug0")


def _render_slice(keys: Sequence[Key], job: tuple | None = None) -> list[Rendered]:
    offer, config, nav, files = job or forked.inherited()
    shells = Shells(config, nav, files)
    out = []
    for key in keys:
        page = offer.off_page(key)
        html = shells.render(page)
        target = Path(config.site_dir) / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
        lastmod = page.lastmod.isoformat() if page.lastmod else None
        out.append((page.url, lastmod, page_links(page)))
    return out


def _mkdocs_page(page: OffPage, config: MkDocsConfig) -> Page:
    file = File(page.url.rstrip("/") + ".md", src_dir=None, dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls)
    title = str(escape(page.title))  # the theme prints these as they are
    mk = Page(title, file, config)
    mk.meta = {"title": title, "description": str(escape(page.description)),
               "hide": ["navigation", "toc"]}
    mk.content = page.body
    mk.toc = get_toc([])
    return mk


def page_links(page: OffPage) -> dict[str, str]:
    """Internal link targets in the page's body, as site paths."""
    found = {}
    for href in _HREF.findall(page.body):
        if not href or href.startswith("#") or _EXTERNAL.match(href):
            continue
        path = href.split("#", 1)[0].split("?", 1)[0]
        target = posixpath.normpath(posixpath.join(page.url, path))
        found.setdefault("" if target == "." else target, page.url)
    return found


def broken_links(rendered: list[Rendered], site: Path) -> list[str]:
    """'page: link' for every internal link that leads to no file in the built site."""
    targets: dict[str, str] = {}
    for _, _, links in rendered:
        for target, url in links.items():
            targets.setdefault(target, url)
    broken = []
    for target, url in sorted(targets.items()):
        path = site / target
        if not (path / "index.html").is_file() and not path.is_file():
            broken.append(f"/{url} links to /{target}, which does not exist")
    return broken


def add_to_sitemap(rendered: list[Rendered], config: MkDocsConfig) -> None:
    """Add the pages to sitemap.xml and write sitemap.xml.gz again, as MkDocs does."""
    site = Path(config.site_dir)
    sitemap = site / "sitemap.xml"
    if not sitemap.exists() or not config.site_url:
        return
    base = config.site_url.rstrip("/") + "/"
    entries = "".join(
        f"\n    <url>\n         <loc>{base}{url}</loc>\n"
        + (f"         <lastmod>{lastmod}</lastmod>\n" if lastmod else "") + "    </url>"
        for url, lastmod, _ in sorted(rendered))
    text = sitemap.read_text(encoding="utf-8").replace("</urlset>", entries.lstrip("\n")
                                                       + "\n</urlset>", 1)
    sitemap.write_text(text, encoding="utf-8")
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    with open(f"{sitemap}.gz", "wb") as raw, gzip.GzipFile(
            fileobj=raw, filename=f"{sitemap}.gz", mode="wb", mtime=epoch) as gz:
        gz.write(text.encode("utf-8"))
