"""Benchmark the build, the edit loop under `make serve` and the Local Offer finder at scale,
beside a plain mkdocs-material site.

    .venv/bin/python benchmarks/run.py --sizes 2000 10000 --runs 2 --out benchmarks/results.json
    .venv/bin/python benchmarks/run.py --only build serve --sizes 2000 10000 --runs 3 --tmpfs ''

For each size N: write the example project with N synthetic services (generate_services.py);
`build`: time a cold `mkdocs build --strict` on it `--runs` times (an empty site folder, no parse
cache, the Open Referral UK feed included; wall time; peak memory of the build's whole process
tree), as often with the site written to tmpfs (`--tmpfs`, which takes the file system out of the
figure), and as often warm (the parse cache the last cold build left, the site folder emptied);
size the output, the theme's search index and the finder's files; build a plain mkdocs-material
site with the same number of MkDocs pages plus N simple service pages the same way. `finder`:
measure the finder in headless Chromium (finder_browser.py). `serve`: the edit loop under
`make serve` (serve_loop.py) for a copy of the example and for each of `--serve-sizes`, and for
the plain site of that size. Prints Markdown tables and writes every figure as JSON (other keys
already in `--out` are kept). docs/benchmarks.md explains the method.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import finder_browser
import generate_services
import measure
import plain_site
import serve_loop
from measure import engine_fingerprint, machine  # noqa: F401 - finder_budgets.py uses them

HERE = Path(__file__).resolve().parent
MKDOCS = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"]
ENV = {"NO_MKDOCS_2_WARNING": "1"}
STEPS = ("build", "finder", "serve")
# Issue 29: the cold build at 2,000 and 10,000 services, and its memory at any size.
BUILD_BUDGET_S = {2_000: 4.0, 10_000: 12.0}
MEMORY_BUDGET_MIB = 1024
# Issue 24: the finder's bytes and times (finder_budgets.py measures them alone).
FINDER_BUDGET = {"finder_kb": 200.0, "finder_ms": 300.0, "filter_ms": 100.0}
# Issue 29: from saving a file to the change on screen under `make serve`, in seconds.
SERVE_BUDGET_S = {("example", "need"): 1.5, ("example", "service"): 1.5,
                  ("2,000 services", "need"): 3.0}
SERVE_UP_TO = 2_000  # the serve loop runs at the sizes up to this one unless --serve-sizes
CACHE = Path(".cache") / "ordinarily"  # the engine's parse cache, in the project folder
FEED = Path("api") / "oruk"  # the Open Referral UK feed in the site
_PEAKS = ("wall_s", "peak_rss_total_mib", "peak_pss_total_mib", "peak_rss_largest_mib")


def build_and_size(project: Path, runs: int, tmpfs: Path | None,
                   warm: bool = True) -> dict[str, Any]:
    """Build `project` `runs` times cold (an empty site folder, as in CI, and no parse cache),
    as often with the output on tmpfs (`tmpfs`, if given), then as often warm (the parse cache
    the cold builds left; the site folder emptied first) if `warm`; the median of each figure,
    every run, and the site's sizes."""
    result = {"site_on_disk": _builds(project, runs, project / "site", cold=True)}
    result["site"] = measure.site_stats(project / "site")
    result["feed_files"] = _count_files(project / "site" / FEED)
    if tmpfs is not None:
        in_ram = tmpfs / f"ordinarily-benchmark-{project.name}"
        result["site_on_tmpfs"] = _builds(project, runs, in_ram, cold=True)
        shutil.rmtree(in_ram, ignore_errors=True)
    if warm:
        result["warm_cache"] = _builds(project, runs, project / "site", cold=False)
        result["cache_files"] = _count_files(project / CACHE)
    return result


def _builds(project: Path, runs: int, site: Path, cold: bool) -> dict[str, Any]:
    done = []
    for _ in range(runs):
        shutil.rmtree(site, ignore_errors=True)
        if cold:
            shutil.rmtree(project / CACHE, ignore_errors=True)
        os.sync()
        run = measure.timed_build([*MKDOCS, "--site-dir", str(site)], project, ENV)
        done.append(measure.as_dict(run))
    median = {key: round(statistics.median(r[key] for r in done), 2) for key in _PEAKS}
    return {"median": median, "runs": done}


def _count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def summarise_queries(queries: list[dict]) -> list[dict]:
    for q in queries:
        samples = q["samples"]
        q["median_ms"] = round(statistics.median(s["ms"] for s in samples), 1)
        q["median_gzip_bytes"] = round(statistics.median(s["gzip_bytes"] for s in samples))
        q["search_index_gzip_bytes"] = samples[0]["by_kind"].get("search index", 0)
        q["count"] = samples[0]["count"]
    return queries


