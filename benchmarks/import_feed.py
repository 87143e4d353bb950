"""How long `ordinarily import-oruk` takes on a feed of several hundred services.

    .venv/bin/python benchmarks/import_feed.py [FEED] [--map MAPPING] [--runs 3]

Each run copies the example project into a temporary folder and imports the feed into it with
the `ordinarily` command (wall time of the whole command, as an officer sees it), after waiting
for a quiet machine as the other benchmarks do. The default feed is the test fixture in the
original Open Referral UK shape (tests/oruk_feeds/: 400 records, one of them broken). Prints the
median and every run; the budget is 10 seconds (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import measure
from generate_services import EXAMPLE, copy_example

HERE = Path(__file__).resolve().parent
FEEDS = HERE.parent / "tests" / "oruk_feeds"
ORDINARILY = str(Path(sys.executable).parent / "ordinarily")
BUDGET_S = 10.0


def one_run(feed: Path, mapping: Path | None) -> float:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        copy_example(EXAMPLE, project)
        command = [ORDINARILY, "import-oruk", str(feed), str(project)]
        command += ["--map", str(mapping)] if mapping else []
        measure.wait_until_quiet()
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True)
        seconds = time.monotonic() - started
        if result.returncode != 0:
            raise SystemExit(f"the import failed:\n{result.stdout}{result.stderr}")
        return seconds


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("feed", type=Path, nargs="?", default=FEEDS / "oruk-original-shape.json")
    p.add_argument("--map", type=Path, default=FEEDS / "original-mapping.yml")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    runs = [one_run(args.feed, args.map) for _ in range(args.runs)]
    median = statistics.median(runs)
    verdict = "met" if median < BUDGET_S else "missed"
    print(f"import of {args.feed.name}: median {median:.2f} s over {len(runs)} runs "
          f"({', '.join(f'{s:.2f}' for s in runs)}); budget {BUDGET_S:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
