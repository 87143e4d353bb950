"""Which content files changed between two builds in one process, and what they affect.

`make serve` rebuilds the site every time a file is saved. The MkDocs adapter
(`adapter/mkdocs_incremental.py`) asks this module what changed since the previous rebuild:

- a need's file (`needs/<area>/<need>.yml`): the generated pages are compared one by one, so
  only those whose text changed are rendered again (the need's page, its family view, its area's
  page, the checker's page...); of the Local Offer's pages, the browse list of services for that
  need, or every one of them when a need's title or address changed;
- a service's file (`local-offer/services/...`): its page and the browse lists;
- a hand-written page (`content/*.md`): that page;
- anything else (settings, either taxonomy, the glossary, organisations, "You said, we did",
  `mkdocs.yml`, `overrides/`, the engine's theme and templates, a file added or removed): a
  full rebuild, since its effects are not traced file by file.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ordinarily.core.engine_files import ENGINE_THEME

Stamp = tuple[int, int]  # modification time in nanoseconds, size
IGNORED_DIRS = frozenset({"site", "__pycache__", "node_modules"})
ENGINE_TEMPLATES = frozenset({".html", ".xml", ".j2"})


@dataclass
class Snapshot:
    """Every file a build may read: path (relative to the project, or `engine:` + path below
    the engine's folder) -> (stamp, content hash)."""

    files: dict[str, tuple[Stamp, str]] = field(default_factory=dict)

    def changed(self, before: Snapshot) -> set[str]:
        """Paths added, removed or whose content differs."""
        paths = set(self.files) | set(before.files)
        return {p for p in paths
                if (self.files.get(p) or (None, None))[1]
                != (before.files.get(p) or (None, None))[1]}


def snapshot(root: Path, before: Snapshot | None = None,
             skip: Path | None = None) -> Snapshot:
    """Stamp every file of the project and the engine's theme and templates, except those in
    `skip` (the built site). A file whose stamp is unchanged keeps its hash from `before` (it
    is read only when touched)."""
    found: dict[str, tuple[Stamp, str]] = {}
    skip = skip.resolve() if skip else None
    previous = before.files if before else {}
    engine = ENGINE_THEME.parent
    for label, folder in (("", root), ("engine:", engine / "theme"),
                          ("engine:", engine / "templates")):
        base = root if label == "" else engine
        paths = [p for p in _walk(folder, skip)
                 # the theme's CSS, JavaScript and images: MkDocs copies what changed
                 if not label or p.suffix in ENGINE_TEMPLATES]
        _stamp(paths, base, label, previous, found)
    return Snapshot(found)


def snapshot_of(parts: list[tuple[str, Path]], before: Snapshot | None = None) -> Snapshot:
    """Stamp the files of some folders or files, each under a label of its own (a file's key
    is the label + its path below that folder): what a cached result was made from."""
    found: dict[str, tuple[Stamp, str]] = {}
    previous = before.files if before else {}
    for label, path in parts:
        if path.is_dir():
            _stamp(_walk(path, None), path, label + "/", previous, found)
        elif path.is_file():
            _stamp([path], path.parent, label + ":", previous, found)
    return Snapshot(found)


def _stamp(paths: list[Path], base: Path, label: str,
           previous: dict[str, tuple[Stamp, str]], found: dict[str, tuple[Stamp, str]]) -> None:
    for path in paths:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        key = label + path.relative_to(base).as_posix()
        old = previous.get(key)
        found[key] = old if old and old[0] == stamp else (stamp, _hash(path))


def _walk(folder: Path, skip: Path | None) -> list[Path]:
    out = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in IGNORED_DIRS
                         and (skip is None or Path(here, d).resolve() != skip))
        out += [Path(here) / f for f in sorted(files) if not f.startswith(".")]
    return out


def _hash(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Changes:
    """What a set of changed files affects. `full`: everything is built again."""

    full: bool
    needs: frozenset[str] = frozenset()  # ids of needs whose file changed
    services: frozenset[str] = frozenset()  # ids of services whose file changed
    pages: frozenset[str] = frozenset()  # hand-written pages (src below the docs folder)
    reason: str = ""


FULL = Changes(full=True, reason="the first build")


def classify(changed: set[str], need_files: dict[str, str], service_files: dict[str, str],
             docs_dir: str) -> Changes:
    """Sort changed paths into needs, services and hand-written pages; anything else means a
    full rebuild. `need_files` and `service_files` map a file (relative to the project) to the
    id of the need or service it holds, as the model read them before the change."""
    needs, services, pages = set(), set(), set()
    prefix = docs_dir.rstrip("/") + "/"
    for path in sorted(changed):
        if path in need_files:
            needs.add(need_files[path])
        elif path in service_files:
            services.add(service_files[path])
        elif path.startswith(prefix) and path.endswith(".md"):
            pages.add(path.removeprefix(prefix))
        else:
            return Changes(full=True, reason=f"{path} changed")
    return Changes(full=False, needs=frozenset(needs), services=frozenset(services),
                   pages=frozenset(pages))
