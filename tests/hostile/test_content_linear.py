"""Every field the validator accepts is validated, rendered and linted in time linear in its length.

Python-Markdown took 38 s on a 20,000-character `detail` of `[` (and `![`, `[a](`), and overflowed
the stack on a run of `  -`, while `validate` accepted the field in 0.2 s. Briefing text is now
rendered with markdown-it-py. Wall-clock limits fail on a busy machine and pass on a fast one, so
these tests measure scaling instead: the same pattern at n and 4n characters, CPU time, and a
ratio a quadratic cost (16) cannot meet. scripts/bench_text.py prints the times themselves."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from sevenminute.core import model
from sevenminute.core.yamlread import read_yaml
from sevenminute.editors import lints
from sevenminute.editors.text_walk import Locator, TextValue
from sevenminute.rendering import markdown as content

PATTERNS = ["[", "![", "[a](", "[a][", "<a", "<!", "**_", "a_", "&#", "\\", "a\n", "  -", "  - ",
            "> ", "`", "Mr ", "1 ", "0", "http://", "[a](b \"", "*a**", "\u00e9"]
N = 3000  # and 4N = 12,000, under the 20,000 a detail may hold


def pipeline(text: str, tmp_path: Path) -> None:
    """What a build and `check` do with one `detail`: validate, render, lint."""
    try:
        model.Point.model_validate({"text": "Short.", "detail": text})
    except ValueError:
        pass  # refused is fine: the cost of refusing counts too
    content.block.__wrapped__(text)
    content.inline.__wrapped__(text[:3000])  # inline fields hold at most 3,000 characters
    path = tmp_path / "value.yml"
    lines = "".join(f"  {line}\n" for line in text.split("\n"))
    path.write_text(f"detail: |2\n{lines}", encoding="utf-8")
    doc, _ = read_yaml(path)
    if doc is None:
        return
    value = TextValue(("detail",), doc.data["detail"], True)
    linter = lints._Linter(None, date.today())  # type: ignore[arg-type]
    source = (doc, Locator(doc))
    linter.link_text(source, value)
    linter.prose(source, value)


def cpu_time(text: str, tmp_path: Path) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        pipeline(text, tmp_path)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("pattern", PATTERNS, ids=[repr(p) for p in PATTERNS])
def test_cost_grows_linearly_with_length(tmp_path, pattern):
    small = (pattern * N)[:N]
    large = (pattern * 4 * N)[:4 * N]
    base = cpu_time("x", tmp_path)
    t_small = max(cpu_time(small, tmp_path) - base, 0.005)
    t_large = cpu_time(large, tmp_path) - base
    # Linear is 4; quadratic 16. Below 50 ms the ratio is noise and the cost no concern.
    assert t_large < 0.05 or t_large / t_small < 9, (
        f"{pattern!r}: {N} chars {t_small:.3f} s, {4 * N} chars {t_large:.3f} s "
        f"(ratio {t_large / t_small:.1f}; linear is 4)")


def test_a_deep_run_of_nested_list_markers_renders(tmp_path):
    """Python-Markdown recursed once per `  -` and died with RecursionError."""
    html = content.block("  -" * 5000)
    assert html
