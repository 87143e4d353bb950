"""Parsed YAML kept between builds: what `yamlfile.parse_yaml` made of a file, found again by
the file's bytes.

An entry holds a file's data and the line of every value. Its key is the sha256 of the file's
bytes; each pack of entries records the fingerprint of the engine's code (`fingerprint.py`), the
Python and the PyYAML that wrote it, and a pack from another engine, Python or PyYAML is never
read. So an edited file, or an upgraded engine, is simply parsed again: the cache never changes
what a build makes.

Where: `<project>/.cache/ordinarily/parse/`, never inside the site or the content folders
(nothing reads it as content; a `.gitignore` there keeps it out of git). Entries are grouped
in packs, one per process that reads files (`project.pack` for the main process,
`project-services-0.pack` and `-1` for the two that read service files at scale, `earlier*` for
an earlier edition read for /changes/), each written whole to a temporary file and renamed into
place, so no process ever reads half of one. A pack keeps the entries its process used in its
last build; every process reads every pack. A pack or an entry that cannot be read (broken,
truncated, from another engine) is ignored and written again; it is never an error.

`ORDINARILY_CACHE=off` switches the cache off (`0`, `no` and `false` too).
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import yaml

from ordinarily.core.fingerprint import engine_code

ENVIRONMENT = "ORDINARILY_CACHE"
OFF = frozenset({"off", "0", "no", "false"})
CACHE_DIR = ".cache/ordinarily"  # below the project folder
PARSE_DIR = f"{CACHE_DIR}/parse"
SUFFIX = ".pack"
MAGIC = b"ORDINARILY-PARSE-CACHE 1\n"
_LENGTH = 8  # bytes of the index's length, after MAGIC

Entry = tuple[Any, Mapping[tuple, int]]  # the file's data, the line of every value
_Located = tuple[mmap.mmap, int, int, int]  # pack, start, length, crc32

_active: ParseCache | None = None


def enabled() -> bool:
    return os.environ.get(ENVIRONMENT, "").strip().lower() not in OFF


def _stamp() -> dict[str, Any]:
    """What a pack must have been written by to be read: this engine, this Python, this
    PyYAML (with or without libyaml)."""
    return {"engine": engine_code(), "python": sys.implementation.cache_tag,
            "marshal": marshal.version, "yaml": yaml.__version__,
            "libyaml": bool(getattr(yaml, "__with_libyaml__", False))}


def key(raw: bytes) -> bytes:
    """An entry's key: the sha256 of the file's bytes."""
    return hashlib.sha256(raw).digest()


class ParseCache:
    """The parse cache of one project, as one process uses it: it reads every pack in the
    folder and writes its own (`name`)."""

    def __init__(self, folder: Path, name: str = "project") -> None:
        self.folder = folder
        self.name = name
        self._packs: _Packs | None = None  # shared with `named` copies
        self._new: dict[bytes, bytes] = {}  # key -> entry, parsed by this process
        self._used: set[bytes] = set()

    @classmethod
    def for_project(cls, root: Path, name: str = "project") -> ParseCache | None:
        """The project's cache, or None when `ORDINARILY_CACHE=off`."""
        return cls(Path(root) / PARSE_DIR, name) if enabled() else None

    def named(self, name: str) -> ParseCache:
        """The same cache for another process (a forked worker) that writes its own pack."""
        other = ParseCache(self.folder, name)
        other._packs = self._index()
        return other

    def get(self, entry_key: bytes) -> Entry | None:
        """The entry for a file's bytes, or None (missing, broken or foreign)."""
        found = self._new.get(entry_key)
        if found is None:
            located = self._index().entries.get(entry_key)
            if located is None:
                return None
            found = _blob(located)
            if found is None:
                return None
        entry = _entry(found)
        if entry is not None:
            self._used.add(entry_key)
        return entry

    def put(self, entry_key: bytes, data: Any, lines: Mapping[tuple, int]) -> None:
        try:
            blob = marshal.dumps((data, dict(lines)))
        except ValueError:  # a value marshal cannot write: such a file is parsed every time
            return
        self._new[entry_key] = blob
        self._used.add(entry_key)

    def save(self) -> None:
        """Write this process's pack: the entries it used. Nothing is written when the pack
        already holds exactly those; a pack that cannot be written is left (never an error)."""
        packs = self._index()
        mine = self.folder / (self.name + SUFFIX)
        if not self._new and self._used == packs.keys.get(mine):
            return
        blobs: dict[bytes, bytes] = {}
        for entry_key in sorted(self._used):
            blob = self._new.get(entry_key)
            if blob is None and entry_key in packs.entries:
                blob = _blob(packs.entries[entry_key])
            if blob is not None:
                blobs[entry_key] = blob
        with suppress(OSError):
            _write_pack(self.folder, mine, blobs)

    def _index(self) -> _Packs:
        if self._packs is None:
            self._packs = _Packs()
            for path in sorted(self.folder.glob("*" + SUFFIX)) if self.folder.is_dir() else ():
                found = _read_pack(path)
                self._packs.entries.update(found)
                self._packs.keys[path] = set(found)
        return self._packs


class _Packs:
    """Every readable pack's entries by key, and which keys each pack holds."""

    def __init__(self) -> None:
        self.entries: dict[bytes, _Located] = {}
        self.keys: dict[Path, set[bytes]] = {}


def _read_pack(path: Path) -> dict[bytes, _Located]:
    """A pack's entries by key, or nothing when it is broken or written by another engine."""
    try:
        with path.open("rb") as file:
            if file.read(len(MAGIC)) != MAGIC:
                return {}
            length = int.from_bytes(file.read(_LENGTH), "big")
            stamp, index = marshal.loads(file.read(length))
            if stamp != _stamp() or not isinstance(index, dict):
                return {}
            view = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    start = len(MAGIC) + _LENGTH + length
    found = {}
    for entry_key, where in index.items():
        if isinstance(where, tuple) and len(where) == 3 \
                and all(isinstance(n, int) for n in where):
            offset, size, crc = where
            found[entry_key] = (view, start + offset, size, crc)
    return found


def _blob(located: _Located) -> bytes | None:
    view, start, size, crc = located
    try:
        blob = view[start:start + size]
    except (ValueError, IndexError):
        return None
    return blob if len(blob) == size and zlib.crc32(blob) == crc else None


def _entry(blob: bytes) -> Entry | None:
    try:
        entry = marshal.loads(blob)
    except (ValueError, EOFError, TypeError):
        return None
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], dict)):
        return None
    return entry


def _write_pack(folder: Path, path: Path, blobs: dict[bytes, bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"  # the whole cache stays out of git, in any fork
    if not ignore.exists():
        ignore.write_text("# Ordinarily's cache: made by builds, never committed.\n*\n",
                          encoding="utf-8")
    index, offset = {}, 0
    for entry_key, blob in blobs.items():
        index[entry_key] = (offset, len(blob), zlib.crc32(blob))
        offset += len(blob)
    head = marshal.dumps((_stamp(), index))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(MAGIC + len(head).to_bytes(_LENGTH, "big") + head)
            out.writelines(blobs.values())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def active() -> ParseCache | None:
    """The cache the loaders use now (set by `using`), if any."""
    return _active


@contextmanager
def using(cache: ParseCache | None) -> Iterator[ParseCache | None]:
    """Let the loaders use `cache` (None: no cache) until the block ends."""
    global _active
    before, _active = _active, cache
    try:
        yield cache
    finally:
        _active = before
