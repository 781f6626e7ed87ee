"""Benchmark the printed sheets: renders per sheet, seconds per sheet, speed-up over one process.

Runs on the included briefings and on a generated set (default 200) made by copying and varying
the seed briefings in a temporary folder (never in briefings/), deterministic from --seed.

    .venv/bin/python scripts/bench_sheets.py [--count 200] [--seed 7] [--jobs N]

Not a test: it prints a table. Each run uses a fresh cache, then rebuilds once more to show that
an unchanged set renders nothing."""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from sevenminute.collection import load_collection
from sevenminute.diagnostics import ContentError
from sevenminute.sheets import build_sheets, default_jobs

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://briefings.example.org/"


def generate(source: Path, target: Path, count: int, seed: int) -> None:
    """Copy data/ and write `count` briefings varied from the seeds: points shortened or
    lengthened, items dropped or repeated, resources trimmed; words from about 0.4x to 1.3x."""
    rng = random.Random(seed)
    shutil.copytree(source / "data", target / "data")
    seeds = [yaml.safe_load(p.read_text()) for p in sorted(source.glob("*.yml"))]
    for n in range(count):
        b = yaml.safe_load(yaml.safe_dump(rng.choice(seeds)))  # a deep copy
        b["title"] = f"Generated briefing {n + 1}"
        scale = rng.uniform(0.4, 1.3)
        for point in b["points"].values():
            if point.get("text"):
                words = point["text"].split()
                keep = max(4, round(len(words) * scale))
                point["text"] = " ".join((words * 2)[:keep])
            items = point.get("items") or []
            if items:
                keep = max(1, round(len(items) * scale))
                point["items"] = [items[i % len(items)] for i in range(keep)]
        if b.get("resources"):
            b["resources"] = b["resources"][: max(1, round(len(b["resources"]) * rng.uniform(0.3, 1.0)))]
        (target / f"generated-{n + 1:03d}.yml").write_text(yaml.safe_dump(b, sort_keys=False, allow_unicode=True))


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
        generated = Path(tmp) / "briefings"
        generated.mkdir()
        generate(REPO / "briefings", generated, args.count, args.seed)
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
