"""Killing a build kills its sheet workers: none is left rendering (about 90 MB each) for nobody.

Only the `mkdocs build` process is killed (SIGKILL: no handler of its own can run), as a CI
runner's timeout or an OOM killer would; its workers must go with it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .project import build_command, build_env, make_project, real_and_synthetic

SITE_URL = "https://briefings.example/"


def group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) in the process group `pgid`."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_a_build_while_it_renders_sheets_kills_its_workers(tmp_path, how):
    source = real_and_synthetic(tmp_path / "source", 10)
    project = make_project(tmp_path / "project", source)
    build = subprocess.Popen(build_command(project), cwd=project, env=build_env(SITE_URL, project=project),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(children(build.pid)) < 2 and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
        workers = children(build.pid)
        assert len(workers) >= 2, "the build started no worker processes"
        time.sleep(2)  # the workers are importing WeasyPrint or rendering
        assert build.poll() is None, "the build finished before it could be killed"
        os.kill(build.pid, how)  # the build alone, as a runner's timeout would
        build.wait(30)
        deadline = time.monotonic() + 10
        while group_members(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = group_members(build.pid)
        assert not left, f"{len(left)} worker processes outlived the killed build: {left}"
    finally:
        try:
            os.killpg(build.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
