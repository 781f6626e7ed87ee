"""Which files belong to the project's git repository, asked of git itself.

A checkout holds more than the repository: `.git/config` (where actions/checkout leaves its
token), an untracked `.env`, files a tool left behind. A build may read only the repository's own
files, and git is the one that knows them: the files it tracks, plus (so that a new briefing
shows in a preview before `git add`) the untracked files inside the content folders that no
.gitignore excludes."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterable

GIT_TIMEOUT = 60  # seconds; ls-files over 10,000 files takes a fraction of one


def _ls_files(project: Path, *args: str) -> list[str] | None:
    try:
        done = subprocess.run(["git", "-C", str(project), "ls-files", "-z", *args],
                              capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):  # no git installed, or it hung
        return None
    if done.returncode != 0:  # not a repository (or one git refuses to use: then trust nothing)
        return None
    return [name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def owned_files(project: Path, content: Iterable[Path]) -> frozenset[Path] | None:
    """The paths (under the project's real path) of the files the repository holds: tracked, or
    untracked but not ignored inside one of the `content` folders. None when the project is not
    in a git repository (or git cannot say), for the caller to fall back on a stricter rule."""
    real = Path(project).resolve()
    tracked = _ls_files(real, "--cached", "--recurse-submodules")
    if tracked is None:
        return None
    folders = [str(Path(f).resolve().relative_to(real)) for f in content
               if Path(f).resolve() == real or real in Path(f).resolve().parents]
    untracked = _ls_files(real, "--others", "--exclude-standard", "--", *folders) if folders else []
    return frozenset(real / name for name in [*tracked, *(untracked or [])])
