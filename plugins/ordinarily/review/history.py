"""The project's git history: edition tags, and the content as it was at a tag or commit.

Git is asked through its command line; nothing here needs a working tree of the old version:
the content at a ref is read with `git archive` into a temporary folder.

The settings may also name a folder that holds the previous edition (`editions: previous`):
until there is a tagged edition to compare with, the live build's /changes/ compares with it.
The folder holds the earlier edition's `needs/`, `local-offer/`, `content/` or
`ordinarily.yml`; a part it does not hold is taken as unchanged.
"""

from __future__ import annotations

import fnmatch
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ordinarily.assembly.dependencies import Snapshot, snapshot_of
from ordinarily.assembly.project import Project, load_project
from ordinarily.core.parse_cache import ParseCache
from ordinarily.core.problems import ContentError, Problem
from ordinarily.core.settings import Settings
from ordinarily.core.settings_files import previous_problems
from ordinarily.local_offer.offer_model import Service
from ordinarily.review.changes import Comparison, Version, compare_versions
from ordinarily.review.content_diff import Item, service_item

DEFAULT_TAGS = "20[0-9][0-9]-[0-9][0-9]"
CONTENT = ("ordinarily.yml", "needs", "local-offer", "content", "plans")  # what a comparison reads
SITE = (*CONTENT, "mkdocs.yml", "overrides")  # what a build of an old version needs


class HistoryError(Exception):
    """Git could not answer: not a repository, an unknown ref, or history cut short."""


@dataclass(frozen=True)
class Edition:
    tag: str
    day: date  # the tag's date (an annotated tag's own date, else its commit's)
    commit: str


