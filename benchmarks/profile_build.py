"""Where a build's time goes, for a project generate_services.py wrote.

    .venv/bin/python benchmarks/profile_build.py /tmp/ordinarily-benchmark/ordinarily-10000

1. phases: a normal `mkdocs build --strict` (workers and all) with phase_hooks.py added,
   giving the wall time between MkDocs' events.
2. steps: the engine's main steps timed one by one in this process, without a profiler
   (reading, parsing and validating service files; the model; the finder's data; the
   off-pipeline pages' bodies; writing one file per folder as the site needs).
3. profile: the same build in this process under cProfile, with the engine's two process
   pools switched off (their PARALLEL_FROM set above any size, at run time only), so the work
   the workers do is counted too; prints the largest costs and saves the .prof file.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import measure
import yaml

HERE = Path(__file__).resolve().parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
PHASES = (("MkDocs reads its config", "startup", 0, "config", 0),
          ("on_config: Ordinarily loads, validates and builds the model and pages", "config", 0,
           "pre_build", 0),
          ("files and nav (incl. Ordinarily's generated files)", "pre_build", 0, "nav", 0),
          ("Markdown of MkDocs' pages (read, render, glossary links)", "nav", 0,
           "page_content", 1),
          ("on_env (Ordinarily forks its page workers), static files, theme templates",
           "page_content", 1, "page_context", 0),
          ("templates of MkDocs' pages, written", "page_context", 0, "post_page", 1),
          ("post_build: search index, Ordinarily's data files, waiting for the workers, "
           "link check, sitemap", "post_build", 0, "shutdown", 1))
# Functions whose cumulative time tells which part of the engine costs what.
WATCH = ("load_project", "load_guide", "load_local_offer", "_services", "_service", "read",
         "parse_yaml", "validate", "build", "finder_files", "_shards", "_meta", "pages",
         "build_guide_pages", "off_page", "service_page", "browse_page", "render_block",
         "_render_slice", "render", "write_site_files", "_populate_page", "_build_page",
         "on_config", "on_post_build", "on_page_content", "link", "broken_links",
         "add_to_sitemap", "get_context", "convert")


def hooked_config(project: Path) -> Path:
    """A copy of the project's mkdocs.yml with phase_hooks.py added, next to it."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["hooks"] = [*config.get("hooks", []), str(HERE / "phase_hooks.py")]
    path = project / "mkdocs-phases.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return path


def phases(project: Path) -> list[tuple[str, float]]:
    """A fresh build (no site/ to clean first, as in CI) with phase_hooks.py."""
    shutil.rmtree(project / "site", ignore_errors=True)
    config = hooked_config(project)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**os.environ, "ORDINARILY_PHASES": out.name, "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        subprocess.run([MKDOCS, "build", "--strict", "-q", "-f", str(config)], cwd=project,
                       env=env, check=True)
        wall = time.perf_counter() - started
        seen = json.loads(Path(out.name).read_text())
    config.unlink()
    rows = [(label, seen[b][bi] - seen[a][ai]) for label, a, ai, b, bi in PHASES]
    before = wall - (seen["shutdown"][1] - seen["startup"][0])
    return [("whole command (wall)", wall), ("Python start-up and imports", before), *rows]


def _timed(label: str, rows: list[tuple[str, float]], work: Any) -> Any:
    started = time.perf_counter()
    result = work()
    rows.append((label, time.perf_counter() - started))
    return result


