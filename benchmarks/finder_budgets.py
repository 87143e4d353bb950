"""The finder's budgets (issue 24) on a site already built, without the 25-minute full run.

    .venv/bin/python benchmarks/finder_budgets.py SITE --services 10000 --runs 3

Measures, in headless Chromium with an empty cache each time (finder_browser.py):
- every byte fetched from navigation to the first results, gzipped (the theme's shared CSS and
  JavaScript excepted, as in run.py), for each query typed and opened from its URL: at most
  200 KB;
- the time from the query to the first results on screen: at most 300 ms;
- the time from a filter change to the redrawn results on screen: at most 100 ms;
- that the finder page does not fetch the theme's search index until the header search is used,
  and that the header search then gives results.

Prints Markdown tables and stores the figures under "finder_budgets" in `--out` (the other
figures in that file are kept).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import finder_browser
import run as full_run
from finder_browser import FINDER, serve

from browser import ARGS, chromium_path

HERE = Path(__file__).resolve().parent
BUDGET = {"finder_kb": 200.0, "finder_ms": 300.0, "filter_ms": 100.0}


def header_search(site: Path) -> dict[str, Any]:
    """Whether the finder page leaves the search index alone until the header search is used,
    and how long the header search then takes to show results for "autism"."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            urls: list[str] = []
            page.on("request", lambda request: urls.append(request.url))
            page.goto(base + FINDER, wait_until="networkidle")
            before = any("search_index.json" in u for u in urls)
            page.click("[data-md-component=search-query]")  # in the header at 1280 px
            started = time.perf_counter()
            page.fill("[data-md-component=search-query]", "autism")
            page.wait_for_function(
                "() => document.querySelectorAll('.md-search-result__item').length > 0",
                timeout=30_000)
            return {"index_fetched_before_use": before,
                    "results_after_typing_ms": round((time.perf_counter() - started) * 1000)}
        finally:
            browser.close()


def figures(queries: list[dict], changes: list[dict]) -> dict[str, float]:
    typed = [q for q in queries if q["mode"] == "typed"]
    return {"finder_kb": max(q["median_gzip_bytes"] for q in queries) / 1000,
            "finder_ms": max(q["median_ms"] for q in typed),
            "filter_ms": max(c["median_ms"] for c in changes)}


def summarise_changes(changes: list[dict]) -> list[dict]:
    for c in changes:
        c["median_ms"] = round(statistics.median(s["ms"] for s in c["samples"]), 1)
        c["count"] = c["samples"][0]["count"]
    return changes


def tables(services: int, queries: list[dict], changes: list[dict],
           budgets: dict[str, dict]) -> str:
    result = {"services": services, "finder": queries}
    rows = [f"| {services:,} | {c['change']} | {c['count']:,} | {c['median_ms']:.0f} ms ("
            + ", ".join(f"{s['ms']:.0f}" for s in c["samples"]) + ") |" for c in changes]
    names = {"finder_kb": "finder bytes, worst query (KB gzip)",
             "finder_ms": "query to first results, worst typed query (ms)",
             "filter_ms": "filter change to redrawn results, worst change (ms)"}
    budget_rows = [f"| {names[k]} | {b['value']} | {b['limit']} | "
                   f"{'met' if b['met'] else 'MISSED'} |" for k, b in budgets.items()]
    return (full_run.finder_table([result]) + "\n\n| services | filter change | results "
            "| change to redrawn (median, runs) |\n|---|---|---|---|\n" + "\n".join(rows)
            + "\n\n| budget | measured | limit | |\n|---|---|---|---|\n"
            + "\n".join(budget_rows))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("site", type=Path, help="a built site (mkdocs build's site folder)")
    p.add_argument("--services", type=int, required=True, help="how many services it lists")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", type=Path, default=HERE / "results.json")
    args = p.parse_args(argv)
    started = datetime.now(timezone.utc)
    queries = full_run.summarise_queries(finder_browser.run_queries(args.site, args.runs))
    changes = summarise_changes(finder_browser.run_changes(args.site, args.runs))
    search = header_search(args.site)
    budgets = {k: {"value": round(v, 1), "limit": BUDGET[k], "met": v <= BUDGET[k]}
               for k, v in figures(queries, changes).items()}
    report = json.loads(args.out.read_text("utf-8")) if args.out.exists() else {}
    report["finder_budgets"] = {
        "date": started.isoformat(timespec="seconds"), "machine": full_run.machine(),
        "engine": full_run.engine_fingerprint(), "runs": args.runs, "services": args.services,
        "queries": queries, "changes": changes, "header_search": search, "budgets": budgets}
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(tables(args.services, queries, changes, budgets))
    print(f"\nHeader search on the finder page: index fetched before use: "
          f"{search['index_fetched_before_use']}; results {search['results_after_typing_ms']} ms "
          f"after typing.\nWrote {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
