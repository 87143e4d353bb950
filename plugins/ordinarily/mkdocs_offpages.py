"""The MkDocs adapter for the Local Offer's off-pipeline pages (services and browse lists).

They are rendered after MkDocs' own build with the theme's template and context, in two
processes when there are many, and get the checks MkDocs gives its own pages: every internal
link resolves, every page is in the sitemap, none is in the theme's search index (they never
pass through the search plugin), and the output depends only on the content.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .offer_pages import OfferSite, OffPage

TEMPLATE = "ordinarily/offpage.html"
PARALLEL_FROM = 400  # below this, a second process costs more than it saves
_HREF = re.compile(r'href="([^"]*)"')
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

Key = tuple[str, str, int]
Rendered = tuple[str, str | None, dict[str, str]]  # url, lastmod, link target -> linking page

_job: tuple[OfferSite, MkDocsConfig, Navigation, Files] | None = None  # inherited by fork


def render_off_pages(offer: OfferSite, config: MkDocsConfig, nav: Navigation,
                     files: Files) -> list[Rendered]:
    """Render and write every off-pipeline page; return what the checks need."""
    global _job
    keys = offer.off_page_keys()
    _job = (offer, config, nav, files)
    try:
        if len(keys) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
            return _render_slice(keys)
        slices = [keys[i::2] for i in range(2)]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            parts = pool.map(_render_slice, slices)
        return [item for part in parts for item in part]
    finally:
        _job = None


def _render_slice(keys: Sequence[Key]) -> list[Rendered]:
    offer, config, nav, files = _job
    template = config.theme.get_env().get_template(TEMPLATE)
    out = []
    for key in keys:
        page = offer.off_page(key)
        html = template.render(get_context(nav, files, config, _mkdocs_page(page, config)))
        target = Path(config.site_dir) / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
        lastmod = page.lastmod.isoformat() if page.lastmod else None
        out.append((page.url, lastmod, _links(page)))
    return out


def _mkdocs_page(page: OffPage, config: MkDocsConfig) -> Page:
    file = File(page.url.rstrip("/") + ".md", src_dir=None, dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls)
    mk = Page(page.title, file, config)
    mk.meta = {"description": page.description, "hide": ["navigation", "toc"]}
    mk.content = page.body
    mk.toc = get_toc([])
    return mk


def _links(page: OffPage) -> dict[str, str]:
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