def bench_size(count: int, work: Path, runs: int, seed: int, tmpfs: Path | None,
               steps: tuple[str, ...]) -> dict[str, Any]:
    project = work / f"ordinarily-{count}"
    started = time.perf_counter()
    generate_services.generate(count, project, seed)
    generated = round(time.perf_counter() - started, 1)
    directory_ms = measure.directory_cost_ms(work)
    print(f"[{count}] generated in {generated} s; a directory costs {directory_ms} ms", flush=True)
    result: dict[str, Any] = {"services": count, "generate_s": generated,
                              "directory_ms": directory_ms}
    if "build" in steps:
        print(f"[{count}] building {runs}x cold, then warm", flush=True)
        result["ordinarily"] = build_and_size(project, runs, tmpfs)
        if not result["ordinarily"]["feed_files"]:
            raise RuntimeError(f"the build of {project} wrote no Open Referral UK feed "
                               f"({FEED}/): the build budget counts it")
        print(f"[{count}] built: {result['ordinarily']['site_on_disk']['median']}", flush=True)
        pages = result["ordinarily"]["site"]["mkdocs_pages"]
    else:  # the finder and the plain site need a built site: built once, not measured
        measure.timed_build([*MKDOCS, "--site-dir", str(project / "site")], project, ENV)
        pages = measure.site_stats(project / "site")["mkdocs_pages"]
    if "finder" in steps:
        print(f"[{count}] measuring the finder", flush=True)
        result["finder"] = summarise_queries(finder_browser.run_queries(project / "site", runs))
        changes = finder_browser.run_changes(project / "site", runs)
        for c in changes:
            c["median_ms"] = round(statistics.median(s["ms"] for s in c["samples"]), 1)
        result["finder_changes"] = changes
    plain = work / f"plain-{count}"
    plain_site.write_plain_site(plain, pages, count, seed)
    if "build" in steps:
        print(f"[{count}] building the plain site {runs}x", flush=True)
        result["plain"] = build_and_size(plain, runs, tmpfs, warm=False)
    return result


