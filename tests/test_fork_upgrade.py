"""A council forks the repository, starts its own site, edits only its own files, and merges a
later upstream release without a conflict.

"Upstream" is a temporary git repository holding a copy of every tracked file of this one: the
engine and the Anytown example in `example/`. The fork is a clone of it. The council starts its
site at the top of the fork with `ordinarily new-area .` and edits only its own files; upstream
releases the engine, improves the example, changes its README and adds an example need. The
merged fork is then checked with the merged engine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from history_repo import IDENTITY, commit_all, git

from ordinarily.cli import commands as cli

from conftest import ROOT

pytestmark = pytest.mark.build  # Clones the whole repository and merges a release into a fork.

COUNCIL_PATHS = ("ordinarily.yml", "needs", "local-offer", "plans", "content", "overrides",
                 ".github", "mkdocs.yml", "words.txt")
ENGINE_PATHS = ("plugins", "pyproject.toml", "Makefile", "tests", "docs", "scripts",
                "benchmarks", ".ci", "example", "README.md")
NEED = "needs/cognition-and-learning/dyscalculia.yml"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Upstream's first version: every tracked file of this repository, as it is now."""
    repo = tmp_path_factory.mktemp("upstream") / "base"
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True,
                            check=True).stdout.decode("utf-8").split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():  # a file deleted but not yet committed is left out
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / rel)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "Ordinarily 0.1.0", "2026-09-01")
    return repo


