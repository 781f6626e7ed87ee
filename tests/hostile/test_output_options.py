"""The commands' output options: `sheet -o` and `pack -o` write a PDF and nothing else. They never
replace a briefing, a data file, a link, a FIFO or a device, never create folders, and give a
clear error (exit 2, no traceback) for empty or odd arguments; `--cache` inside the project is
refused (a pull request could have committed sheets there)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEVENMINUTE = Path(sys.executable).with_name("sevenminute")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A working folder holding a copy of briefings/, as an editor's checkout would."""
    work = tmp_path_factory.mktemp("options") / "checkout"
    shutil.copytree(REPO / "briefings", work / "briefings")
    return work


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SEVENMINUTE), *args], cwd=cwd, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "SEVENMINUTE_CACHE": str(cwd.parent / "cache")})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(result: subprocess.CompletedProcess, words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert words in output, output


@pytest.mark.parametrize("command", [["sheet", "family-t"], ["pack", "--slugs", "family-t"]])
@pytest.mark.parametrize("target", ["briefings/family-t.yml", "briefings/data/site.yml"])
def test_output_never_overwrites_a_briefing_or_data_file(workdir, command, target):
    before = digest(workdir / target)
    refused(run(workdir, *command, "-o", target), "does not end in .pdf")
    assert digest(workdir / target) == before


def test_output_never_replaces_a_pdf_it_did_not_write(workdir):
    other = workdir / "someone-elses.pdf"
    other.write_bytes(b"%PDF-1.4\n% a report written by another program\n%%EOF\n")
    before = digest(other)
    refused(run(workdir, "sheet", "family-t", "-o", other.name), "is not a PDF this command wrote")
    assert digest(other) == before


def test_output_never_writes_through_a_link_or_into_a_fifo(workdir, tmp_path):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"not to be touched")
    link = workdir / "link.pdf"
    link.symlink_to(outside)
    refused(run(workdir, "sheet", "family-t", "-o", "link.pdf"), "symbolic link")
    assert outside.read_bytes() == b"not to be touched" and link.is_symlink()
    os.mkfifo(workdir / "pipe.pdf")
    refused(run(workdir, "sheet", "family-t", "-o", "pipe.pdf"), "not an ordinary file")
    assert stat.S_ISFIFO(os.lstat(workdir / "pipe.pdf").st_mode)


def test_a_device_is_never_replaced(workdir):
    refused(run(workdir, "sheet", "family-t", "-o", "/dev/full"), "does not end in .pdf")
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_output_never_creates_folders(workdir):
    missing = Path("/nonexistent-sevenminute-test")
    assert not missing.exists()
    refused(run(workdir, "sheet", "family-t", "-o", str(missing / "x" / "y.pdf")), "does not exist")
    refused(run(workdir, "pack", "--slugs", "family-t", "-o", "new-folder/pack.pdf"), "does not exist")
    assert not missing.exists() and not (workdir / "new-folder").exists()


@pytest.mark.parametrize("args,words", [
    (["pack", "--slugs", ",", "-o", "p.pdf"], "give at least one briefing's slug"),
    (["pack", "--slugs", " , ,", "-o", "p.pdf"], "give at least one briefing's slug"),
    (["pack", "--slugs", "", "-o", "p.pdf"], "give at least one briefing's slug"),
    (["pack", "--slugs", "family-t", "-o", ""], "give the name of the PDF"),
    (["pack", "--slugs", "family-t", "-o", "p.pdf", "--jobs", "0"], "0 is not in the range"),
    (["sheets", "--jobs", "-1"], "not in the range"),
    (["sheet", "family-t", "-o", ""], "give the name of the PDF"),
    (["sheets", "--cache", ".cache/sheets"], "inside the project"),
    (["pack", "--slugs", "family-t", "-o", "p.pdf", "--cache", "briefings/x"], "inside the project"),
])
def test_odd_arguments_get_a_clear_error(workdir, args, words):
    refused(run(workdir, *args), words)
    assert not (workdir / "p.pdf").exists() and not (workdir / ".cache").exists()


def test_a_pdf_the_command_wrote_before_is_replaced(workdir):
    first = run(workdir, "sheet", "family-t", "-o", "family-t.pdf")
    assert first.returncode == 0, first.stderr
    again = run(workdir, "sheet", "family-t", "-o", "family-t.pdf")
    assert again.returncode == 0, again.stderr
    assert (workdir / "family-t.pdf").read_bytes().startswith(b"%PDF-")
