"""`/admin/`: the web forms (Decap CMS) over the project's own files.

The build writes `admin/index.html` (from `templates/admin/index.html.j2`, with its own
Content-Security-Policy, `sitewide.csp.admin_policy`), and, once editing is set up, the CMS's
configuration `admin/config.yml` (the collections of `cms_config` plus the backend) and the
vendored CMS in `admin/decap-cms/`; the page also loads the engine's one widget for the CMS
(`assets/ordinarily/cms-choice.js` and `.css`, from the theme: radio buttons for a value of
several shapes, see `schema_fields.py`). Editing is set up by the `editing:` block of
ordinarily.yml (the GitHub repository and the council's own sign-in helper), or, under
`make edit`, by `ORDINARILY_CMS_LOCAL`, which points the forms at decap-server on this
computer. Without either, the page says plainly that editing is not set up and how to set it
up: the engine never guesses a repository. The page is written after the generator's own
pages, so it is in no navigation, sitemap or search index, and it asks search engines not to
index it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ordinarily.assembly.project import Project
from ordinarily.cms import vendored
from ordinarily.cms.cms_config import _below_repository, cms_config
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.rendering import html_environment
from ordinarily.sitewide.csp import admin_policy

LOCAL_ENV = "ORDINARILY_CMS_LOCAL"
LOCAL_PORT = 8081  # decap-server's own default
ADMIN = "admin"
CMS_FOLDER = f"{ADMIN}/decap-cms"
TEMPLATE = "admin/index.html.j2"
_PORT = re.compile(r"^[0-9]{2,5}$")


@dataclass(frozen=True)
class Editing:
    """`editing:` in ordinarily.yml (its schema requires repository and base_url)."""

    repository: str
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = "auth"


def editing(project: Project) -> Editing | None:
    data = project.settings.raw.get("editing")
    return Editing(**data) if data else None


def local_backend(environ: Mapping[str, str]) -> str:
    """The local backend's address under `make edit` (`ORDINARILY_CMS_LOCAL` is 1 or a port),
    or '' when the forms save through GitHub."""
    value = environ.get(LOCAL_ENV, "").strip()
    if value.lower() in ("", "0", "false", "no"):
        return ""
    if value.lower() in ("1", "true", "yes"):
        return f"http://localhost:{LOCAL_PORT}"
    if _PORT.match(value) and 0 < int(value) < 65536:
        return f"http://localhost:{int(value)}"
    raise ContentError([Problem(LOCAL_ENV, 0, f"expected 1 (decap-server on port {LOCAL_PORT}) "
                                              f"or decap-server's port number, not {value!r}")])


def admin_config(project: Project, *, local: str) -> dict[str, Any] | None:
    """The CMS's whole configuration, or None when editing is not set up."""
    settings = editing(project)
    if not local and settings is None:
        return None
    config = cms_config(project, local=bool(local))
    if local:
        api = f"{local}/api/v1"
        backend: dict[str, Any] = {"name": "proxy", "proxy_url": api,
                                   "branch": settings.branch if settings else "main"}
        extra: dict[str, Any] = {"local_backend": {"url": api}}
    else:
        backend = {"name": "github", "repo": settings.repository, "branch": settings.branch,
                   "base_url": settings.base_url, "auth_endpoint": settings.auth_endpoint}
        extra = {}
    site_url = project.settings.site_url
    base = "" if local else _below_repository(project.root)
    return {"backend": backend, **extra, "publish_mode": "editorial_workflow",
            "site_url": site_url, "display_url": site_url, "locale": "en",
            # No form uploads files; Decap requires a media folder all the same.
            "media_folder": f"{base}content/images", "public_folder": "/images",
            **config}


def admin_files(project: Project, environ: Mapping[str, str]) -> dict[str, bytes]:
    """The files of `/admin/`, by their path below the site."""
    local = local_backend(environ)
    config = admin_config(project, local=local)
    html = html_environment().get_template(TEMPLATE).render(
        policy=admin_policy(local_backend=local), set_up=config is not None,
        site_name=project.settings.site_name, language=project.settings.language,
        maintainers=project.settings.on("maintainers"), local=bool(local))
    files = {f"{ADMIN}/index.html": html.encode("utf-8")}
    if config is None:
        return files
    files[f"{ADMIN}/config.yml"] = yaml.safe_dump(
        config, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")
    for name, data in vendored.files().items():
        files[f"{CMS_FOLDER}/{name}"] = data
    return files
