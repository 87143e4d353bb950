"""A git repository of the example content, made by the tests, with commits on set dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copy_example

IDENTITY = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org.uk",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org.uk"}
AUTISM = "needs/communication-and-interaction/autism.yml"
PLAY_DAYS = "local-offer/services/accessible-play-days-half-term.yml"


def git(repo: Path, *args: str, day: str = "2026-01-01") -> str:
    env = {**os.environ, **IDENTITY, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
           "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def example_repo(path: Path, day: str = "2025-09-01") -> Path:
    """The example content committed as the first version."""
    repo = copy_example(path)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "The example content", day)
    return repo


def commit_all(repo: Path, message: str, day: str) -> None:
    git(repo, "add", "--all", day=day)
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message, day=day)


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def remove_entry(repo: Path, path: str, entry_id: str) -> None:
    """Delete one provision entry (from its '- id:' line to the next one)."""
    file = repo / path
    text = file.read_text(encoding="utf-8")
    start = text.index(f"  - id: {entry_id}\n")
    end = text.index("  - id: ", start + 1)
    file.write_text(text[:start] + text[end:], encoding="utf-8")


def five_changes(repo: Path) -> None:
    """The acceptance scenario: reword one strategy, move another from universal to SEN
    support, delete a third, add a service and change a service's age range."""
    edit(repo, AUTISM, "keep it short, and say", "keep it brief, and say")
    edit(repo, AUTISM, "  - id: lower-the-sensory-load\n    tier: universal",
         "  - id: lower-the-sensory-load\n    tier: sen-support")
    remove_entry(repo, AUTISM, "join-play-through-interests")
    edit(repo, PLAY_DAYS, "ages: {from: 4, to: 16}", "ages: {from: 4, to: 18}")
    swim = (repo / PLAY_DAYS).read_text(encoding="utf-8")
    lines = [("name: Sensory swim at Riverside pool" if line.startswith("name:") else line)
             for line in swim.splitlines()]
    (repo / "local-offer/services/sensory-swim-riverside.yml").write_text(
        "\n".join(lines) + "\n", encoding="utf-8")


def editions_in_a_folder(top: Path) -> Path:
    """The engine's own layout: the project in example/ of a larger repository. Tags 2025-26
    on the example, rewords one entry and tags 2026-27, then rewords it again on main.
    Returns the repository's top folder."""
    project = copy_example(top / "example")
    (top / "README.md").write_text("# The engine\n", encoding="utf-8")
    git(top, "init", "--quiet", "--initial-branch=main")
    commit_all(top, "The example, one folder down", "2025-09-01")
    git(top, "tag", "2025-26")
    edit(project, AUTISM, "keep it short, and say", "keep it brief, and say")
    commit_all(top, "Changes agreed for 2026-27", "2026-08-01")
    git(top, "tag", "2026-27")
    edit(project, AUTISM, "state rules and the reasons", "state rules and explain the reasons")
    commit_all(top, "A change after the 2026-27 edition", "2026-10-01")
    return top


def two_editions(path: Path) -> Path:
    """The example with two editions: 2025-26 tagged on the example, 2026-27 after the five
    changes, then one more change on main (so /changes/ lists something) and a tag the
    editions pattern in ordinarily.yml leaves out."""
    repo = example_repo(path, day="2025-09-01")
    git(repo, "tag", "2025-26")
    five_changes(repo)
    commit_all(repo, "Changes agreed for 2026-27", "2026-08-01")
    git(repo, "tag", "2026-27")
    edit(repo, AUTISM, "state rules and the reasons", "state rules and explain the reasons")
    commit_all(repo, "A change after the 2026-27 edition", "2026-10-01")
    git(repo, "tag", "v1.0.0")
    return repo
