"""Builds at scale redo only what changed, a CI matrix can split the sheets, and progress lines
appear only when someone asked for them. (Speed itself is measured by scripts/bench.py.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from sevenminute.core.loading import load_collection
from sevenminute.core.synthetic import generate
from sevenminute.printing.sheets import build_sheets, shard_of
from sevenminute.printing.workers import progress_wanted
from sevenminute.rendering.template_data import page_path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SITE_URL = "https://briefings.example.org/"


def sevenminute(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("SEVENMINUTE_PROGRESS", "CI")}
    return subprocess.run([str(BIN / "sevenminute"), *args], capture_output=True, text=True,
                          env={**environ, **env})


def test_shards_split_every_briefing_once_in_near_equal_slices():
    slugs = [f"b{i:03d}" for i in range(103)]
    for n in (1, 2, 3, 7):
        slices = [shard_of(slugs, (k, n)) for k in range(1, n + 1)]
        assert sorted(s for part in slices for s in part) == sorted(slugs)
        assert max(map(len, slices)) - min(map(len, slices)) <= 1
        assert slices == [shard_of(list(reversed(slugs)), (k, n)) for k in range(1, n + 1)]
    with pytest.raises(ValueError):
        shard_of(slugs, (3, 2))


def test_bad_shard_is_refused_in_plain_words(tmp_path):
    result = sevenminute("sheets", "--shard", "0/2", "--cache", str(tmp_path))
    assert result.returncode == 2
    assert "K must be from 1 to N" in result.stderr
    assert "Traceback" not in result.stderr


def test_two_shards_fill_a_shared_cache_and_a_full_build_then_renders_nothing(tmp_path):
    cache = tmp_path / "cache"
    root = str(REPO / "briefings")
    common = ("sheets", "--root", root, "--cache", str(cache), "--site-url", SITE_URL, "--jobs", "1")
    first = sevenminute(*common, "--shard", "1/2")
    second = sevenminute(*common, "--shard", "2/2")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    rendered = [int(re.search(r": (\d+) rendered", r.stdout).group(1)) for r in (first, second)]
    collection = load_collection(REPO / "briefings").collection
    assert sum(rendered) == len(collection.briefings) and all(rendered)
    full = build_sheets(collection, cache, site_url=SITE_URL, jobs=1)
    assert full.rendered == 0
    # The clear-print copies and blank records went into the same cache, shard by shard.
    from sevenminute.printing.companions import build_companions

    assert build_companions(collection, cache, site_url=SITE_URL, jobs=1).rendered == 0
    assert sorted(full.sheets) == sorted(collection.briefings)
    assert all(path.read_bytes().startswith(b"%PDF-") for path in full.sheets.values())


def test_progress_only_when_asked(tmp_path, monkeypatch):
    root = str(REPO / "briefings")
    quiet = sevenminute("sheets", "--root", root, "--cache", str(tmp_path / "a"), "--jobs", "1")
    assert quiet.returncode == 0, quiet.stderr
    assert "sheets:" not in quiet.stderr  # stderr is a pipe here, as in a CI log
    asked = sevenminute("sheets", "--root", root, "--cache", str(tmp_path / "b"), "--jobs", "1",
                        SEVENMINUTE_PROGRESS="1")
    assert asked.returncode == 0, asked.stderr
    total = len(load_collection(REPO / "briefings").collection.briefings)
    assert re.search(rf"sheets: {total}/{total} rendered \([\d.]+ a second", asked.stderr), asked.stderr
    monkeypatch.delenv("SEVENMINUTE_PROGRESS", raising=False)
    monkeypatch.setenv("CI", "true")
    assert progress_wanted(None) is False
    assert progress_wanted(True) is True


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("scale") / "p"
    where.mkdir()
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    # Copies, not links: a build refuses docs/ or overrides/ linked from outside the project.
    shutil.copytree(REPO / "docs", where / "docs")
    shutil.copytree(REPO / "overrides", where / "overrides")
    generate(where / "briefings", 4, seed=11)
    return where


def mkdocs_build(project: Path) -> tuple[int, str]:
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"], cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_SHEETS": "true", "SITE_URL": SITE_URL},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    found = re.search(r"sheets: (\d+) rendered", result.stderr)
    assert found, result.stderr
    return int(found.group(1)), result.stderr


def test_rebuilds_render_only_the_sheet_and_page_that_changed(project):
    first, _ = mkdocs_build(project)
    assert first == 4
    again, _ = mkdocs_build(project)
    assert again == 0
    edited = project / "briefings" / "synthetic-00002.yml"
    text = edited.read_text()
    edited.write_text(re.sub(r"(\n    text: )", r"\1A sentence added by an editor. ", text, count=1))
    after, _ = mkdocs_build(project)
    assert after == 1
    page = lxml.html.fromstring((project / "site" / page_path("synthetic-00002") / "index.html").read_bytes())
    assert "A sentence added by an editor." in page.text_content()
    other = (project / "site" / page_path("synthetic-00001") / "index.html").read_text()
    assert "A sentence added by an editor." not in other
