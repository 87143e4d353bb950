"""The edit loop under `make serve`: from saving a file to the reloaded page showing the change.

    .venv/bin/python benchmarks/serve_loop.py PROJECT [--runs 3] [--out FILE]
    .venv/bin/python benchmarks/serve_loop.py PLAIN_SITE --plain [--runs 3]

Starts the command `make serve` runs (read from `make -n serve`, on a free port instead of 8000)
for the project, opens a page in headless Chromium, and saves a change to a file: a new marker
word at the start of the text the page shows. MkDocs notices the change (its watcher polls every
0.5 s), rebuilds, and its live-reload script reloads the page; the time runs from the moment the
file was written to the first frame of the reloaded page that contains the marker (both clocks
are the machine's wall clock). Each run writes a different marker, after waiting for a quiet
machine and for the previous rebuild to settle.

The changes, each on its own page:
- need: a provision entry's `detail` in a need file, on the need's page;
- service: a service file's `description`, on the service's page;
- glossary: the first term's `definition` in needs/glossary.yml, on /glossary/;
- page (plain mkdocs-material, `--plain`): the first paragraph of a Markdown page.

The files are put back as they were at the end. docs/benchmarks.md explains the method.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import generate_services
import measure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import ARGS, chromium_path, free_port  # noqa: E402

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
NEED = Path("needs/communication-and-interaction/autism.yml")
GLOSSARY = Path("needs/glossary.yml")
STARTUP_TIMEOUT_S = 900  # the first build under serve, on a busy machine at 2,000 services
CHANGE_TIMEOUT_S = 180  # one rebuild and reload
POLL_MS = 2000  # each wait in the page; between two, the server's log is read for errors
REBUILD_ERROR = "An error happened during the rebuild"  # MkDocs' words in the serve log
SETTLE_S = 1.0  # after a change is shown, before the next: the watcher's poll and its echo
REFUSED = ("EvalError", "Content Security Policy", "unsafe-eval")  # the page's CSP said no

# The reloaded page shows the marker: returns the wall-clock time (ms) of the first frame that
# has it. A function, not an expression string: the pages' Content-Security-Policy refuses
# eval, and Playwright evaluates an expression string again at every poll.
SHOWN = """(marker) => {
  const body = document.body;
  return body && body.textContent.includes(marker) ? Date.now() : false;
}"""


@dataclass(frozen=True)
class Change:
    """Saving a change to `file` (relative to the project) shows on the page at `url`."""

    kind: str
    file: Path
    url: str
    key: str  # the YAML key whose text gets the marker; "" for a Markdown page


def example_copy(out: Path) -> Path:
    """A copy of the example project, its services included, in `out` (replaced if this script
    or generate_services.py made it)."""
    generate_services.copy_example(generate_services.EXAMPLE, out)
    services = Path("local-offer") / "services"
    shutil.copytree(generate_services.EXAMPLE / services, out / services, dirs_exist_ok=True)
    return out


def changes_for(project: Path) -> list[Change]:
    """The need, service and glossary changes for an Ordinarily project."""
    need = NEED if (project / NEED).exists() else sorted(
        p.relative_to(project) for p in (project / "needs").glob("*/*.yml"))[0]
    service = sorted((project / "local-offer" / "services").glob("*.yml"))[0]
    return [Change("need", need, f"/needs/{need.parent.name}/{need.stem}/", "detail"),
            Change("service", service.relative_to(project),
                   f"/local-offer/services/{service.stem}/", "description"),
            Change("glossary", GLOSSARY, "/glossary/", "definition")]


def plain_changes(site: Path) -> list[Change]:
    """One Markdown page of the plain mkdocs-material site plain_site.py writes."""
    page = sorted((site / "docs" / "guide").glob("*.md"))[0]
    return [Change("page", page.relative_to(site), f"/guide/{page.stem}/", "")]


_BLOCK = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_]+):\s*(?P<rest>.*)$")


def with_marker(text: str, key: str, marker: str) -> str:
    """`text` with `marker` and a space put at the start of the first `key:`'s text (a block
    scalar's first line, or an inline value, inside its quotes if quoted); for a Markdown page
    (`key` empty), a paragraph of its own after the first heading."""
    lines = text.split("\n")
    if not key:
        at = next((i for i, line in enumerate(lines) if line.startswith("#")), -1)
        return "\n".join(lines[:at + 1] + ["", marker, ""] + lines[at + 1:])
    for i, line in enumerate(lines):
        match = _BLOCK.match(line)
        if not match or match.group("key") != key:
            continue
        rest = match.group("rest")
        if rest[:1] in ("|", ">"):
            body = lines[i + 1]
            stripped = body.lstrip()
            lines[i + 1] = body[:len(body) - len(stripped)] + f"{marker} {stripped}"
        elif rest[:1] in ("'", '"'):
            lines[i] = line[:match.start("rest") + 1] + f"{marker} " + rest[1:]
        else:
            lines[i] = line[:match.start("rest")] + f"{marker} " + rest
        return "\n".join(lines)
    raise ValueError(f"no '{key}:' to change")


def serve_command(project: Path, port: int, plain: bool) -> str:
    """What `make serve` runs for `project`, on `port`; plain mkdocs serve for a plain site."""
    address = f"127.0.0.1:{port}"
    default = (f"{shlex.quote(MKDOCS)} serve --livereload --dev-addr {address} "
               f"--config-file {shlex.quote(str(project / 'mkdocs.yml'))}")
    if plain:
        return default
    try:
        dry = subprocess.run(["make", "-s", "-n", "serve", f"PROJECT={project}"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return default
    line = next((x for x in dry.stdout.splitlines() if "mkdocs serve" in x), "")
    if dry.returncode or not line:
        return default
    if "--dev-addr" in line:
        return re.sub(r"--dev-addr[ =]\S+", f"--dev-addr {address}", line)
    return f"{line} --dev-addr {address}"


@contextlib.contextmanager
def serving(project: Path, plain: bool, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`mkdocs serve` for `project` in its own process group, stopped by that group's id."""
    port = free_port()
    command = serve_command(project, port, plain)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until_served(url: str, proc: subprocess.Popen, log: Path,
                      timeout: float = STARTUP_TIMEOUT_S) -> float:
    """Seconds until `url` answers 200 (the first build is done); raises with the server's log
    if it never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return round(time.monotonic() - started, 1)
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"mkdocs serve never served {url}:\n"
                       + log.read_text("utf-8", errors="replace")[-3000:])


def one_change(page: Any, path: Path, original: str, change: Change,
               log: Path) -> dict[str, Any]:
    """Save one marked version of the file and time until the page shows it."""
    marker = "ordbench" + secrets.token_hex(4)
    text = with_marker(original, change.key, marker)
    loads: list[float] = []

    def loaded(frame: Any) -> None:
        if frame == page.main_frame:
            loads.append(time.time())

    page.on("framenavigated", loaded)
    seen = log.stat().st_size
    path.write_text(text, encoding="utf-8")
    written_ms = time.time() * 1000
    shown_ms = _wait_shown(page, marker, CHANGE_TIMEOUT_S, lambda: _rebuild_failed(log, seen))
    page.remove_listener("framenavigated", loaded)
    if shown_ms is None:
        raise RuntimeError(f"{change.url} never showed '{marker}' after {change.file} changed; "
                           "the server's log ends:\n" + _tail(log, seen))
    return {"seconds": round((shown_ms - written_ms) / 1000, 3), "marker": marker,
            "reloaded": bool(loads)}


def _wait_shown(page: Any, marker: str, timeout: float,
                failed: Callable[[], bool]) -> float | None:
    """The wall-clock ms of the first frame showing `marker`, across the live reload (a
    navigation can interrupt a wait: wait again); None once `failed()` or after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not failed():
        try:
            return float(page.wait_for_function(SHOWN, arg=marker, timeout=POLL_MS,
                                                polling="raf").json_value())
        except Exception as error:  # noqa: BLE001 - Playwright's errors share no base class
            if any(words in str(error) for words in REFUSED):
                raise  # the page refused the wait itself: waiting longer cannot help
            # A wait timed out, or the page navigated away mid-wait: look at the new document.
    return None


