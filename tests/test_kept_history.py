"""Under `mkdocs serve` the build keeps the previous edition, loaded, between rebuilds
(review/history.py's `Kept`): the comparison /changes/ shows must still follow every edit, to
the previous edition's folder, to a service (the previous edition takes the Local Offer from
the project) and to a need. Each kept comparison is checked against one made from scratch."""

from __future__ import annotations

import shutil
from pathlib import Path

from ordinarily.assembly.project import load_project
from ordinarily.review.history import build_history

from conftest import EXAMPLE

NEED = "needs/cognition-and-learning/moderate-learning-difficulties.yml"
SERVICE = "local-offer/services/accessible-play-days-half-term.yml"


def changes(root: Path, keep: bool) -> list[str]:
    comparison = build_history(load_project(root), keep=keep).comparison
    assert comparison is not None
    return sorted(repr(c) for c in comparison.changes)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is no longer in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_kept_comparison_follows_every_edit(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("site", ".*"))
    assert changes(root, keep=True) == changes(root, keep=False)
    # The previous edition's own file, and a need of this version: each shows in the list.
    for path, old, new in (
            (root / "previous-edition" / NEED, "title: Moderate learning difficulties",
             "title: Moderate learning needs"),
            (root / NEED, "summary: >-\n", "summary: >-\n  Changed today.\n")):
        before = changes(root, keep=True)
        edit(path, old, new)
        after = changes(root, keep=True)
        assert after == changes(root, keep=False), path
        assert after != before, path
    # A service: both editions read it from the project, so it is in neither list; a kept
    # previous edition that missed the edit would list it as changed.
    edit(root / SERVICE, "summary: ", "summary: Now weekly. ")
    after = changes(root, keep=True)
    assert after == changes(root, keep=False)
    assert not [c for c in after if "accessible-play-days-half-term" in c]
