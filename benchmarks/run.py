"""Benchmark the build and the Local Offer finder at scale, beside a plain mkdocs-material site.

    .venv/bin/python benchmarks/run.py --sizes 2000 10000 --runs 2 --out benchmarks/results.json

For each size N: write the example project with N synthetic services (generate_services.py),
time `mkdocs build --strict` on it `--runs` times (wall time; peak memory of the build's whole
process tree), then as often with the site written to tmpfs (`--tmpfs`, which takes the file
system out of the figure); size the output, the theme's search index and the finder's files;
measure the finder in headless Chromium (finder_browser.py); then build a plain
mkdocs-material site with the same number of MkDocs pages plus N simple service pages the same
way. Prints Markdown tables and writes every figure as JSON. docs/benchmarks.md explains the
method.
"""

from __future__ import annotations

import argparse
import hashlib
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
# The finder's bytes and times are issue 24's budgets (finder_budgets.py measures them alone).
BUDGET = {"build_s": 20.0, "build_s_tmpfs": 20.0, "memory_mib": 1024, "finder_kb": 200.0,
          "finder_ms": 300.0, "filter_ms": 100.0}
BUDGET_SIZE = 10_000
_PEAKS = ("wall_s", "peak_rss_total_mib", "peak_pss_total_mib", "peak_rss_largest_mib")


def build_and_size(project: Path, runs: int, tmpfs: Path | None) -> dict[str, Any]:
    """Build `project` `runs` times, each from scratch (no site/ to clean first, as in CI),
    then as often with the output on tmpfs (`tmpfs`, if given); the median of each figure,
    every run, and the site's sizes."""
    result = {"site_on_disk": _builds(project, runs, project / "site")}
    if tmpfs is not None:
        in_ram = tmpfs / f"ordinarily-benchmark-{project.name}"
        result["site_on_tmpfs"] = _builds(project, runs, in_ram)
        shutil.rmtree(in_ram, ignore_errors=True)
    result["site"] = measure.site_stats(project / "site")
    return result


def _builds(project: Path, runs: int, site: Path) -> dict[str, Any]:
    done = []
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        os.sync()
        run = measure.timed_build([*MKDOCS, "--site-dir", str(site)], project, ENV)
        done.append(measure.as_dict(run))
    median = {key: round(statistics.median(r[key] for r in done), 2) for key in _PEAKS}
    return {"median": median, "runs": done}


def summarise_queries(queries: list[dict]) -> list[dict]:
    for q in queries:
        samples = q["samples"]
        q["median_ms"] = round(statistics.median(s["ms"] for s in samples), 1)
        q["median_gzip_bytes"] = round(statistics.median(s["gzip_bytes"] for s in samples))
        q["search_index_gzip_bytes"] = samples[0]["by_kind"].get("search index", 0)
        q["count"] = samples[0]["count"]
    return queries


def bench_size(count: int, work: Path, runs: int, seed: int,
               tmpfs: Path | None) -> dict[str, Any]:
    project = work / f"ordinarily-{count}"
    started = time.perf_counter()
    generate_services.generate(count, project, seed)
    generated = round(time.perf_counter() - started, 1)
    directory_ms = measure.directory_cost_ms(work)
    print(f"[{count}] generated in {generated} s; a directory costs {directory_ms} ms; "
          f"building {runs}x", flush=True)
    ordinarily = build_and_size(project, runs, tmpfs)
    print(f"[{count}] built: {ordinarily['site_on_disk']['median']}; measuring the finder",
          flush=True)
    queries = summarise_queries(finder_browser.run_queries(project / "site", runs))
    changes = finder_browser.run_changes(project / "site", runs)
    for c in changes:
        c["median_ms"] = round(statistics.median(s["ms"] for s in c["samples"]), 1)
    plain = work / f"plain-{count}"
    plain_site.write_plain_site(plain, ordinarily["site"]["mkdocs_pages"], count, seed)
    print(f"[{count}] building the plain site {runs}x", flush=True)
    return {"services": count, "generate_s": generated, "directory_ms": directory_ms,
            "ordinarily": ordinarily, "finder": queries, "finder_changes": changes,
            "plain": build_and_size(plain, runs, tmpfs)}


