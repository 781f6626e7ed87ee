"""Broken input gives the expected plain-English message at the expected line and column."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from click.testing import CliRunner

from sevenminute.cli.main import main
from sevenminute.core.loading import load_collection

REPO = Path(__file__).resolve().parents[1]

GOOD = textwrap.dedent(
    """\
    title: Test briefing
    partnership: north-yorkshire
    review_type: rapid-review
    held: "2022-09"
    themes:
      - safer-sleep-and-sudi
    summary: A short summary of what happened and why it matters.
    last_reviewed: 2026-11-23
    points:
      happened:
        text: Something happened.
      matters:
        text: It matters.
      worked_well:
        items:
          - Good work.
      improve:
        items:
          - Better work.
      recommendations:
        items:
          - Do this.
    """
)


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# (id, briefing text, expected line, expected column, words the message must contain)
CASES = [
    # YAML syntax
    ("bad-indent", edit("  happened:\n", "  happened:\n   x: y\n"), 12, 9, "YAML syntax"),
    ("tab-indent", edit("      - Good work.", "\t- Good work."), 16, 1, "tab"),
    ("unclosed-quote", edit('held: "2022-09"', 'held: "2022-09'), 4, 7, "never closed"),
    ("colon-in-text", edit("text: It matters.", "text: Why: it: matters"), 13, 14, "in double quotes"),
    ("duplicate-key", edit("summary:", "title: Again\nsummary:"), 7, 1, "'title' appears twice"),
    ("duplicate-nested-key", edit("    text: It matters.", "    text: It matters.\n    text: Twice."), 14, 5, "'text' appears twice"),
    ("duplicate-point", edit("  matters:\n", "  happened:\n"), 12, 3, "'happened' appears twice"),
    ("alias", edit("held:", "x: &a [1]\nheld:"), 4, 4, "anchors"),
    ("alias-use", "a: &x 1\nb: *x\n", 1, 4, "anchors"),
    ("merge-key", edit("points:\n", "points:\n  <<: {}\n"), 10, 3, "merge keys"),
    ("custom-tag", edit("title: Test briefing", "title: !python/object Test"), 1, 8, "tag"),
    ("empty-file", "", 1, 1, "empty"),
    ("not-a-mapping", "- just\n- a list\n", 1, 1, "group of fields"),
    # Missing fields
    ("missing-title", edit("title: Test briefing\n", ""), 1, 1, "'title' is missing"),
    ("missing-summary", edit("summary: A short summary of what happened and why it matters.\n", ""), 1, 1, "'summary' is missing"),
    ("missing-themes", edit("themes:\n  - safer-sleep-and-sudi\n", ""), 1, 1, "'themes' is missing"),
    ("missing-dates", edit('held: "2022-09"\n', ""), 1, 1, "gives no date"),
    ("missing-point", edit("  improve:\n    items:\n      - Better work.\n", ""), 9, 1, "point 'improve'"),
    ("missing-nested-items", edit("      - Good work.", "      - text: Parent"), 16, 9, "'items' is missing"),
    ("empty-point", edit("    text: It matters.", "    detail: Only web."), 13, 5, "text or items"),
    # Unknown fields
    ("unknown-field", edit("title:", "titel: x\ntitle:"), 1, 1, "did you mean 'title'"),
    ("unknown-point-field", edit("    text: It matters.", "    txt: It matters."), 13, 5, "did you mean 'text'"),
    ("unknown-point-key", edit("  matters:\n", "  maters:\n"), 12, 3, "did you mean 'matters'"),
    ("unknown-resource-field", edit("points:", "resources:\n  - title: A guide\n    ulr: https://x.org\npoints:"), 11, 5, "did you mean 'url'"),
    # Wrong types
    ("themes-not-list", edit("themes:\n  - safer-sleep-and-sudi", "themes: safer-sleep-and-sudi"), 5, 9, "should be a list"),
    ("points-text", GOOD.split("points:")[0] + "points: all of them\n", 9, 9, "group of fields"),
    ("title-list", edit("title: Test briefing", "title:\n  - Test"), 2, 3, "should be text"),
    ("items-text", edit("    items:\n      - Good work.", "    items: Good work."), 15, 12, "should be a list"),
    # Values
    ("bad-held", edit('held: "2022-09"', "held: 2022-9"), 4, 7, "year and month"),
    ("held-month-13", edit('held: "2022-09"', 'held: "2022-13"'), 4, 7, "year and month"),
    ("bad-date", edit("last_reviewed: 2026-11-23", "last_reviewed: 23/11/2026"), 8, 16, "not a date"),
    ("impossible-date", edit("last_reviewed: 2026-11-23", "last_reviewed: 2026-02-30"), 8, 16, "not a date"),
    ("yaml11-no", edit("title: Test briefing", "title: no"), None, None, None),  # stays text: valid
    ("yaml11-time-held", edit('held: "2022-09"', "held: 12:30"), 4, 7, "year and month"),
    ("bad-url", edit("points:", "resources:\n  - title: A guide\n    url: www.example.org\npoints:"), 11, 10, "https://"),
    ("javascript-url", edit("points:", "resources:\n  - title: A guide\n    url: javascript:alert(1)\npoints:"), 11, 10, "https://"),
    ("bad-slug-theme", edit("  - safer-sleep-and-sudi", "  - Safer Sleep"), 6, 5, "is not an id"),
    ("bad-age-band", edit("themes:", "age_band: baby\nthemes:"), 5, 11, "not allowed"),
    ("age-band-typo", edit("themes:", "age_band: under one\nthemes:"), 5, 11, "did you mean 'under 1'"),
    ("too-many-themes", edit("  - safer-sleep-and-sudi", "\n".join(f"  - {t}" for t in ["neglect", "assessment", "pre-birth", "young-carers", "think-family", "domestic-abuse", "hospital-discharge"])), 6, 3, "at most 6"),
    ("summary-short", edit("summary: A short summary of what happened and why it matters.", "summary: Short."), 7, 10, "too short"),
    ("title-too-long", edit("title: Test briefing", "title: " + "x" * 130), 1, 8, "too long"),
    ("bad-format", edit("points:", "resources:\n  - title: A guide\n    format: pdf\npoints:"), 11, 13, "did you mean 'PDF'"),
    # References
    ("unknown-partnership", edit("partnership: north-yorkshire", "partnership: north-yorks"), 2, 14, "did you mean 'north-yorkshire'"),
    ("unknown-review-type", edit("review_type: rapid-review", "review_type: rapid-reveiw"), 3, 14, "did you mean 'rapid-review'"),
    ("unknown-theme", edit("  - safer-sleep-and-sudi", "  - safer-sleep"), 6, 5, "unknown theme 'safer-sleep'"),
    ("duplicate-theme", edit("  - safer-sleep-and-sudi", "  - neglect\n  - neglect"), 7, 5, "listed twice"),
    ("unknown-resource", edit("points:", "resources:\n  - nyscp-heat-tol\npoints:"), 10, 5, "did you mean 'nyscp-heat-tool'"),
]


WARNINGS = {"missing-dates"}


def run_case(root: Path, text: str):
    path = root / "broken-case.yml"
    path.write_text(text, encoding="utf-8")
    result = load_collection(root, only={path.resolve()})
    return [d for d in result.diagnostics if d.path.endswith("broken-case.yml")]


def test_there_are_at_least_forty_distinct_cases():
    assert len({c[0] for c in CASES}) == len(CASES) >= 40
    assert len({c[1] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id,text,line,column,words", CASES, ids=[c[0] for c in CASES])
def test_broken_input_is_reported_at_its_line(briefings_copy, case_id, text, line, column, words, monkeypatch):
    found = run_case(briefings_copy, text)
    # The same file through the command an editor runs: exit code, the printed line, no traceback.
    monkeypatch.chdir(briefings_copy.parent)
    result = CliRunner().invoke(main, ["validate", "--format", "plain", "briefings/broken-case.yml"])
    printed = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in printed
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if words is None:
        assert found == [], [d.plain() for d in found]
        assert result.exit_code == 0, printed
        return
    assert found, f"{case_id}: no diagnostic"
    match = [d for d in found if words in d.message + " " + d.hint]
    assert match, f"{case_id}: expected {words!r} in {[d.plain() for d in found]}"
    assert (match[0].line, match[0].column) == (line, column), match[0].plain()
    severity = "warning" if case_id in WARNINGS else "error"
    assert match[0].severity == severity
    assert f"briefings/broken-case.yml:{line}:{column}: {severity}: {match[0].message}" in printed
    assert result.exit_code == (0 if severity == "warning" else 1), printed


def test_the_good_case_is_valid(briefings_copy):
    assert run_case(briefings_copy, GOOD) == []


def test_yaml_11_values_stay_what_the_editor_typed(briefings_copy):
    path = briefings_copy / "yaml-eleven.yml"
    path.write_text(edit("title: Test briefing", "title: no").replace("text: It matters.", "text: 12:30"))
    result = load_collection(briefings_copy)
    assert result.ok, [d.plain() for d in result.diagnostics]
    briefing = result.collection.briefings["yaml-eleven"]
    assert briefing.title == "no"
    assert briefing.points["matters"].text == "12:30"


def test_all_errors_come_in_one_run(briefings_copy):
    (briefings_copy / "one.yml").write_text(edit("partnership: north-yorkshire", "partnership: nope"))
    (briefings_copy / "two.yml").write_text(edit("title: Test briefing", "titel: x").replace("held: \"2022-09\"", "held: 2022"))
    result = load_collection(briefings_copy)
    paths = {Path(d.path).name for d in result.diagnostics if d.severity == "error"}
    assert paths == {"one.yml", "two.yml"}
    assert len([d for d in result.diagnostics if d.path.endswith("two.yml")]) >= 3


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sevenminute", *args],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60,
    )


def test_cli_exit_codes_and_no_traceback(briefings_copy):
    ok = cli("validate", "briefings", cwd=briefings_copy.parent)
    assert ok.returncode == 0, ok.stderr
    (briefings_copy / "broken.yml").write_text(edit("title: Test briefing", "titel: x"))
    bad = cli("validate", "briefings", cwd=briefings_copy.parent)
    assert bad.returncode == 1
    assert "briefings/broken.yml:1:1: error: unknown field 'titel'" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout
    usage = cli("validate", "no-such-folder", cwd=briefings_copy.parent)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_github_annotations_inside_actions(briefings_copy):
    (briefings_copy / "broken.yml").write_text(edit("partnership: north-yorkshire", "partnership: nope"))
    out = cli("validate", "briefings", cwd=briefings_copy.parent, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=briefings/broken.yml,line=2,col=14,title=unknown-partnership::" in out.stderr


def test_validate_the_repository():
    result = subprocess.run([sys.executable, "-m", "sevenminute", "validate", "briefings"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "3 briefings valid" in result.stdout


def test_reference_errors_come_with_the_model_errors(briefings_copy):
    """An unknown theme is reported in the same run as a bad date and an unsafe link."""
    text = edit("  - safer-sleep-and-sudi", "  - not-a-theme").replace(
        "last_reviewed: 2026-11-23", "last_reviewed: 2026-02-30").replace(
        "points:", "resources:\n  - title: A guide\n    url: javascript:alert(1)\npoints:")
    found = run_case(briefings_copy, text)
    messages = " | ".join(d.plain() for d in found)
    assert "unknown theme 'not-a-theme'" in messages
    assert "not a date" in messages
    assert "https://" in messages
