"""A tiny run of the benchmarks, so they cannot break unnoticed between the runs that measure
(docs/benchmarks.md). It checks that they run and report, not how fast anything is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.build, pytest.mark.browser]  # builds twice; the finder in Chromium

BENCHMARKS = ROOT / "benchmarks"
SERVICES = 60
# Measure straight away: the suite's other process keeps the machine busy, so waiting for a
# quiet machine (as a real run does) would wait for nothing.
ENV = {**os.environ, "ORDINARILY_BENCHMARK_QUIET_TIMEOUT": "0"}


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], env=ENV,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_the_benchmark_runs_and_reports_every_measure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = run("run.py", "--sizes", str(SERVICES), "--runs", "1", "--work",
                 str(tmp_path / "work"), "--out", str(out), "--tmpfs", str(tmp_path / "tmpfs"))
    (size,) = json.loads(out.read_text("utf-8"))["results"]
    assert size["services"] == SERVICES
    for build in ("ordinarily", "plain"):
        assert size[build]["site_on_disk"]["median"]["wall_s"] > 0, build
    assert "| build wall time (s) |" in result.stdout
    assert '| "holiday" + need=autism |' in result.stdout  # the finder was measured
    assert "| finder redraw after a filter change, worst change (ms) |" in result.stdout
    assert [c["change"] for c in size["finder_changes"]] == [
        "query=holiday, then free=1", "query=holiday, then need=autism",
        "everything, then need=autism", "query=short breaks&need=autism, then age=10"]
    # Issue 24's budgets measured alone on the site run.py built.
    budgets = tmp_path / "budgets.json"
    result = run("finder_budgets.py", str(tmp_path / "work" / f"ordinarily-{SERVICES}" / "site"),
                 "--services", str(SERVICES), "--runs", "1", "--out", str(budgets))
    report = json.loads(budgets.read_text("utf-8"))["finder_budgets"]
    assert set(report["budgets"]) == {"finder_kb", "finder_ms", "filter_ms"}
    assert report["header_search"]["index_fetched_before_use"] is False
    assert "| filter change to redrawn results, worst change (ms) |" in result.stdout


def test_the_profile_runs_on_a_generated_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    run("generate_services.py", str(SERVICES), str(project), "--seed", "1")
    services = list((project / "local-offer" / "services").glob("*.yml"))
    assert len(services) >= SERVICES
    result = run("profile_build.py", str(project), "--prof", str(tmp_path / "build.prof"),
                 "--top", "5")
    assert (tmp_path / "build.prof").stat().st_size > 0
    assert "function calls" in result.stdout


def test_the_import_benchmark_runs() -> None:
    result = run("import_feed.py", "--runs", "1")
    assert "import of oruk-original-shape.json: median" in result.stdout, result.stdout