def _rebuild_failed(log: Path, since: int) -> bool:
    return REBUILD_ERROR in _tail(log, since)


def _tail(log: Path, since: int) -> str:
    with open(log, "rb") as f:
        f.seek(since)
        return f.read().decode("utf-8", errors="replace")[-3000:]


def loop(project: Path, changes: list[Change], runs: int, plain: bool = False,
         log_dir: Path | None = None) -> dict[str, Any]:
    """Every change `runs` times under one `mkdocs serve`; medians and every run."""
    from playwright.sync_api import sync_playwright

    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="serve-loop-"))
    log = log_dir / f"serve-{project.name}.log"
    load_before = os.getloadavg()
    results = []
    # Each file is put back only at the end, once the server has stopped: putting one back
    # earlier would start a rebuild that the next file's first run would wait for.
    originals = {c.file: (project / c.file).read_text(encoding="utf-8") for c in changes}
    try:
        with serving(project, plain, log) as (base, proc), sync_playwright() as p:
            started_s = wait_until_served(base + changes[0].url, proc, log)
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True,
                                        args=ARGS)
            try:
                for change in changes:
                    results.append(_runs(browser, base, project, change,
                                         originals[change.file], runs, log))
            finally:
                browser.close()
    finally:
        for file, text in originals.items():
            (project / file).write_text(text, encoding="utf-8")
    return {"project": str(project), "plain": plain, "first_build_s": started_s,
            "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
            "serve_log": str(log), "changes": results}


