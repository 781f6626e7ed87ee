"""The guide "Start your partnership's site" is the same text in the README and on the site
(docs/start.md), and the commands it gives are the ones the toolkit has."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from sevenminute.cli.main import main

REPO = Path(__file__).resolve().parents[1]


def readme_guide() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start your partnership's site\n", 1)[1].split("\n## ", 1)[0]
    return section.split("-->\n", 1)[1].strip()


def test_the_site_page_is_the_readme_section():
    page = (REPO / "docs" / "start.md").read_text(encoding="utf-8")
    assert page.split("# Start your partnership's site\n", 1)[1].strip() == readme_guide()


def test_every_init_flag_the_guide_names_exists():
    flags = set(re.findall(r"`(--[a-z-]+)`", readme_guide()))
    assert {"--name", "--colour", "--no-input", "--repository"} <= flags
    usage = CliRunner().invoke(main, ["init", "--help"]).output
    assert all(flag in usage for flag in flags), [f for f in flags if f not in usage]