def steps(project: Path) -> list[tuple[str, float]]:
    from ordinarily.assembly.output import write_site_files
    from ordinarily.assembly.project import build, load_project
    from ordinarily.core import yamlfile
    from ordinarily.core.schemas import validate
    from ordinarily.local_offer import offer_loader
    from ordinarily.local_offer.finder_index import finder_files

    rows: list[tuple[str, float]] = []
    paths = sorted((project / offer_loader.SERVICES_DIR).glob("*.yml"))
    texts = _timed("read the service files' text", rows,
                   lambda: [p.read_text("utf-8") for p in paths])
    docs = _timed("parse them (yamlfile.parse_yaml: libyaml + line numbers)", rows,
                  lambda: [yamlfile.parse_yaml(t, p.name)
                           for t, p in zip(texts, paths, strict=True)])
    _timed("validate them against the schema (fastjsonschema)", rows,
           lambda: [validate(d, "service") for d in docs])
    loaded = _timed("load_project, as the plugin calls it (2 processes)", rows,
                    lambda: load_project(project))
    output = _timed("build(): every generated page, data file and the finder", rows,
                    lambda: build(loaded))
    taxonomy = loaded.guide.taxonomy if loaded.guide else None
    _timed("  of which finder_files()", rows, lambda: finder_files(loaded.offer, taxonomy))
    _oruk_step(rows, loaded, taxonomy)
    held = sum(len(data) for data in output.files.values()) / 1e6
    with tempfile.TemporaryDirectory(dir=project) as scratch:
        _timed(f"write_site_files: {len(output.files)} data files, {held:.0f} MB held in memory "
               "from on_config to post_build", rows,
               lambda: write_site_files(output, Path(scratch)))
    keys = output.offer.off_page_keys()
    _timed(f"off-pipeline page bodies, one process ({len(keys)} pages)", rows,
           lambda: [output.offer.off_page(k) for k in keys])
    with tempfile.TemporaryDirectory(dir=project) as scratch:
        _timed(f"mkdir + write {len(keys)} files of 20 KB, one per folder", rows,
               lambda: _write_folders(Path(scratch), len(keys)))
    return rows


def _oruk_step(rows: list[tuple[str, float]], loaded: Any, taxonomy: Any) -> None:
    try:
        from ordinarily.open_referral.oruk_export import oruk_files
    except ImportError:
        return
    needs = loaded.guide.needs if loaded.guide else ()
    _timed("  of which oruk_files() (the Open Referral UK feed)", rows,
           lambda: oruk_files(loaded.offer, taxonomy, loaded.settings, needs=needs))


def _write_folders(root: Path, count: int) -> None:
    for n in range(count):
        folder = root / f"page-{n}"
        folder.mkdir()
        (folder / "index.html").write_bytes(b"x" * 20_000)


def profile(project: Path, out: Path) -> pstats.Stats:
    from mkdocs.__main__ import cli

    from ordinarily.adapter import mkdocs_offpages
    from ordinarily.local_offer import offer_loader

    mkdocs_offpages.PARALLEL_FROM = offer_loader.PARALLEL_FROM = 10 ** 9
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(project)
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        cli.main(["build", "--strict", "-q"], standalone_mode=False)
    finally:
        profiler.disable()
    profiler.dump_stats(str(out))
    return pstats.Stats(str(out))


def watched(stats: pstats.Stats) -> list[tuple[float, float, int, str]]:
    """(cumulative s, own s, calls, function) for the functions in WATCH, in the engine or
    MkDocs, largest first."""
    rows = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (path, line, name), (_, calls, own, cumulative, _) in raw.items():
        if name in WATCH and ("ordinarily" in path or "mkdocs/" in path):
            where = path.split("site-packages/")[-1].split("plugins/")[-1]
            rows.append((cumulative, own, calls, f"{where}:{line} {name}"))
    return sorted(rows, reverse=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("project", type=Path)
    p.add_argument("--prof", type=Path, default=Path("/tmp/ordinarily-build.prof"))
    p.add_argument("--top", type=int, default=30)
    args = p.parse_args(argv)
    project = args.project.resolve()
    print(f"(waited {measure.wait_until_quiet()} s for a quiet machine)")
    print("Phases of a normal build (wall time):")
    for label, seconds in phases(project):
        print(f"  {seconds:6.2f} s  {label}")
    print(f"\n(waited {measure.wait_until_quiet()} s for a quiet machine)")
    print("The engine's steps one by one (wall time, no profiler):")
    for label, seconds in steps(project):
        print(f"  {seconds:6.2f} s  {label}")
    shutil.rmtree(project / "site", ignore_errors=True)
    print(f"\n(waited {measure.wait_until_quiet()} s for a quiet machine)")
    stats = profile(project, args.prof)
    print(f"\nOne-process build under cProfile ({stats.total_tt:.1f} s with profiling "
          "overhead); cumulative / own time of the engine's and MkDocs' main steps:")
    for cumulative, own, calls, name in watched(stats)[:args.top]:
        print(f"  {cumulative:6.2f} s  {own:6.2f} s  {calls:7d}  {name}")
    print(f"\nTop {args.top} functions by own time:")
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
