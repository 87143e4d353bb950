"""Web server configuration that serves the static Open Referral UK feed at its standard paths.

A plain static host serves the feed's files as they are (`api/oruk/services/index.json`); these
snippets let nginx or Apache also answer the API's own paths (`/api/oruk/services?page=2`,
`/api/oruk/services/{id}`) with JSON, CORS and a 400 for a page that is not a number. The
templates are in `templates/server/`; docs/open-referral.md explains how to include them.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from ordinarily.core.engine_files import PACKAGE, TEMPLATES
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.settings import Settings

FEED = "api/oruk/"
ENDPOINTS = ("services", "taxonomies", "taxonomy_terms", "service_at_locations")
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._~/-]*$")


@cache
def environment() -> Environment:
    """Plain-text templates (no HTML escaping: these are configuration files)."""
    return Environment(loader=PackageLoader(PACKAGE, TEMPLATES), autoescape=False,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       undefined=StrictUndefined)


def feed_path(settings: Settings) -> str:
    """The feed's URL path, e.g. `/api/oruk/`, below the site's own path (a site published at
    https://example.org/send/ has its feed at /send/api/oruk/)."""
    path = urlsplit(settings.site_url).path or "/"
    if not path.endswith("/"):
        path += "/"
    if not _SAFE_PATH.match(path):
        raise ContentError([Problem("ordinarily.yml", 0, f"site: url has the path '{path}', "
                                    "which the server configuration cannot use; use letters, "
                                    "digits, '-', '_', '.' and '/' only")])
    return path + FEED


def routes(base: str) -> list[tuple[str, str]]:
    """(standard path, file) pairs, for the configuration's own comments."""
    out = [(base, f"{base}index.json")]
    for name in ENDPOINTS:
        out += [(f"{base}{name}", f"{base}{name}/index.json"),
                (f"{base}{name}?page=N", f"{base}{name}/page/N.json (400 if N is not a number)"),
                (f"{base}{name}/{{id}}", f"{base}{name}/{{id}}.json")]
    return out


def render(template: str, settings: Settings) -> str:
    base = feed_path(settings)
    return environment().get_template(f"server/{template}").render(
        base=base, base_bare=base.rstrip("/"), base_regex=re.escape(base),
        endpoint_regex="|".join(ENDPOINTS), routes=routes(base))


def nginx_conf(settings: Settings) -> str:
    """An include snippet for an nginx `server` block whose root is the built site."""
    return render("nginx.conf.j2", settings)


def htaccess(settings: Settings) -> str:
    """An Apache `.htaccess` for the feed's folder (`api/oruk/.htaccess`)."""
    return render("apache.htaccess.j2", settings)


def server_files(settings: Settings) -> dict[str, bytes]:
    """The two configuration files, named as they sit in the feed's folder."""
    return {"nginx.conf": nginx_conf(settings).encode("utf-8"),
            ".htaccess": htaccess(settings).encode("utf-8")}
