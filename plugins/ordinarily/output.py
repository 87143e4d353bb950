"""Write the core's output to a folder: Markdown pages, data files and redirect pages.

`ordinarily generate --out DIR` uses this so a site can be built by another generator; the
MkDocs plugin hands the same pages to MkDocs and writes the same data files into `site/`.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .pages import Redirect, html_environment, page_url
from .project import Output

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


def write_output(output: Output, out: Path) -> int:
    """Write pages under `out/docs/` and data files under `out/site-files/`; return the count."""
    count = 0
    for page in output.pages:
        _write(out / GENERATED_DIR / page.src, page.content.encode("utf-8"))
        count += 1
    for path, data in sorted(output.files.items()):
        _write(out / "site-files" / path, data)
        count += 1
    for redirect in output.redirects:
        html = redirect_html(redirect)
        _write(out / "site-files" / page_url(redirect.old) / "index.html", html.encode("utf-8"))
        count += 1
    return count


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
