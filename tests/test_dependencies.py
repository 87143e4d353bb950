"""What a saved file affects under `make serve` (assembly/dependencies.py): which files changed
since the previous rebuild, and whether that needs a full rebuild."""

from __future__ import annotations

import os
from pathlib import Path

from ordinarily.assembly.dependencies import classify, snapshot

NEEDS = {"needs/cognition-and-learning/dyslexia.yml": "dyslexia"}
SERVICES = {"local-offer/services/play-days.yml": "play-days"}


def project(tmp_path: Path) -> Path:
    for path, text in {"ordinarily.yml": "site_name: A\n",
                       "needs/glossary.yml": "terms: []\n",
                       "needs/cognition-and-learning/dyslexia.yml": "title: Dyslexia\n",
                       "local-offer/services/play-days.yml": "name: Play days\n",
                       "content/index.md": "# Home\n",
                       "site/index.html": "<p>built</p>\n",
                       ".cache/ordinarily/parse/x.pack": "cache\n"}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


def project_files(shot) -> set[str]:
    return {p for p in shot.files if not p.startswith("engine:")}


def test_the_snapshot_holds_the_content_and_not_the_built_site_or_the_cache(tmp_path) -> None:
    root = project(tmp_path)
    (root / "built").mkdir()
    (root / "built" / "page.html").write_text("x", encoding="utf-8")
    shot = snapshot(root, skip=root / "built")
    assert project_files(shot) == {"ordinarily.yml", "needs/glossary.yml",
                                   "needs/cognition-and-learning/dyslexia.yml",
                                   "local-offer/services/play-days.yml", "content/index.md"}
    assert any(p.startswith("engine:theme/") and p.endswith(".html") for p in shot.files)
    assert not any(p.endswith((".css", ".js")) for p in shot.files)


def test_a_file_counts_as_changed_only_when_its_bytes_change(tmp_path) -> None:
    root = project(tmp_path)
    first = snapshot(root)
    page = root / "content" / "index.md"
    os.utime(page, ns=(1, 1))  # saved again with the same text
    assert snapshot(root, first).changed(first) == set()
    page.write_text("# Welcome\n", encoding="utf-8")
    assert snapshot(root, first).changed(first) == {"content/index.md"}


def test_needs_services_and_pages_are_rebuilt_on_their_own() -> None:
    changes = classify({"needs/cognition-and-learning/dyslexia.yml",
                        "local-offer/services/play-days.yml", "content/funding.md"},
                       NEEDS, SERVICES, "content")
    assert not changes.full
    assert changes.needs == {"dyslexia"}
    assert changes.services == {"play-days"}
    assert changes.pages == {"funding.md"}


def test_anything_else_rebuilds_everything() -> None:
    for path in ("needs/glossary.yml", "needs/taxonomy.yml", "ordinarily.yml", "mkdocs.yml",
                 "local-offer/taxonomy.yml", "local-offer/organisations/riverside.yml",
                 "content/images/map.png", "overrides/main.html",
                 "engine:theme/main.html"):
        changes = classify({path, "content/index.md"}, NEEDS, SERVICES, "content")
        assert changes.full, path
        assert changes.reason == f"{path} changed"
