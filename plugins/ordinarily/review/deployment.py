"""Where a build will be published: the live site, an archived edition or a preview.

The publish command and the pull request workflow say which through the environment
(`ORDINARILY_EDITION`, `ORDINARILY_PREVIEW`), so that `mkdocs build` needs no extra options.
An archived edition carries the guide only: links into the Local Offer go to the live site.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ordinarily.assembly.project import Project
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.rendering import page_url

EDITION_VARIABLE = "ORDINARILY_EDITION"
PREVIEW_VARIABLE = "ORDINARILY_PREVIEW"
EDITIONS_DIR = "editions"
PREVIEWS_DIR = "previews"
LOCAL_OFFER = "local-offer/"
_LINK = re.compile(r"(\]\()([^)\s]+)(\))")


@dataclass(frozen=True)
class Deployment:
    edition: str = ""  # the edition tag, when building an archived edition
    preview: str = ""  # the pull request number, when building a preview

    @property
    def folder(self) -> str:
        """The folder of the Pages branch this build goes in ('' for the root)."""
        if self.edition:
            return edition_url("", self.edition)
        if self.preview:
            return f"{PREVIEWS_DIR}/pr-{self.preview}/"
        return ""


def edition_url(live_url: str, tag: str) -> str:
    """Where an archived edition is published."""
    return f"{live_url}{EDITIONS_DIR}/{tag}/"


def from_environment(env: Mapping[str, str], tag_pattern: str) -> Deployment:
    edition = env.get(EDITION_VARIABLE, "").strip()
    preview = env.get(PREVIEW_VARIABLE, "").strip()
    problems = []
    if edition and preview:
        problems.append(f"set {EDITION_VARIABLE} or {PREVIEW_VARIABLE}, not both")
    if edition and not fnmatch.fnmatchcase(edition, tag_pattern):
        problems.append(f"{EDITION_VARIABLE}='{edition}' is not an edition tag: editions match "
                        f"'{tag_pattern}' (editions: tags in ordinarily.yml)")
    if preview and not preview.isdigit():
        problems.append(f"{PREVIEW_VARIABLE}='{preview}' should be a pull request number")
    if problems:
        raise ContentError([Problem("(environment)", 0, p) for p in problems])
    return Deployment(edition, preview)


def for_deployment(project: Project, deployment: Deployment) -> Project:
    """The project as this deployment publishes it: an edition has no Local Offer."""
    if not deployment.edition:
        return project
    settings = replace(project.settings,
                       sections={**project.settings.sections, "local_offer": False})
    return replace(project, settings=settings, offer=None)


def live_links(markdown: str, src: str, live_url: str) -> str:
    """Links from a hand-written page into the Local Offer, pointed at the live site (an
    archived edition does not carry the Local Offer)."""
    here = posixpath.dirname(src)

    def swap(match: re.Match) -> str:
        target = match.group(2)
        if "://" in target or target.startswith(("#", "/", "mailto:", "tel:")):
            return match.group(0)
        path, sep, rest = _split(target)
        full = posixpath.normpath(posixpath.join(here, path))
        if not full.startswith(LOCAL_OFFER) and full != LOCAL_OFFER.rstrip("/"):
            return match.group(0)
        address = page_url(full) if full.endswith(".md") else full.rstrip("/") + "/"
        return f"{match.group(1)}{live_url}{address}{sep}{rest}{match.group(3)}"
    return _LINK.sub(swap, markdown)


def _split(target: str) -> tuple[str, str, str]:
    for sep in ("?", "#"):
        if sep in target:
            path, _, rest = target.partition(sep)
            return path, sep, rest
    return target, "", ""


def live_nav(nav: list, live_url: str) -> list:
    """The nav without the Local Offer's pages: a section of them becomes one link to the
    live Local Offer."""
    out: list = []
    for item in nav:
        if isinstance(item, str):
            if not item.startswith(LOCAL_OFFER):
                out.append(item)
            continue
        for title, value in item.items():
            if isinstance(value, list):
                kept = live_nav(value, live_url)
                if kept:
                    out.append({title: kept})
                elif value:
                    out.append({f"{title} (current)": live_url + LOCAL_OFFER})
            elif not str(value).startswith(LOCAL_OFFER):
                out.append({title: value})
    return out
