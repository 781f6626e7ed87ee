"""Record how each sheet is fitted: its type size, WeasyPrint renders, continued heading and the
PDF's SHA-256, for the included briefings, the worked examples and a generated set, in one process.

    .venv/bin/python scripts/bench_fit.py --count 40 --out before.json
    .venv/bin/python scripts/bench_fit.py --count 40 --out after.json --compare before.json

With --compare it fails (exit 1) if any sheet's size, continued heading or bytes differ from the
earlier record, and prints renders per sheet and seconds for both: the check that a change to
fitting saves renders without changing a single sheet. --trace lists the sizes each sheet tried."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sevenminute.core.loading import load_collection
from sevenminute.core.synthetic import generate
from sevenminute.printing import fit as fitting
from sevenminute.printing.sheet_html import sheet_source

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://briefings.nycp.org.uk/"  # a real-looking address: the sheets carry a QR code


def record(root: Path, trace: bool) -> dict[str, dict]:
    result = load_collection(root)
    assert result.collection is not None, result.diagnostics
    collection = result.collection
    tried: list[float] = []
    render, lay_out = fitting.render_document, getattr(fitting, "lay_out", None)  # None before Layouts

    def traced_render(html: str, base_url: str, size: float | None = None):
        tried.append(size)
        return render(html, base_url, size)

    def traced_lay_out(parsed, size: float | None = None):
        tried.append(size)
        return lay_out(parsed, size)

    fitting.render_document, fitting.lay_out = traced_render, traced_lay_out
    sheets = {}
    try:
        for slug in sorted(collection.briefings):
            tried.clear()
            start, cpu = time.perf_counter(), time.process_time()
            source = sheet_source(collection, slug, SITE_URL)
            fit = fitting.fit(source)
            sheets[slug] = {
                "size": fit.size, "renders": fit.renders, "start": source.start,
                "continued": [fit.continued.point, fit.continued.item] if fit.continued else None,
                "sha256": hashlib.sha256(fit.pdf).hexdigest() if fit.pdf else None,
                "seconds": round(time.perf_counter() - start, 3),
                "cpu": round(time.process_time() - cpu, 3),
            }
            if trace:
                print(f"{slug}: start {source.start} tried {tried} -> {fit.size}", file=sys.stderr)
    finally:
        fitting.render_document, fitting.lay_out = render, lay_out
    return sheets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()

    import weasyprint  # noqa: F401  (imported before timing starts)

    sheets: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        examples = Path(tmp) / "examples"
        shutil.copytree(REPO / "briefings", examples)
        for example in (REPO / "docs" / "examples").glob("*.yml"):
            shutil.copy(example, examples / f"example-{example.name}")
        generated = generate(Path(tmp) / "generated", args.count, args.seed)
        for root in (examples, generated):
            sheets.update(record(root, args.trace))
    args.out.write_text(json.dumps(sheets, indent=1, sort_keys=True))

    def summary(name: str, run: dict[str, dict]) -> None:
        renders = sum(s["renders"] for s in run.values())
        seconds = sum(s["seconds"] for s in run.values())
        cpu = sum(s.get("cpu", 0) for s in run.values())
        print(f"{name}: {len(run)} sheets, {renders / len(run):.2f} renders a sheet, {seconds:.1f} s "
              f"({cpu:.1f} s of CPU)")

    summary(str(args.out), sheets)
    if args.compare:
        before = json.loads(args.compare.read_text())
        summary(str(args.compare), before)
        keys = ("size", "continued", "sha256")
        changed = [f"{slug}: {k} {before[slug][k]} -> {sheets.get(slug, {}).get(k)}"
                   for slug in sorted(before) for k in keys if before[slug][k] != sheets.get(slug, {}).get(k)]
        print("\n".join(changed) or "every sheet the same size and bytes")
        sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
