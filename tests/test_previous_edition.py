"""The example shows changes (issue 25): `editions: previous` names a folder holding the previous
edition, /changes/ compares with it without any git tag, /editions/ links to no archive that is
not there, and a wrong folder is an error naming the settings' line."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from ordinarily.assembly.project import load_project
from ordinarily.core.problems import ContentError
from ordinarily.review.history import build_history

from conftest import EXAMPLE, ordinarily

PREVIOUS = EXAMPLE / "previous-edition"


def text_of(html: str) -> str:
    article = html[html.index("<article"):html.index("</article>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", article)).split())


def notices(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return {" ".join(item["text"].split()) for item in data.get("notice", [])}


def added_notices() -> list[str]:
    """'What you might notice' lines in the example now that the previous edition lacks,
    read from the two sets of files."""
    added = []
    for now in sorted((EXAMPLE / "needs").glob("*/*.yml")):
        before = PREVIOUS / "needs" / now.parent.name / now.name
        if before.is_file():
            added += sorted(notices(now) - notices(before))
    return added


def test_the_example_changes_page_lists_real_changes(site: Path) -> None:
    page = text_of((site / "changes" / "index.html").read_text("utf-8"))
    assert "There is no earlier edition yet" not in page
    assert "since the previous edition" in page
    added = added_notices()
    assert added  # the previous edition really is different
    for line in added:
        assert line[:60] in page, line


def test_the_editions_page_links_to_no_archive(site: Path) -> None:
    html = (site / "editions" / "index.html").read_text("utf-8")
    assert "No edition is archived on this copy of the site" in text_of(html)
    article = html[html.index("<article"):html.index("</article>")]
    archives = [h for h in re.findall(r'href="([^"]+)"', article)
                if not h.startswith("mailto:") and re.search(r"editions/[^#?]", h)]
    assert not archives
    assert not (site / "previous-edition").exists()  # never published


def test_every_page_names_the_file_its_words_are_in(site: Path) -> None:
    expected = {"needs/index.html": "needs/taxonomy.yml",
                "needs/communication-and-interaction/index.html": "needs/taxonomy.yml",
                "universal/index.html": "needs/universal.yml",
                "how-to-use/index.html": "content/how-to-use.md"}
    for page, source in expected.items():
        footer = (site / page).read_text("utf-8").split('class="ord-page-footer"')[1]
        assert f"The words on this page are kept in the file <code>{source}</code>" in footer
        assert f"https://github.com/anytown-council/send-guide/edit/main/{source}" in footer
    for page in ("changes/index.html", "editions/index.html"):
        footer = text_of((site / page).read_text("utf-8")).split("Suggest a change")[1]
        assert "ordinarily.yml" in footer and "made" in footer


def settings_with(project: Path, line: str) -> None:
    path = project / "ordinarily.yml"
    text = path.read_text("utf-8").replace("  previous: previous-edition\n", line)
    path.write_text(text, "utf-8")


def problems(project: Path) -> str:
    with pytest.raises(ContentError) as caught:
        build_history(load_project(project))
    return caught.value.report()


def line_of(project: Path, words: str) -> int:
    lines = (project / "ordinarily.yml").read_text("utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if words in text)


def test_a_misspelt_folder_is_named_with_its_line_and_the_likely_one(project: Path) -> None:
    settings_with(project, "  previous: previous-editon\n")
    report = problems(project)
    assert f"ordinarily.yml:{line_of(project, 'previous-editon')}:" in report
    assert "'previous-editon' does not exist (did you mean 'previous-edition'?)" in report


def test_a_folder_inside_content_is_refused(project: Path) -> None:
    (project / "content" / "old").mkdir()
    settings_with(project, "  previous: content/old\n")
    assert "inside content/" in problems(project)


def test_a_broken_file_in_the_folder_is_named_by_its_path(project: Path) -> None:
    taxonomy = project / "previous-edition" / "needs" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text("utf-8").replace("areas:", "areaz:", 1), "utf-8")
    assert "previous-edition/needs/taxonomy.yml" in problems(project)


def test_without_the_setting_the_tags_are_used(project: Path) -> None:
    settings_with(project, "")
    history = build_history(load_project(project))
    assert history.folder == "" and history.comparison is None  # no tags in a copy


def test_a_new_area_does_not_inherit_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "borsetshire"
    result = ordinarily("new-area", str(target), "--name", "Borsetshire")
    assert result.returncode == 0, result.stderr
    assert not (target / "previous-edition").exists()
    settings = (target / "ordinarily.yml").read_text("utf-8")
    assert not re.search(r"^\s*previous:", settings, re.MULTILINE)  # shown only as a comment