def _runs(browser: Any, base: str, project: Path, change: Change, original: str, runs: int,
          log: Path) -> dict[str, Any]:
    path = project / change.file
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    samples = []
    try:
        # The server answers once a rebuild in progress is done: allow for a whole one.
        response = page.goto(base + change.url, wait_until="load",
                             timeout=CHANGE_TIMEOUT_S * 1000)
        if response is None or not response.ok:
            raise RuntimeError(f"{base + change.url} answered "
                               f"{response.status if response else 'nothing'}")
        for _ in range(runs):
            waited = measure.wait_until_quiet()
            sample = one_change(page, path, original, change, log)
            samples.append({**sample, "waited_s": waited, "loadavg": os.getloadavg()})
            time.sleep(SETTLE_S)
    finally:
        page.context.close()
    return {"change": change.kind, "file": change.file.as_posix(), "url": change.url,
            "median_s": round(statistics.median(s["seconds"] for s in samples), 3),
            "samples": samples}


def table(loops: list[dict[str, Any]], budgets: dict[tuple[str, str], float]) -> str:
    """A Markdown table: one row per project and change, with its budget where it has one."""
    rows = []
    for entry in loops:
        for c in entry["changes"]:
            limit = budgets.get((entry["label"], c["change"]))
            verdict = "-" if limit is None else (
                f"{limit:g} s, {'met' if c['median_s'] <= limit else 'MISSED'}")
            runs = ", ".join(f"{s['seconds']:.2f}" for s in c["samples"])
            rows.append(f"| {entry['label']} | {c['change']} (`{c['file']}`) "
                        f"| {c['median_s']:.2f} s ({runs}) | {entry['first_build_s']:.1f} s "
                        f"| {verdict} |")
    return ("| project | file saved | save to change on screen (median; runs) "
            "| first build under serve | budget |\n|---|---|---|---|---|\n" + "\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("project", type=Path, help="an Ordinarily project, or a plain site (--plain)")
    p.add_argument("--plain", action="store_true", help="a plain mkdocs-material site")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--out", type=Path, help="a JSON file to write the figures to")
    args = p.parse_args(argv)
    project = args.project.resolve()
    changes = plain_changes(project) if args.plain else changes_for(project)
    started = datetime.now(timezone.utc)
    result = {"date": started.isoformat(timespec="seconds"),
              "engine": measure.engine_fingerprint(), "label": project.name,
              **loop(project, changes, args.runs, args.plain)}
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table([result], {}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
