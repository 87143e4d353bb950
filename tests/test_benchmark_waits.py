"""Every browser wait and evaluation in benchmarks/ is a function, which the pages'
Content-Security-Policy allows: an expression string needs eval, which it refuses, and
Playwright evaluates such a string again at every poll of a wait (docs/benchmarks.md). This
reads the scripts, so the fast tier catches a string before the suite's tiny benchmark run."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))
CALLS = {"wait_for_function", "evaluate", "evaluate_handle", "evaluate_all"}
# What Playwright accepts as a function: an arrow function, with or without brackets round
# its parameters, or a function expression, either async.
FUNCTION = re.compile(r"^\s*(async\s+)?(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)")


def script_text(node: ast.expr, constants: dict[str, ast.expr]) -> str | None:
    """The JavaScript a call's first argument gives: a string, an f-string (each value
    written as X), or a module constant holding one; None if it cannot be told."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    if isinstance(node, ast.Name) and node.id in constants:
        return script_text(constants[node.id], {})
    return None


def waits(path: Path) -> list[tuple[int, str | None]]:
    """(line, script) of every wait and evaluation in one script."""
    tree = ast.parse(path.read_text("utf-8"))
    constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
    return [(node.lineno, script_text(node.args[0], constants)) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in CALLS and node.args]


def test_the_check_tells_a_function_from_an_expression() -> None:
    assert FUNCTION.match("() => window.x") and FUNCTION.match("(m) => m")
    assert FUNCTION.match("before => before !== 1") and FUNCTION.match("async () => 1")
    assert FUNCTION.match("\n  function () { return 1; }")
    assert not FUNCTION.match("document.querySelector('x').textContent.includes('found')")
    assert not FUNCTION.match("window.__ordBench.t1 !== null")


def test_the_benchmarks_have_waits_to_check() -> None:
    found = {path.name for path in BENCHMARKS if waits(path)}
    assert {"finder_browser.py", "finder_budgets.py", "serve_loop.py"} <= found


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.name)
def test_every_wait_and_evaluation_is_a_function(path: Path) -> None:
    for line, script in waits(path):
        assert script is not None, f"{path.name}:{line}: cannot tell what this evaluates; " \
            "pass a string or a module constant holding one"
        assert FUNCTION.match(script), (
            f"{path.name}:{line}: {script.strip()[:60]!r} is an expression string; the pages' "
            "Content-Security-Policy refuses it as eval. Write it as a function: "
            f"'() => {script.strip()[:40]}'")