def budgets(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each budget of the issue: the figure, the limit and whether it is met."""
    median = result["ordinarily"]["site_on_disk"]["median"]
    typed = [q for q in result["finder"] if q["mode"] == "typed"]
    tmpfs = result["ordinarily"].get("site_on_tmpfs")
    figures = {
        "build_s": median["wall_s"],
        **({"build_s_tmpfs": tmpfs["median"]["wall_s"]} if tmpfs else {}),
        "memory_mib": median["peak_rss_total_mib"],
        "finder_kb": max(q["median_gzip_bytes"] for q in result["finder"]) / 1000,
        "finder_ms": max(q["median_ms"] for q in typed),
        "filter_ms": max(c["median_ms"] for c in result["finder_changes"]),
    }
    return {key: {"value": round(value, 1), "limit": BUDGET[key], "met": value <= BUDGET[key]}
            for key, value in figures.items()}


def engine_fingerprint() -> str:
    """A hash of the engine's files, to tell which state of the engine was measured."""
    digest = hashlib.sha256()
    for path in sorted((HERE.parent / "plugins/ordinarily").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


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
    head = ("| services | build | HTML pages | wall, site on disk (median; runs) "
            "| wall, site on tmpfs | peak memory, all processes (RSS / PSS) | largest process "
            "| output (du) | files | search index (raw / gzip) | finder files |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|\n")
    return head + "\n".join(_build_row(r, name) for r in results
                            for name in ("ordinarily", "plain"))


def _build_row(r: dict[str, Any], name: str) -> str:
    disk, s = r[name]["site_on_disk"], r[name]["site"]
    b = disk["median"]
    walls = ", ".join(f"{run['wall_s']:.1f}" for run in disk["runs"])
    tmpfs = r[name].get("site_on_tmpfs")
    on_tmpfs = f"{tmpfs['median']['wall_s']:.1f} s" if tmpfs else "-"
    finder = s.get("finder")
    return (f"| {r['services']:,} | {name} | {s['html_pages']:,} | {b['wall_s']:.1f} s "
            f"({walls}) | {on_tmpfs} | {b['peak_rss_total_mib']:.0f} / "
            f"{b['peak_pss_total_mib']:.0f} MiB | {b['peak_rss_largest_mib']:.0f} MiB "
            f"| {s['du_mib']:.0f} MiB | {s['files']:,} | {s['search_index_kb']:.0f} / "
            f"{s['search_index_gzip_kb']:.0f} KB | "
            + (f"{finder['files']:,} files, {finder['kb'] / 1000:.1f} MB" if finder else "-")
            + " |")


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
    names = {"build_s": "build wall time (s)",
             "build_s_tmpfs": "build wall time, site written to tmpfs (s)",
             "memory_mib": "peak memory, all processes (MiB)",
             "finder_kb": "finder bytes, worst query (KB gzip)",
             "finder_ms": "finder time, worst query (ms)",
             "filter_ms": "finder redraw after a filter change, worst change (ms)"}
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
    p.add_argument("--tmpfs", type=Path, default=Path("/dev/shm"),
                   help="a RAM folder to build into as well (isolates file system costs); "
                        "'' to skip")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    started, engine = datetime.now(timezone.utc), engine_fingerprint()
    print(f"engine {engine}", flush=True)
    results = []
    for count in args.sizes:
        tmpfs = args.tmpfs if str(args.tmpfs) not in ("", ".") and args.tmpfs.is_dir() else None
        result = bench_size(count, args.work, args.runs, args.seed, tmpfs)
        result["budgets"] = budgets(result)
        results.append(result)
    report = {"date": started.isoformat(timespec="seconds"), "machine": machine(),
              "engine": engine, "engine_after": engine_fingerprint(),
              "runs": args.runs, "seed": args.seed, "loadavg_after": os.getloadavg(),
              "budget_applies_to": BUDGET_SIZE, "results": results}
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("\n" + build_table(results) + "\n\n" + finder_table(results) + "\n\n"
          + budget_table(results) + f"\n\nWrote {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
