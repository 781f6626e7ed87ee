"""The same site builds with ProperDocs (PyPI `properdocs`, the maintained continuation of
MkDocs 1.6 that runs MkDocs plugins): a partnership's site made by `sevenminute init`, with a
briefing, builds strictly with both, and every published file is the same but for the
generator's name. MkDocs stays the default (README: "Runs on a maintained MkDocs")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from partnership_site import BRIEFING, build, init_args, topic_briefing
from sevenminute.cli.main import main

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_same_site_builds_with_mkdocs_and_with_properdocs(tmp_path):
    site = tmp_path / "anytown"
    assert CliRunner().invoke(main, init_args(site)).exit_code == 0
    (site / "briefings" / f"{BRIEFING}.yml").write_text(topic_briefing(), encoding="utf-8")
    with_mkdocs = build(site, sheets=False)
    assert with_mkdocs.returncode == 0, with_mkdocs.stderr[-2000:]
    shutil.move(site / "site", tmp_path / "mkdocs-site")

    properdocs = Path(sys.executable).with_name("properdocs")
    built = subprocess.run([str(properdocs), "build", "--strict", "-f", "mkdocs.yml"], cwd=site,
                           capture_output=True, text=True, timeout=600,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_SHEETS": "false",
                                "SEVENMINUTE_CACHE": str(tmp_path / "anytown-cache")})
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr[-2000:]
    assert b"ProperDocs" in (site / "site" / "index.html").read_bytes()
    ours, theirs = files(tmp_path / "mkdocs-site"), files(site / "site")
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
