"""The vendored Decap CMS: its files in the package and the record that pins them.

`scripts/update_cms.py` (`make update-cms VERSION=x.y.z`) writes `cms/vendor/decap-cms/` from
the npm registry, with `vendored.json`: the version, the tarball's registry integrity and the
sha256 of every file. The build copies the files to `admin/decap-cms/` of the site, so the
CMS is served from the site's own origin and building needs no Node.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).parent / "vendor" / "decap-cms"
RECORD = "vendored.json"
BUNDLE = "decap-cms.js"


@dataclass(frozen=True)
class Vendored:
    version: str
    integrity: str
    files: dict[str, str]  # name: sha256


def record(folder: Path = VENDOR_DIR) -> Vendored:
    data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    return Vendored(data["version"], data["integrity"], dict(data["files"]))


def mismatches(folder: Path = VENDOR_DIR) -> list[str]:
    """Every way the folder differs from its record (empty when it matches)."""
    pinned = record(folder)
    found = {p.name for p in folder.iterdir() if p.is_file() and p.name != RECORD}
    problems = [f"{name}: not in {RECORD}" for name in sorted(found - set(pinned.files))]
    for name, digest in sorted(pinned.files.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: listed in {RECORD} but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: its sha256 differs from {RECORD}")
    return problems


def files(folder: Path = VENDOR_DIR) -> dict[str, bytes]:
    """The files the browser loads, by name (the record itself is left out)."""
    return {name: (folder / name).read_bytes() for name in sorted(record(folder).files)}
