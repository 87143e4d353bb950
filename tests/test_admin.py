"""/admin/: the vendored Decap CMS, the admin page, its own policy, and what stays out of it.

Fast tests here; the built site and the browser are in test_admin_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from ordinarily.cms import vendored

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "plugins" / "ordinarily" / "cms" / "vendor" / "decap-cms"


# --- the vendored CMS ---------------------------------------------------------------------------

def test_vendored_files_match_their_record() -> None:
    data = json.loads((VENDOR / "vendored.json").read_text("utf-8"))
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in VENDOR.iterdir() if p.is_file() and p.name != "vendored.json"}
    assert on_disk == data["files"]
    assert data["package"] == "decap-cms" and data["version"].startswith("3.16.")
    assert data["integrity"].startswith("sha512-")
    assert len(base64.b64decode(data["integrity"].removeprefix("sha512-"))) == 64
    assert data["tarball"] == (f"https://registry.npmjs.org/decap-cms/-/decap-cms-"
                               f"{data['version']}.tgz")
    assert vendored.mismatches() == []


def test_vendored_bundle_is_the_recorded_version_with_its_licences() -> None:
    version = json.loads((VENDOR / "vendored.json").read_text("utf-8"))["version"]
    tail = (VENDOR / "decap-cms.js").read_bytes()[-400:].decode("utf-8", "replace")
    assert f'"decap-cms {version}"' in tail
    assert "MIT License" in (VENDOR / "LICENSE").read_text("utf-8")
    assert (VENDOR / "decap-cms.js.LICENSE.txt").stat().st_size > 1000
    assert not list(VENDOR.glob("*.map")), "source maps are not vendored"


def test_a_changed_or_extra_vendored_file_is_named(tmp_path: Path) -> None:
    copy = tmp_path / "decap-cms"
    shutil.copytree(VENDOR, copy)
    (copy / "103.decap-cms.js").write_bytes(b"changed")
    (copy / "extra.js").write_bytes(b"")
    (copy / "LICENSE").unlink()
    assert vendored.mismatches(copy) == [
        f"extra.js: not in {vendored.RECORD}",
        f"103.decap-cms.js: its sha256 differs from {vendored.RECORD}",
        f"LICENSE: listed in {vendored.RECORD} but missing",
    ]


@pytest.mark.parametrize("name", ["decap-cms.js", "LICENSE"])
def test_every_vendored_file_is_package_data(name: str) -> None:
    """The wheel ships the vendored folder (pyproject's package data names it)."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"cms/vendor/**/*"' in text
    assert (VENDOR / name).is_file()
