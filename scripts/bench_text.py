"""Time validating and rendering hostile briefing text: `python scripts/bench_text.py [SIZE]`.

Prints, for runs of characters that Markdown parsers handle badly, the seconds the model's
validation and the page renderer take on SIZE characters (20,000 by default: the most a `detail`
may hold). tests/hostile/test_content_linear.py checks the scaling; this shows the times."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sevenminute import content, model  # noqa: E402

PATTERNS = ["[", "![", "[a](", "[a][", "<a", "**_", "a_", "&#", "\\", "a\n", "  -", "> ", "`"]


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    print(f"| pattern | validate (s) | render (s) |  ({size:,} characters)\n|---|---|---|")
    for pattern in PATTERNS:
        text = (pattern * size)[:size]
        start = time.perf_counter()
        refused = False
        try:
            model.Point.model_validate({"text": "Short.", "detail": text})
        except ValueError:
            refused = True
        validated = time.perf_counter() - start
        start = time.perf_counter()
        content.block.__wrapped__(text)  # what the build would cost, were it accepted
        rendered = time.perf_counter() - start
        print(f"| {pattern!r} | {validated:.3f}{' (refused)' if refused else ''} | {rendered:.3f} |")


if __name__ == "__main__":
    main()
