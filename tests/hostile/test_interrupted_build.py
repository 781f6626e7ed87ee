"""Killed builds lose nothing and leave nothing broken.

The sheet build is killed (SIGKILL to its whole process group, workers included) at random
moments while it is writing sheets, 20 times. After every kill each PDF in the cache is whole:
it opens, has one page and is byte-for-byte the PDF a clean build makes. The build that follows
completes and its sheets are identical to a clean build's. A whole `mkdocs build` killed part
way leaves site/ as the previous good site (or absent), never half-written."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest

from .project import build_command, build_env, make_project, real_and_synthetic, run_build, sheet_cache, snapshot

KILLS = 20
SEED = 20260808  # the kill moments and the sheets removed between runs follow from it
SYNTHETIC = 12   # with the 3 real briefings: a build has a few seconds of rendering to kill
SITE_URL = "https://briefings.example/"

# The build as a separate process: load the briefings, render the sheets into the cache and, at
# the end, print the sheets it returned.
CHILD = """
import json, sys
from pathlib import Path
from sevenminute.core.loading import load_collection
from sevenminute.printing.sheets import build_sheets
source, cache, jobs, site_url = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
collection = load_collection(Path(source)).collection
built = build_sheets(collection, cache, site_url=site_url, jobs=jobs or None)
print(json.dumps({"rendered": built.rendered, "sheets": {s: str(p) for s, p in built.sheets.items()}}))
"""


@dataclass
class Run:
    """A sheet build in its own process group, and when each new sheet appeared in the cache."""
    process: subprocess.Popen
    cache: Path
    before: set[str]
    finished: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    first: threading.Event = field(default_factory=threading.Event)
    watcher: threading.Thread | None = None

    @classmethod
    def start(cls, source: Path, cache: Path, jobs: int) -> "Run":
        before = set(pdfs(cache))
        process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(source), str(cache), str(jobs), SITE_URL],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,  # its own process group: the kill reaches the workers too
        )
        run = cls(process, cache, before)
        run.watcher = threading.Thread(target=run._watch, daemon=True)
        run.watcher.start()
        return run

    def _watch(self) -> None:
        # The cache itself says when a sheet is finished: a new PDF appears (renamed into place).
        seen = set(self.before)
        while self.process.poll() is None:
            new = {p.name for p in self.cache.glob("*.pdf") if not p.name.startswith(".")} - seen
            if new:
                self.finished += [time.monotonic() - self.started] * len(new)
                seen |= new
                self.first.set()
            time.sleep(0.01)
        self.first.set()  # the process ended (or was killed)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        assert self.watcher is not None
        self.watcher.join()

    def result(self, timeout: float = 300) -> dict:
        out, err = self.process.communicate(timeout=timeout)
        assert self.watcher is not None
        self.watcher.join()
        assert self.process.returncode == 0, f"the sheet build failed (exit {self.process.returncode}):\n{err[-3000:]}"
        return json.loads(out.strip().splitlines()[-1])


def pdfs(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cache.glob("*.pdf")) if not p.name.startswith(".")}


def check_cache(cache: Path, clean: dict[str, bytes]) -> int:
    """Every PDF in the cache is whole and correct; returns how many temporary files are left
    (an interrupted atomic write leaves a hidden .tmp file, which is never taken as a sheet)."""
    temporary = 0
    for path in sorted(cache.iterdir()):
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            temporary += 1
            continue
        assert path.suffix in (".pdf", ".json"), f"unexpected file in the sheet cache: {path.name}"
        if path.suffix == ".json":
            json.loads(path.read_text())  # the fitted size kept beside a sheet: whole, not cut off
            continue
        assert path.with_suffix(".json").exists(), f"{path.name} has no size record beside it"
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1, f"{path.name} has {len(pdf.pages)} pages"
        assert path.read_bytes() == clean.get(path.name), f"{path.name} differs from a clean build's"
    return temporary


def remove_some(cache: Path, rng: random.Random, slugs: list[str]) -> int:
    """Take sheets out of the cache so the next run has between 3 and 6 to render."""
    present = sorted(p for p in cache.glob("*.pdf") if not p.name.startswith("."))
    missing = len(slugs) - len(present)
    want = rng.randint(3, 6)
    for pdf in rng.sample(present, max(0, min(len(present), want - missing))):
        pdf.unlink()
        pdf.with_suffix(".json").unlink(missing_ok=True)
    return len(slugs) - len(list(cache.glob("*.pdf")))


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return real_and_synthetic(tmp_path_factory.mktemp("interrupted") / "briefings", SYNTHETIC)


@pytest.fixture(scope="module")
def clean(source: Path, tmp_path_factory) -> tuple[Path, dict[str, bytes], float]:
    """A clean, uninterrupted build into a fresh cache: its PDFs and the time one sheet takes."""
    cache = tmp_path_factory.mktemp("clean-cache")
    run = Run.start(source, cache, jobs=2)
    built = run.result()
    assert built["rendered"] == SYNTHETIC + 3
    # Two workers finish two sheets in the time one process takes for one.
    per_sheet = 2 * (run.finished[-1] - run.finished[0]) / max(1, len(run.finished) - 1)
    return cache, pdfs(cache), per_sheet


def test_sheet_build_killed_20_times_loses_nothing(source, clean, tmp_path):
    clean_cache, clean_pdfs, per_sheet = clean
    slugs = sorted(p.stem for p in source.glob("*.yml"))
    cache = tmp_path / "cache"
    shutil.copytree(clean_cache, cache)
    rng = random.Random(SEED)
    kills: list[str] = []
    attempts = 0
    while len(kills) < KILLS:
        attempts += 1
        assert attempts <= 2 * KILLS, f"only {len(kills)} of {attempts} runs were still going when killed"
        todo = remove_some(cache, rng, slugs)
        # Most runs render in one process; every tenth uses the worker pool a site build uses.
        jobs = 2 if len(kills) % 10 == 5 else 1
        run = Run.start(source, cache, jobs)
        assert run.first.wait(120), "the sheet build reported no sheet in 2 minutes"
        time.sleep(rng.uniform(0, 1.2 * per_sheet))  # part way through the next sheet or two
        if run.process.poll() is not None:
            continue  # it finished before the kill: not a kill, try again
        run.kill()
        done = len(run.finished)
        check_cache(cache, clean_pdfs)  # whatever the moment, the cache holds only whole sheets
        if done >= todo:
            continue  # every sheet was written before the kill: not a kill mid-write, try again
        kills.append(f"after {done} of {todo} sheets ({jobs} process{'es' if jobs > 1 else ''})")

    # The next build completes from whatever the kills left, and matches a clean build.
    final = Run.start(source, cache, jobs=0).result()
    returned = sorted(Path(p).name for p in final["sheets"].values())
    assert returned == sorted(clean_pdfs), "the build returned something other than the finished sheets"
    assert pdfs(cache) == clean_pdfs
    left = check_cache(cache, clean_pdfs)
    print(f"\n{len(kills)} kills out of {KILLS} ({attempts} runs started): " + "; ".join(kills)
          + f"\ntemporary files left in the cache by interrupted writes: {left} (never taken as sheets)")
    assert len(kills) == KILLS, f"{len(kills)} kills out of {KILLS}"


def site_state(site: Path, good: dict[str, str]) -> str | dict[str, str]:
    if not site.exists():
        return "absent"
    now = snapshot(site)
    return "previous" if now == good else now


def test_mkdocs_build_killed_part_way_never_leaves_a_partial_site(source, clean, tmp_path):
    project = make_project(tmp_path / "project", source)
    shutil.copytree(clean[0], sheet_cache(project))  # same site_url: the sheets are cached
    first = run_build(project, SITE_URL)  # also renders the sheets' companions, not in `clean`
    assert first.returncode == 0, first.stderr[-3000:]
    # How long a build takes with everything cached: the edited builds below take longer (one
    # briefing's PDFs to render), so a kill within this time finds them still going.
    started = time.monotonic()
    warm = run_build(project, SITE_URL)
    duration = time.monotonic() - started
    assert warm.returncode == 0, warm.stderr[-3000:]
    site = project / "site"
    good = snapshot(site)

    # An edit, so that a build that did complete would differ from the previous site.
    edited = project / "briefings" / "synthetic-00001.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "title: Synthetic briefing 00001", "title: Synthetic briefing 00001, revised"), encoding="utf-8")

    rng = random.Random(SEED)
    states, attempts = [], 0
    while len(states) < 4:
        attempts += 1
        assert attempts <= 12, f"only {len(states)} builds were still going when killed"
        if len(states) == 3:
            shutil.rmtree(site)  # the last kill: a first build, with no previous site
        process = subprocess.Popen(build_command(project), cwd=project, env=build_env(SITE_URL, project=project),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(rng.uniform(0.15, 0.9) * duration)
        if process.poll() is not None:
            continue
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        state = site_state(site, good)
        if len(states) == 3:
            assert state != "previous", "site/ came back after it was removed"
        states.append(state)

    after = run_build(project, SITE_URL)
    assert after.returncode == 0, after.stderr[-3000:]
    new = snapshot(site)
    assert new != good and "Synthetic briefing 00001, revised" in (
        site / "briefings" / "synthetic-00001" / "index.html").read_text(encoding="utf-8")
    for state in states:
        # A killed build leaves the previous site, no site, or (killed after the swap) the whole new one.
        assert state in ("previous", "absent") or state == new, "a killed build left a partial site/"
    print(f"\nmkdocs build killed {len(states)} times: site/ was " + ", ".join(
        s if isinstance(s, str) else "the new complete site" for s in states))
