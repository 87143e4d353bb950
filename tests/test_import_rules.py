"""The engine's import rules are a checked contract: `lint-imports` (run by `make lint` and
`make test`) fails on an import that points up a layer, sideways between independent
capabilities, or at MkDocs from outside the adapter.

Each test plants one bad import in a copy of the engine and runs the same command with the same
contracts (`[tool.importlinter]` in pyproject.toml) against the copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, ROOT

ENGINE = ROOT / "plugins" / "ordinarily"


def lint_imports(plugins: Path) -> subprocess.CompletedProcess:
    """`lint-imports` with the repository's contracts, finding `ordinarily` in `plugins`."""
    env = {**os.environ, "PYTHONPATH": str(plugins)}
    return subprocess.run([str(BIN / "lint-imports"), "--no-cache",
                           str(ROOT / "pyproject.toml")],
                          cwd=plugins.parent, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def engine_copy(tmp_path: Path) -> Path:
    """A copy of the engine's Python modules (its files and templates are not needed)."""
    plugins = tmp_path / "plugins"
    shutil.copytree(ENGINE, plugins / "ordinarily",
                    ignore=shutil.ignore_patterns("__pycache__", "schemas", "templates",
                                                  "theme"))
    return plugins


def plant(plugins: Path, module: str, line: str) -> None:
    """Add an import at the end of a module's imports (after its docstring and others)."""
    path = plugins / "ordinarily" / module
    text = path.read_text(encoding="utf-8")
    marker = "from __future__ import annotations\n"
    assert marker in text, f"{module} has no __future__ import to plant after"
    path.write_text(text.replace(marker, marker + line + "\n", 1), encoding="utf-8")


def test_the_engine_as_it_is_keeps_every_contract(engine_copy: Path) -> None:
    result = lint_imports(engine_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "named"), [
    # the core importing a capability (an import that points up)
    ("core/problems.py", "from ordinarily.guide import model", "ordinarily.core.problems"),
    # a capability importing the composition layer above it
    ("guide/loader.py", "from ordinarily.assembly import project",
     "ordinarily.guide.loader"),
    # independent capabilities importing each other (sideways)
    ("checker/checker_page.py", "from ordinarily.sitewide import sections",
     "ordinarily.checker.checker_page"),
    # a tool importing a face
    ("review/changes.py", "from ordinarily.cli import commands", "ordinarily.review.changes"),
], ids=["core-imports-guide", "guide-imports-assembly", "checker-imports-site",
        "review-imports-cli"])
def test_an_import_against_the_layers_fails(engine_copy: Path, module: str, line: str,
                                           named: str) -> None:
    plant(engine_copy, module, line)
    result = lint_imports(engine_copy)
    assert result.returncode != 0
    assert "Each folder imports only the folders below it BROKEN" in result.stdout
    assert named in result.stdout, result.stdout


def test_mkdocs_imported_outside_the_adapter_fails(engine_copy: Path) -> None:
    plant(engine_copy, "assembly/output.py", "import mkdocs.config  # noqa: F401")
    result = lint_imports(engine_copy)
    assert result.returncode != 0
    assert "Only the adapter imports MkDocs or Material BROKEN" in result.stdout
    assert "ordinarily.assembly.output -> mkdocs" in result.stdout, result.stdout
