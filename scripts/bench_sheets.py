"""Benchmark the printed sheets: renders per sheet, seconds per sheet, speed-up over one process.

Runs on the included briefings and on a generated set (default 200) from sevenminute.core.synthetic,
in a temporary folder (never in briefings/), deterministic from --seed.

    .venv/bin/python scripts/bench_sheets.py [--count 200] [--seed 7] [--jobs N]

Not a test: it prints a table. Each run uses a fresh cache, then rebuilds once more to show that
an unchanged set renders nothing."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sevenminute.core.diagnostics import ContentError
from sevenminute.core.loading import load_collection
from sevenminute.core.synthetic import generate
from sevenminute.printing.sheets import build_sheets
from sevenminute.printing.workers import default_jobs

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://briefings.example.org/"


def run(root: Path, jobs: int) -> dict[str, float]:
    collection = load_collection(root).collection
    assert collection is not None
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        failed = 0
        try:
            built = build_sheets(collection, Path(cache), site_url=SITE_URL, jobs=jobs)
        except ContentError as error:
            failed = len(error.diagnostics)
            print(error, file=sys.stderr)
            bad = {Path(d.path).stem for d in error.diagnostics}
            built = build_sheets(collection, Path(cache), site_url=SITE_URL, jobs=jobs,
                                 only=set(collection.briefings) - bad)
        seconds = time.perf_counter() - start
        again = time.perf_counter()
        rebuilt = build_sheets(collection, Path(cache), site_url=SITE_URL, jobs=jobs,
                               only=set(built.sheets))
        second = time.perf_counter() - again
    sheets = len(collection.briefings)
    return {"sheets": sheets, "failed": failed, "renders": built.renders, "rendered": built.rendered,
            "seconds": seconds, "rerender": rebuilt.rendered, "second": second}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(Path(tmp) / "briefings", args.count, args.seed)
        for name, root in (("included", REPO / "briefings"), (f"generated {args.count}", generated)):
            one = run(root, 1)
            many = run(root, args.jobs)
            rows.append((name, one, many))

    print(f"\n{'set':<15} {'sheets':>6} {'fail':>4} {'renders/sheet':>13} {'s/sheet 1 proc':>14} "
          f"{'s/sheet ' + str(args.jobs) + ' procs':>15} {'speed-up':>8} {'2nd build':>10}")
    for name, one, many in rows:
        done = max(many["rendered"], 1)
        print(f"{name:<15} {many['sheets']:>6} {many['failed']:>4} {many['renders'] / done:>13.2f} "
              f"{one['seconds'] / max(one['rendered'], 1):>14.3f} {many['seconds'] / done:>15.3f} "
              f"{one['seconds'] / many['seconds']:>8.2f} "
              f"{many['rerender']:>3} in {many['second']:.2f}s")
    print("\nrenders/sheet: WeasyPrint layouts per sheet while fitting (target <= 1.3);"
          " 2nd build: sheets rendered again with nothing changed (should be 0).")


if __name__ == "__main__":
    main()
