"""Benchmark the build and the Local Offer finder at scale, beside a plain mkdocs-material site.

    .venv/bin/python benchmarks/run.py --sizes 2000 10000 --runs 2 --out benchmarks/results.json

For each size N: write the example project with N synthetic services (generate_services.py),
time `mkdocs build --strict` on it `--runs` times (wall time; peak memory of the build's whole
process tree), size the output, the theme's search index and the finder's files, measure the
finder in headless Chromium (finder_browser.py), then build a plain mkdocs-material site with
the same number of MkDocs pages plus N simple service pages the same way. Prints Markdown
tables and writes every figure as JSON. docs/benchmarks.md explains the method.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import finder_browser
import generate_services
import measure
import plain_site

HERE = Path(__file__).resolve().parent
MKDOCS = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"]
ENV = {"NO_MKDOCS_2_WARNING": "1"}
BUDGET = {"build_s": 20.0, "memory_mib": 1024, "finder_kb": 250.0, "finder_ms": 300.0}
BUDGET_SIZE = 10_000
_PEAKS = ("wall_s", "peak_rss_total_mib", "peak_pss_total_mib", "peak_rss_largest_mib")


def build_and_size(project: Path, runs: int) -> dict[str, Any]:
    """Build `project` `runs` times, each from scratch (no site/ to clean first, as in CI); the
    median of each figure, every run, and the site's sizes."""
    done = []
    for _ in range(runs):
        shutil.rmtree(project / "site", ignore_errors=True)
        done.append(measure.as_dict(measure.timed_build(MKDOCS, project, ENV)))
    median = {key: round(statistics.median(r[key] for r in done), 2) for key in _PEAKS}
    return {"median": median, "runs": done, "site": measure.site_stats(project / "site")}


def summarise_queries(queries: list[dict]) -> list[dict]:
    for q in queries:
        samples = q["samples"]
        q["median_ms"] = round(statistics.median(s["ms"] for s in samples), 1)
        q["median_gzip_bytes"] = round(statistics.median(s["gzip_bytes"] for s in samples))
        q["search_index_gzip_bytes"] = samples[0]["by_kind"].get("search index", 0)
        q["count"] = samples[0]["count"]
    return queries


def bench_size(count: int, work: Path, runs: int, seed: int) -> dict[str, Any]:
    project = work / f"ordinarily-{count}"
    started = time.perf_counter()
    generate_services.generate(count, project, seed)
    generated = round(time.perf_counter() - started, 1)
    print(f"[{count}] generated in {generated} s; building {runs}x", flush=True)
    ordinarily = build_and_size(project, runs)
    print(f"[{count}] built: {ordinarily['median']}; measuring the finder", flush=True)
    queries = summarise_queries(finder_browser.run_queries(project / "site", runs))
    plain = work / f"plain-{count}"
    plain_site.write_plain_site(plain, ordinarily["site"]["mkdocs_pages"], count, seed)
    print(f"[{count}] building the plain site {runs}x", flush=True)
    return {"services": count, "generate_s": generated, "ordinarily": ordinarily,
            "finder": queries, "plain": build_and_size(plain, runs)}