def budgets(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each budget that applies at this size and was measured: the figure, the limit and
    whether it is met."""
    figures, limits = {}, {}
    if "ordinarily" in result:
        median = result["ordinarily"]["site_on_disk"]["median"]
        if result["services"] in BUILD_BUDGET_S:
            figures["build_s"] = median["wall_s"]
            limits["build_s"] = BUILD_BUDGET_S[result["services"]]
        figures["memory_mib"], limits["memory_mib"] = median["peak_rss_total_mib"], \
            MEMORY_BUDGET_MIB
    if "finder" in result:
        typed = [q for q in result["finder"] if q["mode"] == "typed"]
        figures["finder_kb"] = max(q["median_gzip_bytes"] for q in result["finder"]) / 1000
        figures["finder_ms"] = max(q["median_ms"] for q in typed)
        figures["filter_ms"] = max(c["median_ms"] for c in result["finder_changes"])
        limits.update(FINDER_BUDGET)
    return {key: {"value": round(value, 1), "limit": limits[key],
                  "met": value <= limits[key]} for key, value in figures.items()}


def serve_loops(work: Path, sizes: list[int], runs: int) -> dict[str, Any]:
    """The edit loop under `make serve`: a copy of the example, then each size's generated
    project and its plain site."""
    started = datetime.now(timezone.utc)
    load_before = os.getloadavg()
    example = serve_loop.example_copy(work / "example")
    projects = [("example", None, example, False)]
    for count in sizes:
        projects += [(f"{count:,} services", count, work / f"ordinarily-{count}", False),
                     (f"plain, {count:,} services", count, work / f"plain-{count}", True)]
    loops = []
    for label, count, project, plain in projects:
        print(f"[serve] {label}: {runs}x each change", flush=True)
        changes = (serve_loop.plain_changes(project) if plain
                   else serve_loop.changes_for(project))
        loops.append({"label": label, "services": count,
                      **serve_loop.loop(project, changes, runs, plain, log_dir=work)})
    budget = {f"{label}: {change}": {"value": round(c["median_s"], 2), "limit": limit,
                                     "met": c["median_s"] <= limit}
              for (label, change), limit in SERVE_BUDGET_S.items()
              for entry in loops if entry["label"] == label
              for c in entry["changes"] if c["change"] == change}
    return {"date": started.isoformat(timespec="seconds"), "engine": engine_fingerprint(),
            "runs": runs, "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
            "loops": loops, "budgets": budget}


def build_table(results: list[dict[str, Any]]) -> str:
    head = ("| services | build | HTML pages | cold, site on disk (median; runs) "
            "| cold, site on tmpfs | warm, parse cache (median; runs) "
            "| peak memory, all processes (RSS / PSS) | largest process | output (du) | files "
            "| feed files | search index (raw / gzip) | finder files |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
    return head + "\n".join(_build_row(r, name) for r in results
                            for name in ("ordinarily", "plain") if name in r)


def _walls(builds: dict[str, Any] | None) -> str:
    if not builds:
        return "-"
    runs = ", ".join(f"{run['wall_s']:.1f}" for run in builds["runs"])
    return f"{builds['median']['wall_s']:.1f} s ({runs})"


def _build_row(r: dict[str, Any], name: str) -> str:
    built, s = r[name], r[name]["site"]
    b = built["site_on_disk"]["median"]
    warm = _walls(built.get("warm_cache"))
    if "warm_cache" in built and not built.get("cache_files"):
        warm += ", no parse cache found"
    finder = s.get("finder")
    return (f"| {r['services']:,} | {name} | {s['html_pages']:,} "
            f"| {_walls(built['site_on_disk'])} | {_walls(built.get('site_on_tmpfs'))} "
            f"| {warm} | {b['peak_rss_total_mib']:.0f} / {b['peak_pss_total_mib']:.0f} MiB "
            f"| {b['peak_rss_largest_mib']:.0f} MiB | {s['du_mib']:.0f} MiB | {s['files']:,} "
            f"| {built.get('feed_files', 0):,} | {s['search_index_kb']:.0f} / "
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


def budget_table(results: list[dict[str, Any]], serve: dict[str, Any] | None) -> str:
    names = {"build_s": "cold build, site on disk (s)",
             "memory_mib": "peak memory, all processes (MiB)",
             "finder_kb": "finder bytes, worst query (KB gzip)",
             "finder_ms": "finder time, worst query (ms)",
             "filter_ms": "finder redraw after a filter change, worst change (ms)"}
    rows = [(f"{r['services']:,} services", names[k], b) for r in results
            for k, b in r["budgets"].items()]
    if serve:
        rows += [(key.split(": ")[0], f"{key.split(': ')[1]} file saved to change on screen "
                  "under serve (s)", b) for key, b in serve["budgets"].items()]
    return ("| at | budget | measured | limit | |\n|---|---|---|---|---|\n"
            + "\n".join(f"| {at} | {name} | {b['value']} | {b['limit']} | "
                        f"{'met' if b['met'] else 'MISSED'} |" for at, name, b in rows))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--only", nargs="+", choices=STEPS, default=list(STEPS),
                   help="measure only these (default: all); issue 29's budgets are "
                        "'--only build serve'")
    p.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    p.add_argument("--serve-sizes", type=int, nargs="*",
                   help=f"sizes (of --sizes) for the serve loop; default those up to "
                        f"{SERVE_UP_TO:,}; the example is always measured")
    p.add_argument("--runs", type=int, default=3, help="repeats of every measurement")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", type=Path, default=Path("/tmp/ordinarily-benchmark"),
                   help="folder for the generated projects and sites")
    p.add_argument("--out", type=Path, default=HERE / "results.json")
    p.add_argument("--tmpfs", type=Path, default=Path("/dev/shm"),
                   help="a RAM folder to build into as well (isolates file system costs); "
                        "'' to skip")
    args = p.parse_args(argv)
    steps = tuple(args.only)
    serve_sizes = (args.serve_sizes if args.serve_sizes is not None
                   else [n for n in args.sizes if n <= SERVE_UP_TO])
    if not set(serve_sizes) <= set(args.sizes):
        p.error("--serve-sizes must be among --sizes (the serve loop uses their projects)")
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    started, engine = datetime.now(timezone.utc), engine_fingerprint()
    load_before = os.getloadavg()
    print(f"engine {engine}; measuring {', '.join(steps)}", flush=True)
    tmpfs = args.tmpfs if str(args.tmpfs) not in ("", ".") and args.tmpfs.is_dir() else None
    results = []
    for count in args.sizes:
        result = bench_size(count, args.work, args.runs, args.seed, tmpfs, steps)
        result["budgets"] = budgets(result)
        results.append(result)
    serve = serve_loops(args.work, serve_sizes, args.runs) if "serve" in steps else None
    report = json.loads(args.out.read_text("utf-8")) if args.out.exists() else {}
    report.update({"date": started.isoformat(timespec="seconds"), "machine": machine(),
                   "engine": engine, "engine_after": engine_fingerprint(), "steps": steps,
                   "runs": args.runs, "seed": args.seed, "loadavg_before": load_before,
                   "loadavg_after": os.getloadavg(), "results": results})
    if serve:
        report["serve_loop"] = serve
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    tables = [build_table(results)] if "build" in steps else []
    tables += [finder_table(results)] if "finder" in steps else []
    tables += [serve_loop.table(serve["loops"], SERVE_BUDGET_S)] if serve else []
    print("\n" + "\n\n".join([*tables, budget_table(results, serve)]) + f"\n\nWrote {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
