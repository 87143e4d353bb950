"""Time a build command and sample the memory of its whole process tree; size a built site."""

from __future__ import annotations

import gzip
import hashlib
import os
import platform
import re
import resource
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ENGINE = Path(__file__).resolve().parent.parent / "plugins" / "ordinarily"
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
FINDER = "local-offer/finder"
OFF_PIPELINE = ("local-offer/services/", "local-offer/needs/", "local-offer/types/",
                "local-offer/places/")


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc/<pid>/task/<tid>/children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{current}/task/{tid}/children") as f:
                    todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
    return found


def rss(pid: int) -> int:
    """Resident set size in bytes (0 if the process has gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def pss(pid: int) -> int:
    """Proportional set size in bytes: shared pages divided among the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            match = re.search(r"^Pss:\s+(\d+) kB", f.read(), re.MULTILINE)
    except OSError:
        return 0
    return int(match.group(1)) * 1024 if match else 0


def busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (every core, every process)."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process and its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime + sum(children_cpu_s())


def children_cpu_s() -> tuple[float, float]:
    """User and system CPU seconds of this process's children that have ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime, children.ru_stime


QUIET_TIMEOUT = "ORDINARILY_BENCHMARK_QUIET_TIMEOUT"  # seconds; 0 for the suite's smoke run


def wait_until_quiet(limit: float = 0.3, settle: int = 3, timeout: float = 600) -> float:
    """Wait until other processes use under `limit` cores for `settle` seconds in a row (other
    people's tests share the machine); return the seconds waited (gives up after `timeout`, or
    after $ORDINARILY_BENCHMARK_QUIET_TIMEOUT seconds when that is set)."""
    timeout = float(os.environ.get(QUIET_TIMEOUT, timeout))
    started, calm = time.monotonic(), 0
    while calm < settle and time.monotonic() - started < timeout:
        busy, own = busy_cpu_s(), own_cpu_s()
        time.sleep(1)
        calm = calm + 1 if busy_cpu_s() - busy - (own_cpu_s() - own) < limit else 0
    return round(time.monotonic() - started, 1)


class TreeSampler(threading.Thread):
    """Samples the total RSS of a process tree every `interval` seconds (cheap: statm), and its
    total PSS every `pss_every` samples (smaps_rollup costs milliseconds for a large process)."""

    def __init__(self, pid: int, interval: float = 0.05, pss_every: int = 10) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.pss_every = pid, interval, pss_every
        self.done = threading.Event()
        self.peak_rss = self.peak_pss = self.peak_single = self.most_processes = 0
        self.samples = 0

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.interval)

    def sample(self) -> None:
        pids = descendants(self.pid)
        sizes = [rss(p) for p in pids]
        self.peak_rss = max(self.peak_rss, sum(sizes))
        self.peak_single = max(self.peak_single, max(sizes, default=0))
        self.most_processes = max(self.most_processes, sum(1 for s in sizes if s))
        if self.samples % self.pss_every == 0:
            self.peak_pss = max(self.peak_pss, sum(pss(p) for p in pids))
        self.samples += 1

    def stop(self) -> None:
        self.done.set()
        self.join()


@dataclass
class BuildRun:
    wall_s: float
    peak_rss_total_mib: float  # every process of the build together, RSS summed
    peak_pss_total_mib: float  # the same as PSS (copy-on-write pages shared by forks once)
    peak_rss_largest_mib: float  # the largest single process
    processes: int
    cpu_s: float  # CPU time of the build's processes
    sys_s: float  # of which in the kernel (file system work)
    other_cores: float  # cores other processes kept busy meanwhile, on average
    waited_s: float  # waited for the machine to be quiet first
    loadavg_before: tuple[float, float, float]
    log: list[str] = field(default_factory=list)


def timed_build(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> BuildRun:
    """Run `command` in `cwd` once the machine is quiet, sampling its process tree; raise if it
    fails."""
    waited = wait_until_quiet()
    load = os.getloadavg()
    busy, own, (_, kernel) = busy_cpu_s(), own_cpu_s(), children_cpu_s()
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    output, _ = proc.communicate()
    wall = time.perf_counter() - started
    sampler.stop()
    cpu, kernel = own_cpu_s() - own, children_cpu_s()[1] - kernel
    other = max(0.0, busy_cpu_s() - busy - cpu) / wall
    if proc.returncode:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{output[-3000:]}")
    return BuildRun(wall_s=round(wall, 2), peak_rss_total_mib=round(sampler.peak_rss / MIB),
                    peak_pss_total_mib=round(sampler.peak_pss / MIB),
                    peak_rss_largest_mib=round(sampler.peak_single / MIB),
                    processes=sampler.most_processes, cpu_s=round(cpu, 1),
                    sys_s=round(kernel, 1),
                    other_cores=round(other, 2), waited_s=waited, loadavg_before=load,
                    log=[line for line in output.splitlines() if "ordinarily:" in line])


def directory_cost_ms(folder: Path, count: int = 1000) -> float:
    """Milliseconds to create one directory holding one 20 KB file in `folder`, on average:
    the file system work a build does for every page (use_directory_urls)."""
    scratch = Path(tempfile.mkdtemp(dir=folder))
    started = time.perf_counter()
    for n in range(count):
        (scratch / str(n)).mkdir()
        (scratch / str(n) / "index.html").write_bytes(b"x" * 20_000)
    elapsed = time.perf_counter() - started
    shutil.rmtree(scratch)
    return round(elapsed * 1000 / count, 3)


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def du_bytes(folder: Path) -> int:
    """Disk usage as `du -sk` reports it, in bytes."""
    out = subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) * 1024


def site_stats(site: Path) -> dict[str, Any]:
    """Output size and file count, the theme's search index, the finder's data files."""
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p.relative_to(site).as_posix() for p in files if p.suffix == ".html"]
    index = site / "search/search_index.json"
    raw = index.read_bytes() if index.exists() else b""
    stats: dict[str, Any] = {
        "du_mib": round(du_bytes(site) / MIB, 1),
        "bytes_mib": round(sum(p.stat().st_size for p in files) / MIB, 1),
        "files": len(files),
        "html_pages": len(html),
        "mkdocs_pages": len([h for h in html if not h.startswith(OFF_PIPELINE)
                             and h != "404.html"]),
        "search_index_kb": round(len(raw) / 1000, 1),
        "search_index_gzip_kb": round(gz_size(raw) / 1000, 1),
    }
    if (site / FINDER).is_dir():
        stats["finder"] = finder_stats(site / FINDER)
    return stats


def finder_stats(folder: Path) -> dict[str, Any]:
    def sizes(pattern: str) -> list[tuple[int, int]]:
        return [(p.stat().st_size, gz_size(p.read_bytes())) for p in folder.glob(pattern)]

    meta, shards, cards = sizes("meta.json"), sizes("t/*.json"), sizes("c/*.json")
    every = meta + shards + cards
    return {
        "files": len(every), "kb": round(sum(s for s, _ in every) / 1000, 1),
        "meta_kb": round(meta[0][0] / 1000, 1) if meta else 0,
        "meta_gzip_kb": round(meta[0][1] / 1000, 1) if meta else 0,
        "text_shards": len(shards),
        "largest_shard_gzip_kb": round(max((g for _, g in shards), default=0) / 1000, 1),
        "card_chunks": len(cards),
        "card_chunk_gzip_kb": round(max((g for _, g in cards), default=0) / 1000, 1),
    }


def as_dict(run: BuildRun) -> dict[str, Any]:
    return asdict(run)


def engine_fingerprint() -> str:
    """Which state of the engine was measured: `ordinarily.core.fingerprint` over every file of
    the engine (code, schemas, templates, theme), the same hash the parse cache uses for its
    code; for an engine without that module, a hash of the files in plugins/ordinarily/."""
    try:
        from ordinarily.core.fingerprint import fingerprint
    except ImportError:
        digest = hashlib.sha256()
        for path in sorted(ENGINE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + path.read_bytes())
        return digest.hexdigest()[:12]
    return fingerprint(None)


def machine() -> dict[str, Any]:
    """The machine and the versions of the tools measured."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {"cpu": model, "cores": os.cpu_count(), "ram_gib": round(pages / 1024 ** 3, 1),
            "os": platform.platform(), "python": platform.python_version(),
            **{name: metadata.version(name) for name in ("mkdocs", "mkdocs-material",
                                                        "playwright")}}
