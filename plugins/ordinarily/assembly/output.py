"""Write the core's output to a folder: Markdown pages, data files and redirect pages.

`ordinarily generate --out DIR` uses this so a site can be built by another generator; the
MkDocs plugin hands the same pages to MkDocs and writes the same data files into `site/`.

The folder is also a complete MkDocs project that builds without the ordinarily plugin
(`DIR/mkdocs.yml`, the engine's theme with the council's overrides in `DIR/theme/`, and the
hand-written pages next to the generated ones in `DIR/docs/`), so a council can leave the engine,
or the plugin API, without rewriting content. Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path
from typing import Any

import yaml

from ordinarily.assembly.hand_written import page_markdown
from ordinarily.assembly.project import Output, data_files
from ordinarily.core import forked
from ordinarily.core.engine_files import ENGINE_THEME
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.rendering import Redirect, html_environment, page_url
from ordinarily.sitewide.branding import branding_css
from ordinarily.sitewide.engine_settings import (
    BRANDING_CSS,
    EXTRA_CSS,
    EXTRA_JS,
    MARKDOWN_EXTENSIONS,
    THEME_FEATURES,
    assets,
    expand_nav,
    merged,
    theme_extra,
)
from ordinarily.sitewide.page_files import PAGES_DIR, PageFile, read_pages
from ordinarily.sitewide.sections import off_sections, prune_nav, section_of

GENERATED_DIR = "docs"  # pages go in DIR/docs; data files in DIR/site-files
SITE_FILES_DIR = "site-files"
THEME_DIR = "theme"  # the engine's theme with the council's overrides on top
PLUGIN = "ordinarily"
# Settings of the council's mkdocs.yml that are not carried into the generated one: paths
# relative to the project folder, and the repository link (the theme would call GitHub's API).
NOT_CARRIED = frozenset({"docs_dir", "site_dir", "hooks", "watch", "INHERIT", "repo_url",
                         "repo_name", "edit_uri", "edit_uri_template"})


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
    """Write pages (and the images they show) under `out/docs/` and data files under
    `out/site-files/`; return the count.

    The Local Offer's service and browse pages are written as Markdown pages holding their HTML,
    marked to stay out of the generator's search index. With the project at hand, the folder
    also gets the hand-written pages, the theme and `mkdocs.yml` (see `write_standalone`)."""
    for page in output.pages:
        _write(out / GENERATED_DIR / page.src, page.content.encode("utf-8"))
    count = len(output.pages) + write_files(output.media, out / GENERATED_DIR)
    if output.offer is not None:
        template = html_environment().get_template("offer/off_page.md.j2")
        for off in output.offer.off_pages():
            text = template.render(page=off, front_matter=yaml.safe_dump(
                {"title": off.title, "description": off.description, "search": {"exclude": True}},
                sort_keys=False, allow_unicode=True, width=1000).strip())
            _write(out / GENERATED_DIR / (off.url.rstrip("/") + ".md"), text.encode("utf-8"))
            count += 1
    count += write_files(data_files(output), out / SITE_FILES_DIR)
    count += write_site_files(output, out / SITE_FILES_DIR)
    if output.project is not None:
        count += write_standalone(output, out)
    return count


def write_standalone(output: Output, out: Path) -> int:
    """The rest of a plain MkDocs project in `out`: the hand-written pages with the block the
    plugin adds to them, the theme, and `mkdocs.yml`; return the count of files written."""
    count = write_hand_written_pages(output, out / GENERATED_DIR)
    count += write_theme(output, out / THEME_DIR)
    _write(out / "mkdocs.yml", mkdocs_yml(output).encode("utf-8"))
    return count + 1


def write_hand_written_pages(output: Output, docs: Path) -> int:
    """Copy `content/` into `docs`. Each Markdown page gets what the plugin adds as it builds:
    its title as its heading, the "changed after your feedback" note and the page footer."""
    project = output.project
    folder = project.root / PAGES_DIR
    if not folder.is_dir():
        return 0
    generated = {page.src for page in output.pages}
    pages = {page.path.removeprefix(PAGES_DIR + "/"): page for page in read_pages(project.root)}
    off = off_sections(project.settings)
    problems, count = [], 0
    for path in _files(folder):
        src = path.relative_to(folder).as_posix()
        if src in pages and section_of(src, off):
            continue  # a page of a section the council switched off
        if src in generated:
            problems.append(Problem(f"{PAGES_DIR}/{src}", 0, "a hand-written page at an "
                                    f"address the guide generates (/{page_url(src)}); rename "
                                    "or remove it"))
            continue
        page = pages.get(src)
        if page is None:  # an image or another file the pages use
            target = docs / src
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        else:
            _write(docs / src, _as_built(output, src, page, off).encode("utf-8"))
        count += 1
    if problems:
        raise ContentError(problems)
    return count


def _as_built(output: Output, src: str, page: PageFile, off: list[str]) -> str:
    heading = next((line[2:].strip() for line in page.body.split("\n")
                    if line.startswith("# ")), "")
    text, _ = page_markdown(output, src, page.body, page.meta.data, off, f"{PAGES_DIR}/{src}",
                            heading)
    front = "\n".join(page.source[:page.body_line - 1])
    return front + "\n" + text if front else text


def write_theme(output: Output, theme: Path) -> int:
    """The engine's theme, the council's `overrides/` on top of it (as the plugin layers
    them), and the council's colours as CSS."""
    layers = [ENGINE_THEME, output.project.root / "overrides"]
    count = 0
    for layer in (d for d in layers if d.is_dir()):
        for path in _files(layer):
            target = theme / path.relative_to(layer)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            count += 1
    _write(theme / BRANDING_CSS, branding_css(output.project.settings).encode("utf-8"))
    return count + 1