@pytest.fixture
def repos(base: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(upstream, fork): two clones of the base; the fork's remote for upstream is 'upstream'."""
    upstream, fork = tmp_path / "upstream", tmp_path / "fork"
    git(tmp_path, "clone", "--quiet", str(base), str(upstream))
    git(tmp_path, "clone", "--quiet", str(upstream), str(fork))
    git(fork, "remote", "rename", "origin", "upstream")
    return upstream, fork


def rewrite(repo: Path, rel: str, change) -> None:
    path = repo / rel
    old = path.read_text(encoding="utf-8")
    new = change(old)
    assert new != old, f"the edit to {rel} changed nothing"
    path.write_text(new, encoding="utf-8")


def add_file(repo: Path, rel: str, text: str) -> None:
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text(text, encoding="utf-8")


def new(*args: str) -> None:
    assert cli.main(["new", *args]) == 0


# --- what a council does in its fork ------------------------------------------------------

def start_site(fork: Path) -> None:
    """What the "Set up this council's site" workflow runs in a new fork."""
    assert cli.main(["new-area", str(fork), "--name", "Borsetshire"]) == 0


def council_edits(fork: Path) -> None:
    """Borsetshire makes its new site its own, touching only the council's files."""
    # The logo first: the settings name it, and a logo named but missing is an error.
    add_file(fork, "overrides/assets/borsetshire-logo.svg",
             '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" '
             'height="10" fill="#234f1e"/></svg>\n')
    _settings(fork)
    _guide(fork)
    _local_offer(fork)
    _pages_and_nav(fork)
    add_file(fork, "overrides/assets/borsetshire.css", ".md-header { border-bottom: 4px solid "
                                                       "#9c3d10; }\n")
    add_file(fork, "overrides/partials/council-footer.html",
             "<p>Borsetshire Council, County Hall, Borchester.</p>\n")
    rewrite(fork, ".github/CODEOWNERS", lambda t: t.replace("your-council", "borsetshire-cc"))
    rewrite(fork, "words.txt", lambda t: t + "Borchester\n")
    add_file(fork, ".github/README.md", "# Borsetshire SEND guide\n\nBorsetshire Council's "
                                        "guide and Local Offer. GitHub shows this page first.\n")


def _settings(fork: Path) -> None:
    def change(text: str) -> str:
        text = re.sub(r'primary: "#[0-9a-fA-F]{6}"', 'primary: "#234f1e"', text)
        text = re.sub(r'accent: "#[0-9a-fA-F]{6}"', 'accent: "#9c3d10"', text)
        text = re.sub(r"(\n  accent: .*\n)", r"\1  logo: assets/borsetshire-logo.svg\n", text)
        return re.sub(r"phone: 01632 960\d{3}", "phone: 01632 960555", text, count=1)

    rewrite(fork, "ordinarily.yml", change)


def _guide(fork: Path) -> None:
    rewrite(fork, "needs/taxonomy.yml", lambda t: t.replace("title: Sensory and physical",
                                                            "title: Physical and sensory"))
    rewrite(fork, "needs/sensory-and-physical/hearing.yml",
            lambda t: re.sub(r"^title: .*$", "title: Hearing and deafness", t, count=1,
                             flags=re.M))
    new("need", "--project", str(fork), "--area", "cognition-and-learning", "--id",
        "dyscalculia", "--title", "Dyscalculia")
    new("expectation", "--project", str(fork), "--theme", "adaptive-teaching", "--id",
        "use-worked-examples")


def _local_offer(fork: Path) -> None:
    rewrite(fork, "local-offer/services/send-advice-line.yml",
            lambda t: re.sub(r"^reviewed: .*$", "reviewed: 2026-10-15", t, count=1, flags=re.M))
    new("service", "--project", str(fork), "--id", "borchester-holiday-club", "--name",
        "Borchester holiday club")


def _pages_and_nav(fork: Path) -> None:
    rewrite(fork, "content/index.md", lambda t: t.replace("Borsetshire", "Borsetshire's", 1))
    add_file(fork, "content/contact-us.md", "---\ntitle: Contact us\n---\n\nRing the SEND "
                                            "team on 01632 960555.\n")

    def nav(text: str) -> str:
        text = text.replace("  - Funding: funding.md", "  - Money for support: funding.md")
        text = text.replace("      - Co-production: co-production.md\n",
                            "      - Co-production: co-production.md\n"
                            "      - Contact us: contact-us.md\n")
        return text + "\nextra_css:\n  - assets/borsetshire.css\n"

    rewrite(fork, "mkdocs.yml", nav)


# --- what the engine's maintainers do upstream --------------------------------------------

def release(upstream: Path) -> None:
    """A realistic release: a template, a schema with a new optional field, the version, the
    Makefile, a test, the docs and the README, and a better example (a reworded need, a new
    need, a changed setting and a new nav marker)."""
    rewrite(upstream, "plugins/ordinarily/templates/pages/need.md.j2",
            lambda t: t + "{#- Engine 0.2: the need page ends here. -#}\n")
    rewrite(upstream, "plugins/ordinarily/schemas/need.schema.json",
            lambda t: t.replace('  "properties": {\n',
                                '  "properties": {\n    "easy_read": {\n      "type": "string",\n'
                                '      "pattern": "^https?://",\n      "description": "An easy '
                                'read version of the page (optional)."\n    },\n', 1))
    rewrite(upstream, "plugins/ordinarily/core/problems.py",
            lambda t: t + "\n\ndef plural(count: int, word: str) -> str:\n"
                          '    return f"{count} {word}{\'\' if count == 1 else \'s\'}"\n')
    rewrite(upstream, "pyproject.toml",
            lambda t: re.sub(r'^version = ".*"$', 'version = "0.2.0"', t, count=1, flags=re.M))
    rewrite(upstream, "Makefile", lambda t: t + "\n# Engine 0.2: nothing else changes here.\n")
    add_file(upstream, "tests/test_engine_release.py",
             '"""Engine 0.2."""\n\n\ndef test_plural() -> None:\n'
             "    from ordinarily.core.problems import plural\n\n"
             '    assert plural(2, "need") == "2 needs"\n')
    rewrite(upstream, "docs/architecture.md",
            lambda t: t + "\n## Release 0.2\n\nNeed files may give `easy_read`.\n")
    rewrite(upstream, "README.md", lambda t: t.replace("## The command line\n",
                                                       "## The command line\n\nAll commands "
                                                       "take --help.\n", 1))
    rewrite(upstream, "example/needs/communication-and-interaction/autism.yml",
            lambda t: re.sub(r"^(summary: .*?\n  )(\w)", r"\1Many \2", t, count=1,
                             flags=re.M | re.S))
    rewrite(upstream, "example/ordinarily.yml",
            lambda t: re.sub(r"phone: 01632 960\d{3}", "phone: 01632 960999", t, count=1))
    rewrite(upstream, "example/mkdocs.yml",
            lambda t: t.replace("      - ordinarily:changes\n",
                                "      - ordinarily:changes\n      - ordinarily:editions\n"))
    new("need", "--project", str(upstream / "example"), "--area", "communication-and-interaction",
        "--id", "selective-mutism", "--title", "Selective mutism")


# --- the test -----------------------------------------------------------------------------

def test_a_fork_merges_a_later_release_without_conflict(repos: tuple[Path, Path]) -> None:
    upstream, fork = repos
    start_site(fork)
    commit_all(fork, "Start the site for Borsetshire", "2026-09-05")
    council_edits(fork)
    commit_all(fork, "Borsetshire's guide and Local Offer", "2026-09-10")
    council_tree = git(fork, "rev-parse", "HEAD").strip()
    assert set(_changed(fork, "upstream/main", "HEAD")) <= set(_under(COUNCIL_PATHS))

    release(upstream)
    commit_all(upstream, "Ordinarily 0.2.0", "2026-10-01")
    assert set(_changed(upstream, "HEAD~1", "HEAD")) <= set(_under(ENGINE_PATHS))

    git(fork, "fetch", "--quiet", "upstream")
    merged = subprocess.run(["git", "merge", "--no-edit", "upstream/main"], cwd=fork,
                            capture_output=True, text=True, env=_git_env())
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert not git(fork, "diff", "--name-only", "--diff-filter=U")
    assert "CONFLICT" not in merged.stdout

    assert not git(fork, "diff", "upstream/main", "HEAD", "--", *ENGINE_PATHS), \
        "the fork's engine and example are upstream's"
    assert not git(fork, "diff", council_tree, "HEAD", "--", *COUNCIL_PATHS), \
        "the council's files are as the council left them"
    assert '"easy_read"' in (fork / "plugins/ordinarily/schemas/need.schema.json").read_text()
    own = _validate_with_merged_engine(fork, fork)
    assert own.returncode == 0, own.stdout + own.stderr
    # Borsetshire's four needs and its dyscalculia: none of the example's, old or new.
    assert own.stdout.startswith("OK: 5 needs"), own.stdout
    assert not list(fork.glob("needs/*/selective-mutism.yml"))
    example = _validate_with_merged_engine(fork, fork / "example")
    assert example.returncode == 0, example.stdout + example.stderr
    assert example.stdout.startswith("OK: 14 needs"), example.stdout


def _under(paths: tuple[str, ...]) -> list[str]:
    return [p + "/" for p in paths] + list(paths)


def _changed(repo: Path, old: str, new: str) -> list[str]:
    """The top-level parts (file or folder) a change touches."""
    names = git(repo, "diff", "--name-only", old, new).split()
    assert names
    return [n.split("/")[0] + ("/" if "/" in n else "") for n in names]


def _git_env() -> dict:
    return {**os.environ, **IDENTITY, "GIT_AUTHOR_DATE": "2026-10-02T12:00:00+00:00",
            "GIT_COMMITTER_DATE": "2026-10-02T12:00:00+00:00"}


def _validate_with_merged_engine(fork: Path, project: Path) -> subprocess.CompletedProcess:
    """`ordinarily validate` of `project`, run by the engine in the merged fork, not the
    installed one."""
    code = ("import sys, ordinarily\n"
            "assert list(ordinarily.__path__)[0] == sys.argv[1], list(ordinarily.__path__)\n"
            "from ordinarily.cli.commands import main\n"
            "sys.exit(main(['validate', sys.argv[2]]))\n")
    env = {**_git_env(), "PYTHONPATH": str(fork / "plugins")}
    return subprocess.run([sys.executable, "-c", code, str(fork / "plugins/ordinarily"),
                           str(project)], capture_output=True, text=True, env=env, timeout=300)
