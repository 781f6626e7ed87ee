"""A bad briefing among good ones: `mkdocs build` fails, names every error with its file, line and
column, shows no traceback, and leaves the previous good site exactly as it was, so a deploy
step that publishes site/ after a failed build still publishes the last good site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .project import REPO, make_project, run_build, snapshot

SITE_URL = "https://briefings.example/"
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
LOCATED = re.compile(r"^(briefings/[\w.-]+\.yml):(\d+):(\d+): error: ", re.M)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose good site/ has been built once."""
    project = make_project(tmp_path / "project", REPO / "briefings")
    first = run_build(project, SITE_URL, sheets=False)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (project / "site" / "index.html").exists()
    return project


def bad_link_and_date() -> str:
    # Two errors in one file: a javascript: link (line 26, column 10) and a 30 February (line 9, column 16).
    text = MINIMAL.replace("last_reviewed: 2026-11-23", "last_reviewed: 2026-02-30")
    return text + "resources:\n  - title: Click me\n    url: javascript:alert(1)\n"


BROKEN_YAML = 'title: Broken\nsummary: "a quotation mark opened and never closed\npoints:\n'


def assert_failed_cleanly(result, project: Path, before: dict[str, str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build succeeded with bad briefings in the folder"
    assert "Traceback" not in output, output
    assert "nothing was built" in output
    assert snapshot(project / "site") == before, "the failed build changed the previous good site/"
    assert not list(project.glob(".site.building*")), "the failed build left its staging folder"
    return output


def test_two_bad_briefings_fail_the_build_listing_every_error_and_keep_the_good_site(project):
    before = snapshot(project / "site")
    assert len(before) > 50
    briefings = project / "briefings"
    (briefings / "bad-link-and-date.yml").write_text(bad_link_and_date(), encoding="utf-8")
    (briefings / "bad-yaml.yml").write_text(BROKEN_YAML, encoding="utf-8")

    result = run_build(project, SITE_URL, sheets=False)

    output = assert_failed_cleanly(result, project, before)
    located = {(path, int(line), int(col)) for path, line, col in LOCATED.findall(output)}
    assert located == {
        ("briefings/bad-link-and-date.yml", 9, 16),   # 2026-02-30 is not a date
        ("briefings/bad-link-and-date.yml", 26, 10),  # javascript: link
        ("briefings/bad-yaml.yml", 2, 10),            # unclosed quotation mark
    }, output
    assert "3 errors" in output
    # Plain English with a hint for each, not a Python exception's repr.
    assert output.count("hint: ") >= 3


def test_a_sheet_too_long_among_good_ones_fails_before_the_site_is_touched(project):
    # The sheet stage runs inside the build, after validation: its failure must be just as clean.
    before = snapshot(project / "site")
    briefing = yaml.safe_load(MINIMAL)
    sentence = "Practitioners should record what they saw, who they told and what happened next. "
    for key in briefing["points"]:
        briefing["points"][key] = {"text": sentence * 12, "items": [sentence * 2] * 6}
    (project / "briefings" / "far-too-long.yml").write_text(yaml.safe_dump(briefing, sort_keys=False),
                                                           encoding="utf-8")

    result = run_build(project, SITE_URL, sheets=True)

    output = assert_failed_cleanly(result, project, before)
    located = {(path, int(line)) for path, line, _ in LOCATED.findall(output)}
    assert {path for path, _ in located} == {"briefings/far-too-long.yml"}, output
    assert "does not fit one A4 page" in output
