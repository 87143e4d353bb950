"""The core (validate, generate) runs with MkDocs and Material made unimportable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import EXAMPLE, ROOT

BLOCKER = textwrap.dedent("""
    import sys

    class Blocker:
        BLOCKED = ("mkdocs", "material", "pymdownx")

        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in self.BLOCKED:
                raise ImportError(f"{name} is blocked for this test")
            return None

    sys.meta_path.insert(0, Blocker())
    for name in list(sys.modules):
        if name.split(".")[0] in Blocker.BLOCKED:
            del sys.modules[name]
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker does not work")
    from ordinarily.cli.commands import main
    code = main(sys.argv[1:])
    assert not [m for m in sys.modules if m.split(".")[0] in Blocker.BLOCKED]
    raise SystemExit(code)
""")


def run_core(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCKER, *args], capture_output=True, text=True,
                          timeout=300)


def test_validate_without_mkdocs() -> None:
    result = run_core("validate", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 13 needs")


def test_generate_without_mkdocs(tmp_path: Path) -> None:
    result = run_core("generate", "--out", str(tmp_path), str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    need = tmp_path / "docs/needs/communication-and-interaction/autism.md"
    text = need.read_text()
    assert text.startswith("---\ntitle: Autism\n")
    assert "## Provision" in text and 'id="tier-universal"' not in text  # Markdown, not HTML
    assert "### Universal {: #tier-universal }" in text
    assert (tmp_path / "site-files/schemas/need.schema.json").is_file()
    assert (tmp_path / "docs/glossary.md").is_file()
    assert "There is no earlier edition yet" in (tmp_path / "docs/changes.md").read_text() \
        or "Changes between" in (tmp_path / "docs/changes.md").read_text()


def test_diff_and_content_checks_without_mkdocs() -> None:
    result = run_core("diff", str(EXAMPLE), str(EXAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"changes": []' in result.stdout
    result = run_core("check-content", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "Reading ease:" in result.stdout


def test_core_modules_do_not_import_mkdocs() -> None:
    adapter = {"plugin.py", "mkdocs_config.py", "mkdocs_offpages.py"}
    for module in (ROOT / "plugins/ordinarily").glob("*.py"):
        if module.name in adapter:
            continue
        source = module.read_text()
        assert "import mkdocs" not in source and "from mkdocs" not in source, module.name
