"""Dates implausibly far from today are refused at their line: `last_reviewed: 2206-11-23` (a typo)
passed `check` and then killed the build with a raw struct.error from the sitemap's gzip time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sevenminute.core.loading import load_collection

REPO = Path(__file__).resolve().parents[2]
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
NEXT_YEAR_PLUS = date(date.today().year + 2, 1, 1).isoformat()


def load_with(tmp_path: Path, old: str, new: str):
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    text = MINIMAL.replace(old, new)
    assert text != MINIMAL
    (root / "case.yml").write_text(text, encoding="utf-8")
    return root, text, [d for d in load_collection(root).diagnostics if d.severity == "error"]


CASES = {
    "last_reviewed far ahead": ("last_reviewed: 2026-11-23", "last_reviewed: 2206-11-23"),
    "last_reviewed two years ahead": ("last_reviewed: 2026-11-23", f"last_reviewed: {NEXT_YEAR_PLUS}"),
    "last_reviewed before 1990": ("last_reviewed: 2026-11-23", "last_reviewed: 1066-10-14"),
    "year 1": ("last_reviewed: 2026-11-23", "last_reviewed: 0001-01-01"),
    "held far ahead": ('held: "2022-09"', 'held: "2206-09"'),
    "published long ago": ('held: "2022-09"', 'published: "1899-01"'),
    "next review in two centuries": ("last_reviewed: 2026-11-23",
                                     "last_reviewed: 2026-11-23\nnext_review: 2206-11-23"),
}


@pytest.mark.parametrize("old,new", CASES.values(), ids=CASES.keys())
def test_implausible_dates_are_refused_at_their_line(tmp_path, old, new):
    _, text, errors = load_with(tmp_path, old, new)
    [error] = errors
    key = new.splitlines()[-1].split(":")[0]
    assert error.line == next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith(key + ":"))
    assert "check the year" in error.message + error.hint


def test_a_review_planned_a_year_ahead_is_fine(tmp_path):
    soon = date(date.today().year + 1, 6, 1).isoformat()
    _, _, errors = load_with(tmp_path, "last_reviewed: 2026-11-23",
                             f"last_reviewed: 2026-11-23\nnext_review: {soon}")
    assert errors == []


def test_check_reports_the_typo_without_a_traceback(tmp_path):
    root, _, _ = load_with(tmp_path, "last_reviewed: 2026-11-23", "last_reviewed: 2206-11-23")
    result = subprocess.run([str(Path(sys.executable).with_name("sevenminute")), "check", str(root)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "struct.error" not in output
    assert "case.yml:" in output and "2206-11-23 is more than 1 year from today" in output
