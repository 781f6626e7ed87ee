"""Previewing with `mkdocs serve` (`make serve`): an editor's mistake shows up on the page itself,
with file, line and fix, while the preview keeps running on the last good briefings; fixing it
takes the message away. A real `mkdocs serve` in a subprocess, fetched over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"
FILLER = ("Practitioners should record what they saw, who they told and what happened next, "
          "and check that the plan still fits the child's needs.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read().decode()


def wait_for(url: str, predicate, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if predicate(page):
                return page
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed what was expected; last page:\n{page[:2000]}")


@pytest.fixture
def project(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "briefings"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


@pytest.fixture
def preview(project, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SEVENMINUTE_PROGRESS": "0"}
    server = subprocess.Popen([str(MKDOCS), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}/seven-minute-briefings/"
    try:
        wait_for(base, lambda page: "Seven-minute briefings" in page)
        yield project, base, tmp_path / "serve.log"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_errors_show_on_the_page_and_go_when_fixed(preview):
    project, base, log = preview
    page_url = base + "briefings/family-t/"
    source = project / "briefings" / "family-t.yml"
    good = source.read_text()
    assert "build-errors" not in fetch(page_url)

    source.write_text(good.replace("review_type: scr\n", "review_type: scrr\n"))
    page = wait_for(page_url, lambda p: "build-errors" in p)
    assert "briefings/family-t.yml:6:14: error: unknown review type &#x27;scrr&#x27;" in page
    assert "did you mean &#x27;scr&#x27;?" in page
    assert "<h1" in page and "Family T" in page, "the last good page is still served under the message"
    assert "build-errors" in fetch(base), "every page carries the message, not only the one edited"
    assert "unknown review type 'scrr'" in log.read_text(), "the terminal shows it too"

    source.write_text(good)
    wait_for(page_url, lambda p: "build-errors" not in p)


def test_a_sheet_too_long_shows_on_the_page_and_the_last_good_sheet_stays(preview):
    project, base, _ = preview
    page_url = base + "briefings/child-i/"
    source = project / "briefings" / "child-i.yml"
    good = source.read_text()
    assert "sheets/child-i.pdf" in fetch(page_url)

    data = yaml.safe_load(good)
    data["points"]["improve"]["items"] = [FILLER] * 30
    data["points"]["happened"]["text"] = " ".join([FILLER] * 4)
    source.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    page = wait_for(page_url, lambda p: "build-errors" in p, seconds=180)
    assert "does not fit one A4 page" in page and "child-i.yml:" in page
    assert "sheets/child-i.pdf" in page
    with urllib.request.urlopen(base + "sheets/child-i.pdf", timeout=10) as response:
        assert response.read(5) == b"%PDF-"

    source.write_text(good)
    wait_for(page_url, lambda p: "build-errors" not in p, seconds=180)


def test_mkdocs_build_still_stops_on_the_same_error(project):
    source = project / "briefings" / "family-t.yml"
    source.write_text(source.read_text().replace("review_type: scr\n", "review_type: scrr\n"))
    result = subprocess.run([str(MKDOCS), "build", "-d", str(project / "out")], cwd=project,
                            capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_SHEETS": "false"})
    assert result.returncode != 0
    assert "family-t.yml:6:14: error: unknown review type 'scrr'" in result.stderr + result.stdout
    assert not (project / "out").exists()