def budgets(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each budget of the issue: the figure, the limit and whether it is met."""
    median = result["ordinarily"]["median"]
    typed = [q for q in result["finder"] if q["mode"] == "typed"]
    figures = {
        "build_s": median["wall_s"],
        "memory_mib": median["peak_rss_total_mib"],
        "finder_kb": max(q["median_gzip_bytes"] for q in result["finder"]) / 1000,
        "finder_ms": max(q["median_ms"] for q in typed),
    }
    return {key: {"value": round(value, 1), "limit": BUDGET[key], "met": value <= BUDGET[key]}
            for key, value in figures.items()}


def machine() -> dict[str, Any]:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {"cpu": model, "cores": os.cpu_count(), "ram_gib": round(pages / 1024 ** 3, 1),
            "os": platform.platform(), "python": platform.python_version(),
            **{name: metadata.version(name) for name in ("mkdocs", "mkdocs-material",
                                                        "playwright")}}


def build_table(results: list[dict[str, Any]]) -> str:
    head = ("| services | build | HTML pages | wall (median) | peak memory, all processes "
            "(RSS / PSS) | largest process | output (du) | files | search index (raw / gzip) "
            "| finder files |\n|---|---|---|---|---|---|---|---|---|---|\n")
    rows = []
    for r in results:
        for name in ("ordinarily", "plain"):
            b, s = r[name]["median"], r[name]["site"]
            walls = ", ".join(f"{run['wall_s']:.1f}" for run in r[name]["runs"])
            finder = s.get("finder")
            rows.append(
                f"| {r['services']:,} | {name} | {s['html_pages']:,} | {b['wall_s']:.1f} s "
                f"({walls}) | {b['peak_rss_total_mib']:.0f} / {b['peak_pss_total_mib']:.0f} MiB "
                f"| {b['peak_rss_largest_mib']:.0f} MiB | {s['du_mib']:.0f} MiB "
                f"| {s['files']:,} | {s['search_index_kb']:.0f} / "
                f"{s['search_index_gzip_kb']:.0f} KB | "
                + (f"{finder['files']:,} files, {finder['kb'] / 1000:.1f} MB" if finder else "-")
                + " |")
    return head + "\n".join(rows)


def finder_table(results: list[dict[str, Any]]) -> str:
    head = ("| services | query | results | typed: gzip KB counted | URL: gzip KB counted "
            "| of which search index | typed: Enter to results (median, runs) "
            "| URL: navigation to results |\n|---|---|---|---|---|---|---|---|\n")
    rows = []
    for r in results:
        by = {(q["query"], q["mode"]): q for q in r["finder"]}
        for label in dict.fromkeys(q["query"] for q in r["finder"]):
            typed, url = by[(label, "typed")], by[(label, "url")]
            runs = ", ".join(f"{s['ms']:.0f}" for s in typed["samples"])
            rows.append(
                f"| {r['services']:,} | {label} | {typed['count']:,} "
                f"| {typed['median_gzip_bytes'] / 1000:.1f} "
                f"| {url['median_gzip_bytes'] / 1000:.1f} "
                f"| {typed['search_index_gzip_bytes'] / 1000:.1f} | {typed['median_ms']:.0f} ms "
                f"({runs}) | {url['median_ms']:.0f} ms |")
    return head + "\n".join(rows)


def budget_table(results: list[dict[str, Any]]) -> str:
    names = {"build_s": "build wall time (s)", "memory_mib": "peak memory, all processes (MiB)",
             "finder_kb": "finder bytes, worst query (KB gzip)",
             "finder_ms": "finder time, worst query (ms)"}
    rows = [f"| {r['services']:,} | {names[k]} | {b['value']} | {b['limit']} | "
            f"{'met' if b['met'] else 'MISSED'} |"
            for r in results for k, b in r["budgets"].items()]
    return ("| services | budget | measured | limit | |\n|---|---|---|---|---|\n"
            + "\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    p.add_argument("--runs", type=int, default=2, help="repeats of every measurement")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=Path("/tmp/ordinarily-benchmark"),
                   help="folder for the generated projects and sites")
    p.add_argument("--out", type=Path, default=HERE / "results.json")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    results = []
    for count in args.sizes:
        result = bench_size(count, args.work, args.runs, args.seed)
        result["budgets"] = budgets(result)
        results.append(result)
    report = {"date": started.isoformat(timespec="seconds"), "machine": machine(),
              "runs": args.runs, "seed": args.seed, "loadavg_after": os.getloadavg(),
              "budget_applies_to": BUDGET_SIZE, "results": results}
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("\n" + build_table(results) + "\n\n" + finder_table(results) + "\n\n"
          + budget_table(results) + f"\n\nWrote {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
