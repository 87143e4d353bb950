"""Services read before, kept by one build or `mkdocs serve` process.

Reading and checking 2,000 service files takes about a second even with the parse cache, and
a rebuild after a need's edit would read them all again unchanged; a build reads them twice
when the earlier edition it compares with shares this version's Local Offer. A service read
from the same bytes at the same place in a project, checked against the same ids (needs,
phases, the Local Offer's taxonomy, organisations), is the same service: the memo hands it back
instead. Only services whose file had no problem are kept, so every problem is still found and
reported as a clean build reports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ordinarily.local_offer import offer_model as o


class ServiceMemo:
    """Services by file (its path in the project), with the digest of the bytes and the ids
    they were checked with."""

    def __init__(self) -> None:
        self.context: Any = None
        self.services: dict[str, tuple[str, o.Service]] = {}

    def split(self, context: Any, root: Path,
              paths: list[Path]) -> tuple[list[o.Service], list[Path], dict[str, str]]:
        """The services kept for files whose bytes are unchanged, the files to read, and each
        file's digest. A change of `context` (the ids a service is checked against) forgets
        everything."""
        if context != self.context:
            self.context, self.services = context, {}
        kept, missing, digests = [], [], {}
        for path in paths:
            digest = digests[str(path)] = _digest(path)
            found = self.services.get(_place(root, path))
            if found is not None and found[0] == digest:
                kept.append(found[1])
            else:
                missing.append(path)
        return kept, missing, digests

    def keep(self, root: Path, paths: list[Path], services: list[o.Service],
             digests: dict[str, str]) -> None:
        """Keep services just read from `paths` (a service's id is its file's name)."""
        by_id: dict[str, list[Path]] = {}
        for path in paths:
            by_id.setdefault(path.stem, []).append(path)
        for service in services:
            files = by_id.get(service.id, [])
            if len(files) == 1:
                self.services[_place(root, files[0])] = (digests[str(files[0])], service)


def _place(root: Path, path: Path) -> str:
    """A file's path in its project: an earlier edition read in a temporary folder shares it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""  # read again, and reported, by the loader


_active: ServiceMemo | None = None


def active() -> ServiceMemo | None:
    """The memo the Local Offer's loader uses now (set by `using`), if any."""
    return _active


@contextmanager
def using(memo: ServiceMemo | None) -> Iterator[ServiceMemo | None]:
    """Let the loader use `memo` (None: none) until the block ends."""
    global _active
    before, _active = _active, memo
    try:
        yield memo
    finally:
        _active = before
