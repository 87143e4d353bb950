"""The finder in headless Chromium: bytes from navigation to the first results, and time.

Each measurement uses a fresh browser context (empty cache). Two ways to ask:

- typed: open /local-offer/, choose the filters, fill the search box and press Enter. Time runs
  from the Enter key (the query is complete) to the results being on screen: the status line
  names the query, at least one result is listed, and a frame has been drawn.
- url: open /local-offer/?query=...&need=... directly. Time runs from the start of navigation.

Bytes are the gzip -9 sizes of the bodies of every response to a request started before the
results appeared (a real host compresses; the test server does not), split by kind; the theme's
shared CSS and JavaScript (Material's stylesheets, bundle and workers) are reported but not
counted.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import measure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import ARGS, chromium_path  # noqa: E402

FINDER = "/local-offer/"
THEME_SHARED = re.compile(r"/assets/(stylesheets/[^/]+\.css|javascripts/(bundle[^/]*\.js"
                          r"|workers/.*|lunr/.*))$")
KINDS = (("page", re.compile(r"/local-offer/(index\.html)?$")),
         ("finder data", re.compile(r"/local-offer/finder/")),
         ("engine assets", re.compile(r"/assets/ordinarily/")),
         ("search index", re.compile(r"/search/search_index\.json$")))

# Runs in the page before its own scripts: notes when Enter is pressed in the search box and
# when the results for `expected` are on screen (status names it, one <li> at least, a frame).
TIMER = """
([expected, mode]) => {
  const state = window.__ordBench = {t0: mode === "url" ? 0 : null, t1: null, armed: false};
  const ready = () => {
    const status = document.querySelector("[data-ord-finder-status]");
    const list = document.querySelector("[data-ord-finder-results]");
    return status && list && status.textContent.includes("\\u201c" + expected + "\\u201d")
      && list.querySelector("li");
  };
  const check = () => {
    if (state.armed || state.t0 === null || !ready()) return;
    state.armed = true;
    requestAnimationFrame(() => { state.t1 = performance.now(); });
  };
  new MutationObserver(check).observe(document,
    {subtree: true, childList: true, characterData: true});
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target && e.target.id === "ord-q") state.t0 = performance.now();
  }, true);
}
"""


@dataclass(frozen=True)
class Query:
    text: str
    filters: dict[str, str] = field(default_factory=dict)  # form field name -> value

    @property
    def label(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.filters.items())
        return f'"{self.text}"' + (f" + {extra}" if extra else "")


QUERIES = (Query("holiday"), Query("speech therapy"), Query("autism"),
           Query("holiday", {"need": "autism"}), Query("short breaks", {"age": "10"}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """python -m http.server on 127.0.0.1 in its own process; stopped by its PID."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                             "127.0.0.1", "--directory", str(site)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def kind(url: str) -> str:
    path = urlsplit(url).path
    if THEME_SHARED.search(path):
        return "theme shared (not counted)"
    return next((name for name, pattern in KINDS if pattern.search(path)), "other")


def measure_query(browser: Any, base: str, query: Query, mode: str) -> dict[str, Any]:
    """One fresh-context measurement of `query` in `mode` ('typed' or 'url')."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(script=f"({TIMER})({json.dumps([query.text, mode])})")
    finished: list[Any] = []
    page = context.new_page()
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        if mode == "url":
            params = urlencode({"query": query.text, **query.filters})
            page.goto(f"{base}{FINDER}?{params}", wait_until="commit")
        else:
            _type_query(page, base, query)
        # Functions, not strings: the site's Content-Security-Policy refuses eval.
        page.wait_for_function("() => window.__ordBench && window.__ordBench.t1 !== null",
                               timeout=30_000)
        timing, origin = page.evaluate("() => [window.__ordBench, performance.timeOrigin]")
        page.wait_for_load_state("networkidle")  # let requests already started finish
        result = {"ms": round(timing["t1"] - timing["t0"], 1),
                  "count": _count(page.inner_text("[data-ord-finder-status]"))}
        result.update(_bytes(finished, origin + timing["t1"]))
        return result
    finally:
        context.close()


def _type_query(page: Any, base: str, query: Query) -> None:
    page.goto(base + FINDER, wait_until="load")
    status = "document.querySelector('[data-ord-finder-status]').textContent"
    page.wait_for_function(f"() => {status}.includes('found')")  # the finder is ready
    for name, value in query.filters.items():
        before = page.evaluate(f"() => {status}")
        page.select_option(f"[name={name}]", value)
        page.wait_for_function(f"before => {status} !== before", arg=before)
    page.fill("#ord-q", query.text)
    page.press("#ord-q", "Enter")


def _count(status: str) -> int:
    match = re.match(r"(\d+) services? found", status)
    return int(match.group(1)) if match else 0


def _bytes(requests: list[Any], deadline_ms: float) -> dict[str, Any]:
    """gzip sizes of the responses to requests started by `deadline_ms` (epoch ms), by kind:
    what the browser fetched, or was fetching, to show the first results."""
    by_kind: dict[str, int] = {}
    files: dict[str, int] = {}
    for request in requests:
        timing = request.timing
        if timing["startTime"] > deadline_ms + 1:
            continue
        response = request.response()
        body = response.body() if response else b""
        name, size = kind(request.url), len(gzip.compress(body, 9, mtime=0))
        by_kind[name] = by_kind.get(name, 0) + size
        files[urlsplit(request.url).path] = size
    counted = sum(v for k, v in by_kind.items() if not k.endswith("(not counted)"))
    return {"gzip_bytes": counted, "by_kind": by_kind, "files": files}


def run_queries(site: Path, runs: int, queries: tuple[Query, ...] = QUERIES) -> list[dict]:
    """Every query in both modes, `runs` times each; one warm-up first (browser start-up).
    Each entry names the Chromium version it ran in."""
    from playwright.sync_api import sync_playwright

    out = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        try:
            measure_query(browser, base, queries[0], "url")
            for query in queries:
                for mode in ("typed", "url"):
                    waited = measure.wait_until_quiet()
                    load = os.getloadavg()
                    samples = [measure_query(browser, base, query, mode) for _ in range(runs)]
                    out.append({"query": query.label, "mode": mode, "samples": samples,
                                "waited_s": waited, "loadavg_before": load,
                                "chromium": browser.version})
        finally:
            browser.close()
    return out
