"""`sevenminute upgrade` on a site written for the previous data version (tests/fixtures/site-v1:
the demo's settings as they were before data_version and brand): it rewrites site.yml to the
current version keeping every comment and line, the result loads, and a second run changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from sevenminute.cli.main import main
from sevenminute.core.loading import load_collection
from sevenminute.core.model import DATA_VERSION

V1 = Path(__file__).resolve().parent / "fixtures" / "site-v1"


def test_upgrade_rewrites_a_previous_version_site_keeping_its_comments(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(V1, site)
    before = (site / "briefings" / "data" / "site.yml").read_text(encoding="utf-8")
    assert "\ndata_version:" not in before and "\nbrand:" not in before
    check = CliRunner().invoke(main, ["upgrade", str(site), "--check"])
    assert check.exit_code == 1 and "would change" in check.output
    assert (site / "briefings" / "data" / "site.yml").read_text(encoding="utf-8") == before

    result = CliRunner().invoke(main, ["upgrade", str(site)])
    assert result.exit_code == 0, result.output
    assert f"data version 1 to {DATA_VERSION}" in result.output and "added brand" in result.output
    after = (site / "briefings" / "data" / "site.yml").read_text(encoding="utf-8")
    # Every line of the old file is still there, in order (comments included): only additions.
    old, new = before.splitlines(), iter(after.splitlines())
    assert all(any(line == n for n in new) for line in old)
    collection = load_collection(site / "briefings").collection
    assert collection.site.data_version == DATA_VERSION
    assert collection.site.brand.name == "Anytown 7-minute briefings"  # from mkdocs.yml's site_name

    again = CliRunner().invoke(main, ["upgrade", str(site)])
    assert again.exit_code == 0 and "up to date" in again.output
    assert (site / "briefings" / "data" / "site.yml").read_text(encoding="utf-8") == after


def test_a_site_newer_than_the_toolkit_is_refused_in_plain_english(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(V1, site)
    path = site / "briefings" / "data" / "site.yml"
    path.write_text(f"data_version: {DATA_VERSION + 1}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["upgrade", str(site)])
    assert result.exit_code == 1 and "newer than this toolkit's" in result.output
    assert "Traceback" not in result.output


def test_the_demo_and_new_sites_are_at_the_current_data_version():
    repo = Path(__file__).resolve().parents[1]
    assert load_collection(repo / "briefings").collection.site.data_version == DATA_VERSION
