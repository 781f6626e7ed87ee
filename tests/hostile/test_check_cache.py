"""`sevenminute check` keeps its sheets where the build does, under the build's rules: outside the
project (a committed `.cache` link made it write outside the repository and delete there), and
never trusting an entry whose bytes do not match the digest recorded when it was written (a
planted entry made a far-too-long sheet "fit at 12 pt")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sevenminute.core.loading import load_collection
from sevenminute.files.cache import digest
from sevenminute.printing import glyphs
from sevenminute.printing.sheets import sheet_key

from .project import REPO, snapshot

SEVENMINUTE = Path(sys.executable).with_name("sevenminute")
FILLER = ("Practitioners should record what they saw, who they told and what happened next, "
          "and check that the plan still fits the child's needs.")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(REPO / "briefings", folder / "briefings")
    return folder


def check(project: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SEVENMINUTE_CACHE": str(cache or project.parent / "cache")}
    env.pop("SITE_URL", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([str(SEVENMINUTE), "check", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def lengthen(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["points"]["improve"]["items"] = [FILLER] * 30
    data["points"]["happened"]["text"] = " ".join([FILLER] * 4)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def plant_fitting_entry(folder: Path, project: Path, *, honest_digest: bool) -> Path:
    """A sheet entry for child-i, under the name check looks for, whose record says it fits at 12 pt."""
    collection = load_collection(project / "briefings", checks=(glyphs.check,)).collection
    pdf = folder / f"child-i-{sheet_key(collection, 'child-i', None)[:20]}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7 planted")
    record = {"size": 12, "renders": 1, "continued": None,
              "sha256": digest(pdf.read_bytes()) if honest_digest else "0" * 64}
    pdf.with_suffix(".json").write_text(json.dumps(record))
    return pdf


def test_a_committed_cache_link_leads_nowhere(project, tmp_path):
    outside = tmp_path / "outside"
    (outside / "sheets").mkdir(parents=True)
    (outside / "sheets" / "child-i-aaaaaaaaaaaaaaaaaaaa.pdf").write_bytes(b"the builder's own file")
    (outside / "sheets" / "precious.txt").write_text("keep me\n")
    before = snapshot(outside)
    (project / ".cache").symlink_to(outside)
    result = check(project, "briefings/child-i.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the printed sheet fits one A4 page at" in result.stdout
    assert snapshot(outside) == before
    assert list((tmp_path / "cache").rglob("child-i-*.pdf"))  # the build's own cache was used


def test_a_planted_entry_never_makes_a_long_sheet_fit(project):
    lengthen(project / "briefings" / "child-i.yml")
    # Where check used to look (inside the project), with a digest that matches, and in the
    # build's own cache with one that does not.
    plant_fitting_entry(project / ".cache" / "sheets", project, honest_digest=True)
    cache = project.parent / "cache"
    saved = os.environ.get("SEVENMINUTE_CACHE")
    os.environ["SEVENMINUTE_CACHE"] = str(cache)
    try:
        from sevenminute.files.cache import default_cache

        plant_fitting_entry(default_cache(project, "sheets"), project, honest_digest=False)
    finally:
        os.environ.pop("SEVENMINUTE_CACHE") if saved is None else os.environ.update(SEVENMINUTE_CACHE=saved)
    result = check(project, "briefings/child-i.yml", cache=cache)
    assert result.returncode == 1, result.stdout
    assert "the printed sheet does not fit one A4 page" in result.stdout
    assert "fits one A4 page at 12 pt" not in result.stdout


def test_a_cache_set_inside_the_project_is_refused(project):
    result = check(project, "briefings/child-i.yml", cache=project / ".cache")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    assert "inside the project" in result.stderr
    assert not (project / ".cache").exists()