def git(root: Path, *args: str, binary: bool = False, env: dict[str, str] | None = None,
        stdin: str | None = None) -> str | bytes:
    """Run git in `root`; its output, or HistoryError with git's own last line of error."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False,
                                timeout=120, env=env,
                                input=stdin.encode("utf-8") if stdin is not None else None)
    except (OSError, subprocess.SubprocessError) as exc:
        raise HistoryError(f"git could not be run ({exc})") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(message[-1] if message else f"git {args[0]} failed")
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def is_repository(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except HistoryError:
        return False


def is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def tag_pattern(settings: Settings) -> str:
    editions = settings.raw.get("editions") or {}
    return str(editions.get("tags") or DEFAULT_TAGS)


def previous_folder(settings: Settings) -> str:
    """The folder the settings name as the previous edition (`editions: previous`), or ''."""
    editions = settings.raw.get("editions") or {}
    return str(editions.get("previous") or "").strip().strip("/")


def pages_branch(settings: Settings) -> str:
    editions = settings.raw.get("editions") or {}
    return str(editions.get("pages_branch") or "gh-pages")


def editions(root: Path, pattern: str) -> list[Edition]:
    """The edition tags, newest first (by the tag's date, then name)."""
    if not is_repository(root):
        return []
    out = git(root, "for-each-ref", "--format=%(refname:short)\t%(creatordate:short)\t"
                                    "%(*objectname)%(objectname)", "refs/tags/")
    found = []
    for line in out.splitlines():
        tag, day, objects = line.split("\t")
        if fnmatch.fnmatchcase(tag, pattern):
            found.append(Edition(tag, date.fromisoformat(day), objects[:40]))
    return sorted(found, key=lambda e: (e.day, e.tag), reverse=True)


def previous_edition(found: list[Edition], current: str | None) -> Edition | None:
    """The edition a version is compared with: the newest edition, or for an edition itself
    the one before it."""
    if current is None:
        return found[0] if found else None
    tags = [e.tag for e in found]
    if current not in tags:
        return found[0] if found else None
    index = tags.index(current)
    return found[index + 1] if index + 1 < len(found) else None


def top_level(root: Path) -> tuple[Path, str]:
    """The repository's top folder, and the project folder's path inside it ('' at the top,
    else ending in '/'): the project may be a folder of the repository, like the example."""
    top = git(root, "rev-parse", "--show-toplevel").strip()
    return Path(top), git(root, "rev-parse", "--show-prefix").strip()


def extract(root: Path, ref: str, dest: Path, parts: tuple[str, ...] = CONTENT) -> Path:
    """Write the project folder as it was at `ref` into `dest`."""
    top, prefix = top_level(root)
    git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    # From the top folder: run inside a sub-folder, git archive limits the tree to that
    # sub-folder's path, which REF:prefix/ does not have ("current working directory is
    # untracked").
    data = git(top, "archive", "--format=tar", f"{ref}:{prefix}", binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        members = [m for m in archive.getmembers()
                   if m.name.split("/")[0] in parts and (m.isfile() or m.isdir())]
        archive.extractall(dest, members=members, filter="data")
    return dest


def earlier_cache(root: Path) -> ParseCache | None:
    """The project's parse cache, for an earlier version read in a temporary folder: files it
    shares with this version are not parsed again, and it keeps a pack of its own."""
    return ParseCache.for_project(root, "earlier")


@contextmanager
def checked_out(root: Path, ref: str, parts: tuple[str, ...] = CONTENT) -> Iterator[Path]:
    """A temporary folder holding the project as it was at `ref`."""
    with tempfile.TemporaryDirectory(prefix="ordinarily-") as tmp:
        yield extract(root, ref, Path(tmp), parts)


def version_at(root: Path, ref: str, label: str,
               service_item: Callable[[Service], Item] | None = None) -> Version:
    """The content as it was at `ref`, loaded and checked by this engine."""
    with checked_out(root, ref) as folder:
        try:
            return Version.of(load_project(folder, earlier_cache(root)), label, service_item)
        except ContentError as exc:
            raise ContentError([Problem(p.file, p.line, f"{p.message} (at {ref})")
                                for p in exc.problems]) from None


@contextmanager
def overlaid(root: Path, folder: Path) -> Iterator[Path]:
    """A temporary project: each content part from `folder` where it holds one, else from
    `root` (the part is unchanged, so it is linked rather than copied where the system allows:
    a Local Offer of 10,000 service files takes seconds to copy)."""
    with tempfile.TemporaryDirectory(prefix="ordinarily-") as tmp:
        for part in CONTENT:
            source = folder / part if (folder / part).exists() else root / part
            if source.is_dir():
                if source == root / part:
                    with suppress(OSError, NotImplementedError):
                        (Path(tmp) / part).symlink_to(source.resolve(), target_is_directory=True)
                        continue
                shutil.copytree(source, Path(tmp) / part)
            elif source.is_file():
                shutil.copy2(source, Path(tmp) / part)
        yield Path(tmp)


def version_in_folder(root: Path, folder: str,
                      service_item: Callable[[Service], Item] | None = None) -> Version:
    """The previous edition kept in a folder of the project, loaded and checked."""
    problems = previous_problems(root)
    if problems:
        raise ContentError(problems)
    with overlaid(root, root / folder) as project_folder:
        try:
            return Version.of(load_project(project_folder, earlier_cache(root)),
                              "the previous edition", service_item)
        except ContentError as exc:
            raise ContentError([Problem(f"{folder}/{p.file}", p.line, p.message)
                                for p in exc.problems]) from None


class Kept:
    """What a serve process keeps between rebuilds, so that a rebuild compares only what
    changed: the earlier edition, loaded (it does not change while the current one is edited),
    and each service's item. A build keeps them only while it compares once (`between_builds`
    False): the two versions share the items of the services they share, and nothing is
    stamped for a next time."""

    def __init__(self, between_builds: bool = True) -> None:
        self.between_builds = between_builds
        self.earlier: dict[tuple[str, ...], tuple[Snapshot | None, Version]] = {}
        self.services: dict[str, tuple[Service, Item]] = {}

    def service_item(self, service: Service) -> Item:
        """A service's item, made again only when the service read from its file differs
        from the one it was made from (records compare field by field)."""
        kept = self.services.get(service.id)
        if kept is None or (kept[0] is not service and kept[0] != service):
            kept = self.services[service.id] = (service, service_item(service))
        return kept[1]

    def version_in_folder(self, root: Path, folder: str) -> Version:
        """The previous edition in `folder`, loaded again only when a file it is made from
        changed: the folder's, and the project's parts the folder does not hold. The files
        are stamped before loading, so a save during the load is seen the next time."""
        if not self.between_builds:
            return version_in_folder(root, folder, self.service_item)
        parts = [(folder, root / folder)] + [(part, root / part) for part in CONTENT
                                             if not (root / folder / part).exists()]
        key = ("folder", str(root), folder)
        before = self.earlier.get(key)
        made_from = snapshot_of(parts, before[0] if before else None)
        if before is not None and not made_from.changed(before[0]):
            return before[1]
        version = version_in_folder(root, folder, self.service_item)
        self.earlier[key] = (made_from, version)
        return version

    def version_at(self, root: Path, commit: str, label: str) -> Version:
        """The content at a commit, loaded once."""
        key = ("commit", str(root), commit, label)
        if key not in self.earlier:
            self.earlier[key] = (None, version_at(root, commit, label, self.service_item))
        return self.earlier[key][1]


_KEPT: dict[str, Kept] = {}


def kept(root: Path) -> Kept:
    """What this process keeps for the project in `root` (under `mkdocs serve`)."""
    return _KEPT.setdefault(str(root.resolve()), Kept())


@dataclass(frozen=True)
class History:
    """What a build knows of the project's past: its editions and the changes since the last."""

    editions: tuple[Edition, ...] = ()
    base: Edition | None = None
    comparison: Comparison | None = None
    note: str = ""  # why there is no comparison, in words for the build log
    folder: str = ""  # the folder the comparison's previous edition came from, if not a tag


def build_history(project: Project, edition: str = "", keep: bool = False) -> History:
    """The editions and, for /changes/, the comparison with the edition before this version
    (the newest edition; for an archived edition, the one before it). Until there is a tagged
    edition to compare with, the live build compares with the folder the settings name.
    `keep` (under `mkdocs serve`): what is loaded is kept for the next rebuild (`Kept`); a
    build keeps it only while it compares, so the versions share the items of services they
    share."""
    root = project.root
    store = kept(root) if keep else Kept(between_builds=False)
    folder = "" if edition else previous_folder(project.settings)
    if not is_repository(root):
        return _folder_history(project, folder, (), store) if folder else History(
            note="the project is not a git repository, so there are no editions")
    try:
        found = editions(root, tag_pattern(project.settings))
    except HistoryError as exc:
        return _folder_history(project, folder, (), store) if folder else History(
            note=f"git could not list the edition tags ({exc})")
    base = previous_edition(found, edition or None)
    if base is None:
        return _folder_history(project, folder, tuple(found), store) if folder else History(
            tuple(found), note="there is no earlier edition to compare with")
    if is_shallow(root):
        return History(tuple(found), base, note="the clone is shallow, so the earlier "
                                                "edition's content is not here")
    try:
        label = f"the {base.tag} edition"
        older = store.version_at(root, base.commit, label)
    except HistoryError as exc:
        return History(tuple(found), base, note=f"the {base.tag} edition could not be read "
                                                f"({exc})")
    except ContentError as exc:
        return History(tuple(found), base, note=f"the {base.tag} edition's content does not "
                       f"load with this engine ({len(exc.problems)} problems)")
    label = f"the {edition} edition" if edition else "this version"
    try:
        newer = Version.of(project, label, store.service_item)
    except ContentError as exc:  # a page's front matter: MkDocs reports it as it builds
        return History(tuple(found), base, note=f"a page could not be read ({exc.report()})")
    return History(tuple(found), base, compare_versions(older, newer))


def _folder_history(project: Project, folder: str, found: tuple[Edition, ...],
                    store: Kept) -> History:
    """The comparison with the previous edition the settings' folder holds; the editions
    listed are still the tags (archives exist only where tagged editions are published)."""
    older = store.version_in_folder(project.root, folder)
    try:
        newer = Version.of(project, "this version", store.service_item)
    except ContentError as exc:  # a page's front matter: MkDocs reports it as it builds
        return History(found, note=f"a page could not be read ({exc.report()})", folder=folder)
    return History(found, None, compare_versions(older, newer), folder=folder)
