"""A throwaway copy of the website project for tests that build, break or kill it.

The copy has its own mkdocs.yml, briefings/, site/ and sheet cache; docs/ and overrides/ are
links to the repository's, so the plugin still recognises its own templates (it keeps the
sheet's templates out of the site by their real path)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sevenminute.synthetic import generate

REPO = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def make_project(target: Path, briefings: Path) -> Path:
    """A project folder in `target` building the briefings in `briefings` (copied)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for shared in ("docs", "overrides"):
        (target / shared).symlink_to(REPO / shared, target_is_directory=True)
    shutil.copytree(briefings, target / "briefings")
    return target


def build_command(project: Path) -> list[str]:
    return [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml")]


def build_env(site_url: str, *, sheets: bool = True) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url,
           "BRIEFING_SHEETS": "true" if sheets else "false"}
    env.pop("SOURCE_DATE_EPOCH", None)  # the plugin takes the date from the content
    return env


def run_build(project: Path, site_url: str, *, sheets: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(project), cwd=project, env=build_env(site_url, sheets=sheets),
                          capture_output=True, text=True, timeout=timeout)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (relative path -> SHA-256): equal snapshots, equal bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def real_and_synthetic(target: Path, count: int, seed: int = 8) -> Path:
    """The repository's briefings and data plus `count` synthetic briefings, in `target`."""
    generate(target, count, seed=seed, source=REPO / "briefings")
    for briefing in (REPO / "briefings").glob("*.yml"):
        shutil.copy(briefing, target / briefing.name)
    return target