def mkdocs_yml(output: Output) -> str:
    """MkDocs' configuration for the folder: the council's own `mkdocs.yml` with the ordinarily
    plugin taken out and what the plugin would apply written in: names and address from
    `ordinarily.yml`, the theme, Markdown extensions, link checks, and the generated sections of
    the nav in place of the `ordinarily:<section>` markers."""
    settings = output.project.settings
    council = council_config(output.project.root)
    config: dict[str, Any] = {"site_name": settings.site_name, "site_url": settings.site_url}
    if settings.site_description:
        config["site_description"] = settings.site_description
    config["docs_dir"] = GENERATED_DIR
    theme = council.get("theme") if isinstance(council.get("theme"), dict) else {}
    config["theme"] = {
        **{k: v for k, v in theme.items() if k not in ("custom_dir", "features", "palette")},
        "name": "material",
        "custom_dir": THEME_DIR,  # the engine's theme with the council's overrides/ copied over
        "language": "en",
        "font": False,  # no Google Fonts: the system font stack, no third-party request
        "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        "features": merged(THEME_FEATURES, list(theme.get("features") or [])),
    }
    if settings.logo:
        config["theme"]["logo"] = settings.logo
    if settings.favicon:
        config["theme"]["favicon"] = settings.favicon
    plugins = council.get("plugins", ["search"]) or []
    config["plugins"] = [p for p in plugins if _name(p) != PLUGIN]
    config["markdown_extensions"] = _extensions(council.get("markdown_extensions") or [])
    config["extra_css"] = merged(assets(EXTRA_CSS, settings), list(council.get("extra_css") or []))
    config["extra_javascript"] = merged(assets(EXTRA_JS, settings),
                                        list(council.get("extra_javascript") or []))
    extra = council.get("extra") if isinstance(council.get("extra"), dict) else {}
    config["extra"] = {**extra, "ordinarily": theme_extra(settings)}
    config["validation"] = {
        "nav": {"omitted_files": "info"},
        "links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn",
                  "absolute_links": "warn"},
    }
    nav = council.get("nav")
    if not isinstance(nav, list):  # every hand-written page, the home page first
        pages = sorted(p.path.removeprefix(PAGES_DIR + "/")
                       for p in read_pages(output.project.root))
        nav = sorted(pages, key=lambda src: src != "index.md")
    config["nav"] = prune_nav(expand_nav(nav, output.nav), off_sections(settings))
    # Anything else the council set (copyright, not_in_nav, ...), except paths relative to its
    # own folder and the repository link the plugin removes.
    config.update({k: v for k, v in council.items() if k not in config and k not in NOT_CARRIED})
    header = ("# Written by `ordinarily generate`. Build this folder with MkDocs or ProperDocs\n"
              "# and mkdocs-material (no ordinarily plugin needed), then copy site-files/ into\n"
              "# the built site:  mkdocs build --strict && cp -R site-files/. site/\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


class _MkDocsYaml(yaml.SafeLoader):
    """Reads mkdocs.yml as plain data: `!ENV` as MkDocs reads it (the first variable that is
    set, else the default at the end of the list); other tags (`!relative`, `!!python/name:`)
    as nothing."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    items = loader.construct_sequence(node)
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    return next((os.environ[n] for n in names if isinstance(n, str) and n in os.environ),
                default)


_MkDocsYaml.add_constructor("!ENV", _env_tag)
_MkDocsYaml.add_multi_constructor("", lambda loader, suffix, node: None)


def council_config(root: Path) -> dict[str, Any]:
    """The project's `mkdocs.yml` as plain data ({} when there is none)."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsYaml)
    return data if isinstance(data, dict) else {}


def _files(folder: Path) -> list[Path]:
    """The files below a folder, sorted, leaving out hidden ones (as MkDocs does)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _extensions(council: list) -> list:
    """The council's Markdown extensions, then the engine's that it does not list."""
    names = {_name(item) for item in council}
    return list(council) + [name if not options else {name: options}
                            for name, options in MARKDOWN_EXTENSIONS.items() if name not in names]


def _name(item: Any) -> str:
    return next(iter(item)) if isinstance(item, dict) and item else str(item)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_files(files: dict[str, bytes], folder: Path) -> int:
    """Write files keyed by their path below `folder`; return the count. Each folder is made
    once, and each file written with one system call where it can be: the Local Offer writes
    tens of thousands of files (the finder's data, the Open Referral UK feed)."""
    base = os.fspath(folder)
    for parent in sorted({posixpath.dirname(path) for path in files}):
        os.makedirs(os.path.join(base, parent), exist_ok=True)
    for path, data in sorted(files.items()):
        fd = os.open(os.path.join(base, path), _NEW_FILE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    return len(files)


def write_data_files(site: Path) -> int:
    """In a forked worker whose inherited state is the Output: make the Local Offer's data
    files and write them into the site."""
    return write_files(data_files(forked.inherited()), site)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
