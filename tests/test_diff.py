"""`ordinarily diff`: changes between two versions, as records for tools and plain words."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from history_repo import AUTISM, PLAY_DAYS, commit_all, edit, example_repo, five_changes

from ordinarily.review.content_diff import word_diff

from conftest import copy_example, ordinarily


def records(repo: Path, *refs: str) -> list[dict]:
    result = ordinarily("diff", *refs, "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["changes"]


def summary(repo: Path, *refs: str) -> str:
    result = ordinarily("diff", *refs, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return example_repo(tmp_path / "repo")


def test_five_changes_give_exactly_five_records(repo: Path) -> None:
    five_changes(repo)
    commit_all(repo, "Five changes", "2025-10-01")
    found = records(repo, "HEAD~1")
    assert sorted((r["kind"], r["id"], r["change"]) for r in found) == [
        ("provision", "join-play-through-interests", "removed"),
        ("provision", "lower-the-sensory-load", "moved"),
        ("provision", "say-exactly-what-you-mean", "reworded"),
        ("service", "accessible-play-days-half-term", "changed"),
        ("service", "sensory-swim-riverside", "added"),
    ]
    by_id = {r["id"]: r for r in found}
    assert by_id["lower-the-sensory-load"]["fields"] == {
        "tier": {"before": "universal", "after": "sen-support"}}
    assert by_id["accessible-play-days-half-term"]["fields"] == {
        "ages": {"before": [4, 16], "after": [4, 18]}}
    assert set(by_id["say-exactly-what-you-mean"]["fields"]) == {"detail"}
    assert by_id["say-exactly-what-you-mean"]["parent"] == "autism"
    assert by_id["say-exactly-what-you-mean"]["url"] == (
        "needs/communication-and-interaction/autism.md#say-exactly-what-you-mean")


def test_the_summary_says_each_change_in_plain_words(repo: Path) -> None:
    five_changes(repo)
    commit_all(repo, "Five changes", "2025-10-01")
    text = summary(repo, "HEAD~1")
    assert "## Communication and interaction" in text and "### Autism" in text
    assert "- **Reworded:** Say exactly what you mean" in text
    assert "keep it <del>short,</del> <ins>brief,</ins> and say" in text
    assert "- **Moved:** Lower the sensory load in the room from Universal to SEN support" in text
    assert "- **Removed:** Join play through the child&#39;s interests (Universal; Early years)" \
        in text
    assert "- **Added:** Sensory swim at Riverside pool: " in text
    assert "- **Changed:** Accessible play days in the half-term holidays" in text
    assert "Age range: was 4 to 16, now 4 to 18" in text
    assert "3 changes in the guide; 2 changes in the Local Offer." in text


def test_links_point_at_a_published_copy(repo: Path) -> None:
    five_changes(repo)
    commit_all(repo, "Five changes", "2025-10-01")
    result = ordinarily("diff", "HEAD~1", "--links", "https://send.example.org.uk/previews/pr-4/",
                        cwd=repo)
    assert ("[Say exactly what you mean](https://send.example.org.uk/previews/pr-4/needs/"
            "communication-and-interaction/autism/#say-exactly-what-you-mean)") in result.stdout
    assert ("(https://send.example.org.uk/previews/pr-4/local-offer/services/"
            "sensory-swim-riverside/)") in result.stdout


def reformat(path: Path, **dump: object) -> None:
    """Rewrite a YAML file with the same data: other key order, quoting, style, comments."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, width=70, **dump)
    path.write_text("# Reformatted: the same content written another way.\n" + text,
                    encoding="utf-8")


def test_reformatting_yaml_is_no_change(repo: Path) -> None:
    reformat(repo / AUTISM, default_style='"')  # every value quoted, keys sorted
    reformat(repo / PLAY_DAYS, default_flow_style=True)  # flow style throughout
    reformat(repo / "needs/glossary.yml")  # block style, sorted keys
    edit(repo, "local-offer/services/sensory-stories-at-the-library.yml"
         if (repo / "local-offer/services/sensory-stories-at-the-library.yml").exists()
         else PLAY_DAYS, "\n", "\n# A comment a reviewer added.\n")
    commit_all(repo, "Reformat only", "2025-10-01")
    assert records(repo, "HEAD~1") == []
    assert "Nothing has changed between" in summary(repo, "HEAD~1")


def test_a_rename_through_formerly_is_a_rename(repo: Path) -> None:
    edit(repo, AUTISM, "  - id: say-exactly-what-you-mean\n",
         "  - id: say-what-you-mean-plainly\n    formerly: [say-exactly-what-you-mean]\n")
    edit(repo, AUTISM, "title: Say exactly what you mean", "title: Say what you mean plainly")
    commit_all(repo, "Rename an entry", "2025-10-01")
    found = records(repo, "HEAD~1")
    assert [(r["id"], r["change"], r.get("formerly")) for r in found] == [
        ("say-what-you-mean-plainly", "renamed", "say-exactly-what-you-mean")]
    assert "(was “Say exactly what you mean”, address say-exactly-what-you-mean)" in \
        summary(repo, "HEAD~1")


def test_phases_moves_and_wording_of_other_content(repo: Path) -> None:
    edit(repo, AUTISM, "  - id: warn-before-activities-change\n    tier: universal\n"
         "    phases: [early-years, primary]",
         "  - id: warn-before-activities-change\n    tier: universal\n"
         "    phases: [early-years, primary, secondary]")
    glossary = (repo / "needs/glossary.yml").read_text(encoding="utf-8")
    assert "id: sendiass" in glossary
    commit_all(repo, "Phases", "2025-10-01")
    found = records(repo, "HEAD~1")
    assert found == [{
        "kind": "provision", "id": "warn-before-activities-change", "change": "moved",
        "title": "Give a warning before each change of activity", "parent": "autism",
        "fields": {"phases": {"before": ["early-years", "primary"],
                              "after": ["early-years", "primary", "secondary"]}},
        "url": "needs/communication-and-interaction/autism.md#warn-before-activities-change"}]
    assert "phases from Early years, Primary to Early years, Primary, Secondary" in \
        summary(repo, "HEAD~1")


def test_two_folders_compare_without_git(tmp_path: Path) -> None:
    old = copy_example(tmp_path / "old")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    edit(new, PLAY_DAYS, "ages: {from: 4, to: 16}", "ages: {from: 5, to: 16}")
    found = records(tmp_path, "old", "new")
    assert [(r["id"], r["fields"]) for r in found] == [
        ("accessible-play-days-half-term", {"ages": {"before": [4, 16], "after": [5, 16]}})]


def test_an_unknown_version_is_a_clear_error(repo: Path) -> None:
    result = ordinarily("diff", "no-such-tag", cwd=repo)
    assert result.returncode == 1
    assert "'no-such-tag' is neither a project folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_old_version_with_problems_names_the_file_and_version(repo: Path) -> None:
    edit(repo, PLAY_DAYS, "ages: {from: 4, to: 16}", "ages: {from: 4, to: banana}")
    commit_all(repo, "A broken file", "2025-10-01")
    fixed = ordinarily("diff", "HEAD", "HEAD~1", cwd=repo)
    assert fixed.returncode == 1
    assert PLAY_DAYS in fixed.stderr and "(at HEAD)" in fixed.stderr
    assert "Traceback" not in fixed.stderr


def test_word_diff_marks_only_the_changed_words() -> None:
    assert word_diff("keep it short and clear", "keep it brief and clear") == (
        ("=", "keep it"), ("-", "short"), ("+", "brief"), ("=", "and clear"))
    assert word_diff("same", "same") == (("=", "same"),)
