"""Apply the engine's settings to MkDocs' configuration (part of the MkDocs adapter)."""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

from ordinarily.assembly.project import Output, Project
from ordinarily.core.rendering import theme_attribute
from ordinarily.core.settings import Settings
from ordinarily.sitewide.csp import SCRIPT_PARTIALS, inline_scripts
from ordinarily.sitewide.engine_settings import (
    EXTRA_CSS,
    EXTRA_JS,
    MARKDOWN_EXTENSIONS,
    THEME_FEATURES,
    assets,
    expand_nav,
    merged,
    theme_extra,
)

EPOCH_SET_BY_US = "ORDINARILY_SET_SOURCE_DATE_EPOCH"

def apply(config: MkDocsConfig, project: Project, output: Output, engine_theme: Path,
          root: Path) -> None:
    settings = project.settings
    # The theme prints these as HTML, in text and in attributes, some with `| e`: escaped once
    # here, and marked safe so `| e` leaves them as they are.
    config.site_name = Markup(theme_attribute(settings.site_name))
    config.site_url = settings.site_url
    if settings.site_description:
        config.site_description = Markup(theme_attribute(settings.site_description))
    config.repo_url = None  # the theme would call GitHub's API from every page
    _theme(config, settings, engine_theme, root)
    _markdown(config)
    _validation(config)
    config.extra_css = merged(assets(EXTRA_CSS, settings), config.extra_css)
    config.extra_javascript = merged(assets(EXTRA_JS, settings), list(config.extra_javascript))
    config.extra["ordinarily"] = theme_extra(settings)
    config.nav = expand_nav(config.nav, output.nav)


def fix_scope(config: MkDocsConfig) -> None:
    """One value for Material's storage scope on every page (by default each page writes its own
    relative path into an inline script), so that script is the same everywhere and the
    Content-Security-Policy can allow it by one hash."""
    config.extra.setdefault("scope", urlsplit(config.site_url or "").path or "/")


def theme_scripts(env: Any, config: MkDocsConfig) -> list[str]:
    """The inline scripts of the theme's script partials (Material's, the engine's and any the
    council's overrides add), rendered once with this site's settings."""
    context = {"config": config, "features": config.theme.get("features") or [],
               "base_url": config.extra["scope"]}
    names = env.list_templates(filter_func=lambda name: name.startswith(SCRIPT_PARTIALS))
    return [script for name in names
            for script in inline_scripts(env.get_template(name).render(context))]


def _theme(config: MkDocsConfig, settings: Settings, engine_theme: Path, root: Path) -> None:
    theme = config.theme
    theme["font"] = False  # no Google Fonts: the system font stack, no third-party request
    theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
    theme["features"] = merged(THEME_FEATURES, list(theme.get("features") or []))
    theme["language"] = "en"
    if settings.logo:
        theme["logo"] = settings.logo
    if settings.favicon:
        theme["favicon"] = settings.favicon
    layers = [str(engine_theme)]
    overrides = root / "overrides"
    if overrides.is_dir():
        layers.insert(0, str(overrides))
    theme.dirs[:] = layers + [d for d in theme.dirs if d not in layers]


def _markdown(config: MkDocsConfig) -> None:
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        config.mdx_configs.setdefault(name, dict(options))


def _validation(config: MkDocsConfig) -> None:
    links = config.validation.links
    links.not_found = logging.WARNING
    links.anchors = logging.WARNING
    links.unrecognized_links = logging.WARNING
    links.absolute_links = logging.WARNING
    config.validation.nav.omitted_files = logging.INFO


def set_source_date_epoch(root: Path, project: Project) -> None:
    """Dates in the build come from the commit, never from the clock."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(_commit_time(root) or _newest_review(project))
    os.environ[EPOCH_SET_BY_US] = "1"


def _commit_time(root: Path) -> int | None:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root,
                                capture_output=True, text=True, check=True, timeout=20)
        return int(result.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def _newest_review(project: Project) -> int:
    guide = project.guide
    dates = [n.review.reviewed for n in guide.needs if n.review] if guide else []
    newest = max(dates, default=date(2026, 1, 1))
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc).timestamp())
