"""Two builds of the same commit are byte-identical, even two days apart on the clock."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, copy_example


def git(project: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2026-10-01T12:00:00Z"}
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)


def build(project: Path, out: Path, faketime: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)]
    if faketime:
        command = ["faketime", faketime, *command]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, result.stderr


def differences(a: Path, b: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_builds_are_byte_identical_across_days(tmp_path: Path) -> None:
    if not shutil.which("faketime"):
        if os.environ.get("CI"):
            pytest.fail("faketime is missing: scripts/ensure-test-tools.sh installs it")
        pytest.skip("faketime is not installed: run 'make test'")
    project = copy_example(tmp_path / "project")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org.uk",
        "commit", "-q", "-m", "content")
    build(project, tmp_path / "first")
    build(project, tmp_path / "second", faketime="+2 days")
    assert differences(tmp_path / "first", tmp_path / "second") == []
    sitemap = (tmp_path / "first/sitemap.xml").read_text()
    assert "<lastmod>2026-10-01</lastmod>" in sitemap
