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

# It builds, measures the finder in Chromium and serves; the fast tier leaves it out.
pytestmark = [pytest.mark.build, pytest.mark.browser]

BENCHMARKS = ROOT / "benchmarks"
SERVICES = 50
# Measure straight away: the suite's other process keeps the machine busy, so waiting for a
# quiet machine (as a real run does) would wait for nothing.
ENV = {**os.environ, "ORDINARILY_BENCHMARK_QUIET_TIMEOUT": "0"}


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], env=ENV,
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.mark.serial  # it times builds and a serve loop: make test runs it alone, afterwards
def test_the_benchmark_runs_and_reports_every_measure(tmp_path: Path) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("runs alone (make test's serial step, or pytest -m serial), never beside "
                    "other tests")
    out, tmpfs = tmp_path / "results.json", tmp_path / "tmpfs"
    tmpfs.mkdir()
    result = run("run.py", "--sizes", str(SERVICES), "--runs", "1", "--work",
                 str(tmp_path / "work"), "--out", str(out), "--tmpfs", str(tmpfs))
    report = json.loads(out.read_text("utf-8"))
    (size,) = report["results"]
    assert size["services"] == SERVICES
    assert report["steps"] == ["build", "finder", "serve"]
    for build in ("ordinarily", "plain"):
        for way in ("site_on_disk", "site_on_tmpfs"):
            median = size[build][way]["median"]
            assert median["wall_s"] > 0 and median["peak_rss_total_mib"] > 0, (build, way)
    # The cold build wrote the Open Referral UK feed; the warm one was measured too.
    assert size["ordinarily"]["feed_files"] > 0
    assert len(size["ordinarily"]["warm_cache"]["runs"]) == 1
    assert "warm_cache" not in size["plain"]
    assert "| cold, site on disk (median; runs) |" in result.stdout
    assert f"| {SERVICES} | ordinarily |" in result.stdout
    assert '| "holiday" + need=autism |' in result.stdout  # the finder was measured
    assert len(size["finder"]) == 10  # five queries, typed and from the URL
    assert [c["change"] for c in size["finder_changes"]] == [
        "query=holiday, then free=1", "query=holiday, then need=autism",
        "everything, then need=autism", "query=short breaks&need=autism, then age=10"]
    # No build time budget below 2,000 services; memory and the finder's apply at any size.
    assert set(size["budgets"]) == {"memory_mib", "finder_kb", "finder_ms", "filter_ms"}
    assert "| finder redraw after a filter change, worst change (ms) |" in result.stdout
    check_serve_loop(report["serve_loop"], result.stdout)
    # Issue 24's budgets measured alone on the site run.py built.
    budgets = tmp_path / "budgets.json"
    result = run("finder_budgets.py", str(tmp_path / "work" / f"ordinarily-{SERVICES}" / "site"),
                 "--services", str(SERVICES), "--runs", "1", "--out", str(budgets))
    report = json.loads(budgets.read_text("utf-8"))["finder_budgets"]
    assert set(report["budgets"]) == {"finder_kb", "finder_ms", "filter_ms"}
    assert report["header_search"]["index_fetched_before_use"] is False
    assert "| filter change to redrawn results, worst change (ms) |" in result.stdout


def check_serve_loop(serve: dict, stdout: str) -> None:
    """Each file saved under `mkdocs serve` showed on its page after a live reload, for the
    example, the generated project and the plain site, with the figures the docs give."""
    assert serve["engine"] and serve["date"]
    assert len(serve["loadavg_before"]) == len(serve["loadavg_after"]) == 3
    loops = {loop["label"]: loop for loop in serve["loops"]}
    assert list(loops) == ["example", f"{SERVICES} services", f"plain, {SERVICES} services"]
    expected = {"example": ["need", "service", "glossary"],
                f"{SERVICES} services": ["need", "service", "glossary"],
                f"plain, {SERVICES} services": ["page"]}
    for label, kinds in expected.items():
        changes = loops[label]["changes"]
        assert [c["change"] for c in changes] == kinds, label
        assert loops[label]["first_build_s"] > 0
        for change in changes:
            (sample,) = change["samples"]
            assert sample["reloaded"], (label, change["url"])  # MkDocs' live reload, not a goto
            assert 0 < sample["seconds"] == change["median_s"], (label, change)
            assert len(sample["marker"]) > len("ordbench")
    assert set(serve["budgets"]) == {"example: need", "example: service"}
    assert "| example | need (`needs/communication-and-interaction/autism.yml`) |" in stdout
    assert "| example | need file saved to change on screen under serve (s) |" in stdout
    assert f"| plain, {SERVICES} services | page (`docs/guide/topic-001.md`) |" in stdout


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
