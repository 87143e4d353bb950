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


# Runs in the page before its own scripts: a filter change starts the clock (the first input or
# change event on a form control, seen before the finder's own handlers), and the clock stops at
# the first frame drawn after the status line has changed (the finder has redrawn and said so).
FILTER_TIMER = """
() => {
  const state = window.__ordFilter = {t0: null, t1: null, before: null};
  const status = () => {
    const node = document.querySelector("[data-ord-finder-status]");
    return node ? node.textContent : "";
  };
  const start = (e) => {
    if (state.t0 !== null || !e.target || !e.target.closest("[data-ord-finder]")) return;
    if (e.target.id === "ord-q" || !window.__ordFilterArmed) return;
    state.before = status();
    state.t0 = performance.now();
  };
  document.addEventListener("change", start, true);
  document.addEventListener("input", start, true);
  new MutationObserver(() => {
    if (state.t0 === null || state.t1 !== null || status() === state.before) return;
    state.t1 = -1;
    requestAnimationFrame(() => { state.t1 = performance.now(); });
  }).observe(document, {subtree: true, childList: true, characterData: true});
}
"""


@dataclass(frozen=True)
class Change:
    """A query shown from its URL, then one filter changed: `name` and `value` of a form
    control (a checkbox or radio with that value is clicked, a select is set to it)."""

    params: dict[str, str]
    name: str
    value: str

    @property
    def label(self) -> str:
        shown = "&".join(f"{k}={v}" for k, v in self.params.items()) or "everything"
        return f"{shown}, then {self.name}={self.value}"


CHANGES = (Change({"query": "holiday"}, "free", "1"),
           Change({"query": "holiday"}, "need", "autism"),
           Change({}, "need", "autism"),
           Change({"query": "short breaks", "need": "autism"}, "age", "10"))


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
        choose(page, name, value)
        page.wait_for_function(f"before => {status} !== before", arg=before)
    page.fill("#ord-q", query.text)
    page.press("#ord-q", "Enter")


def measure_change(browser: Any, base: str, change: Change) -> dict[str, Any]:
    """One fresh-context measurement: the finder shows `change.params`, then one filter changes;
    the time from that change to the redrawn results on screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(script=f"({FILTER_TIMER})()")
    page = context.new_page()
    try:
        params = urlencode(change.params)
        page.goto(f"{base}{FINDER}" + (f"?{params}" if params else ""), wait_until="load")
        page.wait_for_function("() => /\\d+ services? found|No services/.test(document"
                               ".querySelector('[data-ord-finder-status]').textContent)")
        page.wait_for_load_state("networkidle")
        page.evaluate("() => { window.__ordFilterArmed = true; }")
        choose(page, change.name, change.value)
        page.wait_for_function("() => window.__ordFilter.t1 > 0", timeout=30_000)
        state = page.evaluate("() => window.__ordFilter")
        return {"ms": round(state["t1"] - state["t0"], 1),
                "count": _count(page.inner_text("[data-ord-finder-status]"))}
    finally:
        context.close()


def choose(page: Any, name: str, value: str) -> None:
    """Tick the checkbox or radio of that name and value, or set the select of that name, as a
    reader would: a control in a closed disclosure is opened first."""
    choice = page.locator(f"[data-ord-finder] input[name='{name}'][value='{value}']")
    field = (choice if choice.count() else
             page.locator(f"[data-ord-finder] select[name='{name}']")).first
    if not field.is_visible():
        page.evaluate("(name) => { const f = document.querySelector(`[data-ord-finder] "
                      "[name='${name}']`); const d = f && f.closest('details'); "
                      "if (d) d.open = true; }", name)
    if not choice.count():
        field.select_option(value)
    elif field.get_attribute("type") == "checkbox":
        field.check()
    else:
        field.click()


def run_changes(site: Path, runs: int, changes: tuple[Change, ...] = CHANGES) -> list[dict]:
    """Every filter change, `runs` times each, in fresh contexts."""
    from playwright.sync_api import sync_playwright

    out = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
        try:
            measure_change(browser, base, changes[0])  # warm-up
            for change in changes:
                waited = measure.wait_until_quiet()
                samples = [measure_change(browser, base, change) for _ in range(runs)]
                out.append({"change": change.label, "samples": samples, "waited_s": waited,
                            "chromium": browser.version})
        finally:
            browser.close()
    return out


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
