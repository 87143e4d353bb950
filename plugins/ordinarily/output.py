"""Write the core's output to a folder: Markdown pages, data files and redirect pages.

`ordinarily generate --out DIR` uses this so a site can be built by another generator; the
MkDocs plugin hands the same pages to MkDocs and writes the same data files into `site/`.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import yaml

from . import forked
from .pages import Redirect, html_environment, page_url
from .problems import ContentError, Problem
from .project import Output, data_files

GENERATED_DIR = "docs"  # pages go in DIR/docs; data files in DIR/site-files


def redirect_html(redirect: Redirect, site_url: str = "") -> str:
    """A small HTML page that sends an old address to the new one (relative, so it works
    from any deploy prefix)."""
    old_url = page_url(redirect.old)
    path, _, anchor = redirect.new.partition("#")
    target = posixpath.relpath(page_url(path) or ".", old_url or ".") + "/"
    if anchor:
        target += "#" + anchor
    canonical = site_url + page_url(path) if site_url else ""
    return html_environment().get_template("partials/redirect.html.j2").render(
        target=target, canonical=canonical)


def write_site_files(output: Output, site: Path, site_url: str = "") -> int:
    """Write the data files and redirect pages into a built site; return the count. A retired
    address that another page now uses is an error, never silently overwritten."""
    write_files(output.files, site)
    for redirect in output.redirects:
        target = site / page_url(redirect.old) / "index.html"
        if target.exists():
            raise ContentError([Problem(redirect.source, 0, f"the retired address "
                                        f"{page_url(redirect.old)} is in use by another page; "
                                        "remove it from 'formerly'")])
        _write(target, redirect_html(redirect, site_url).encode("utf-8"))
    return len(output.files) + len(output.redirects)


def write_output(output: Output, out: Path) -> int:
    """Write pages under `out/docs/` and data files under `out/site-files/`; return the count.

    The Local Offer's service and browse pages are written as Markdown pages holding their HTML,
    marked to stay out of the generator's search index."""
    for page in output.pages:
        _write(out / GENERATED_DIR / page.src, page.content.encode("utf-8"))
    count = len(output.pages)
    if output.offer is not None:
        template = html_environment().get_template("offer/off_page.md.j2")
        for off in output.offer.off_pages():
            text = template.render(page=off, front_matter=yaml.safe_dump(
                {"title": off.title, "description": off.description, "search": {"exclude": True}},
                sort_keys=False, allow_unicode=True, width=1000).strip())
            _write(out / GENERATED_DIR / (off.url.rstrip("/") + ".md"), text.encode("utf-8"))
            count += 1
    count += write_files(data_files(output), out / "site-files")
    return count + write_site_files(output, out / "site-files")


def write_files(files: dict[str, bytes], folder: Path) -> int:
    """Write files keyed by their path below `folder`; return the count."""
    for path, data in sorted(files.items()):
        _write(folder / path, data)
    return len(files)


def write_data_files(site: Path) -> int:
    """In a forked worker whose inherited state is the Output: make the Local Offer's data
    files and write them into the site."""
    return write_files(data_files(forked.inherited()), site)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
