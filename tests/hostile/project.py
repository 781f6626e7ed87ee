"""A throwaway copy of the website project for tests that build, break or kill it.

The copy has its own mkdocs.yml, briefings/, docs/, overrides/ and site/, and its caches beside
it (never inside: the plugin refuses a cache inside the project)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sevenminute.core.synthetic import generate

REPO = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def make_project(target: Path, briefings: Path) -> Path:
    """A project folder in `target` building the briefings in `briefings` (copied), with copies
    of docs/ and overrides/ (a build refuses links leading out of the project, and tests plant
    files in them)."""
    target.mkdir(parents=True, exist_ok=True)
    # The copy of overrides/ is the project's own custom_dir (as a partnership's site has one).
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1),
                                       encoding="utf-8")
    for shared in ("docs", "overrides"):
        shutil.copytree(REPO / shared, target / shared)
    shutil.copytree(briefings, target / "briefings")
    return target


def build_command(project: Path, *extra: str) -> list[str]:
    return [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra]


def cache_home(project: Path) -> Path:
    """The test project's caches: beside it, never inside it (as the plugin requires), and
    never the user's own cache."""
    return project.parent / f"{project.name}-cache"


def sheet_cache(project: Path) -> Path:
    """The folder the plugin keeps the project's sheets in (see cachefiles.default_cache)."""
    from sevenminute.files.cache import default_cache

    saved = os.environ.get("SEVENMINUTE_CACHE")
    os.environ["SEVENMINUTE_CACHE"] = str(cache_home(project))
    try:
        return default_cache(project, "sheets")
    finally:
        if saved is None:
            del os.environ["SEVENMINUTE_CACHE"]
        else:
            os.environ["SEVENMINUTE_CACHE"] = saved


def build_env(site_url: str, *, sheets: bool = True, project: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url,
           "BRIEFING_SHEETS": "true" if sheets else "false"}
    env.pop("SOURCE_DATE_EPOCH", None)  # the plugin takes the date from the content
    if project is not None:
        env["SEVENMINUTE_CACHE"] = str(cache_home(project))
    return env


def run_build(project: Path, site_url: str, *extra: str, sheets: bool = True,
              timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(project, *extra), cwd=project,
                          env=build_env(site_url, sheets=sheets, project=project),
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
