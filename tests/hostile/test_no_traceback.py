"""No traceback, anywhere: each odd setting, odd folder or failing disk gets one plain sentence,
located where it can be (file:line:column), and exit 1, from the build and from each command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .project import REPO, build_command, build_env, cache_home, make_project
from .test_site_output import tmpfs

SEVENMINUTE = Path(sys.executable).with_name("sevenminute")
SITE_URL = "https://briefings.example/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", REPO / "briefings")


def plain_failure(result: subprocess.CompletedProcess, *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "Traceback" not in output and "Error:" not in output.replace("BuildError", ""), output[-3000:]
    for word in words:
        assert word in output, output[-3000:]
    return output


def build(project: Path, *, sheets: bool = False, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(project), cwd=project, capture_output=True, text=True, timeout=timeout,
                          env={**build_env(env.pop("SITE_URL", SITE_URL), sheets=sheets, project=project), **env})


def command(project: Path, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    base = {**os.environ, "SEVENMINUTE_CACHE": str(cache_home(project))}
    base.pop("SITE_URL", None)
    base.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([str(SEVENMINUTE), *args], cwd=project, capture_output=True, text=True,
                          timeout=timeout, env={**base, **env})


# --- site addresses -------------------------------------------------------------------------------
@pytest.mark.parametrize("address", ["javascript://briefings.org/%0aalert(1)", "ftp://briefings.org/x/",
                                     "https://briefings.org/" + "a" * 3000 + "/"])
def test_an_odd_site_address_is_refused_at_its_line(project, address):
    output = plain_failure(build(project, sheets=True, SITE_URL=address), "mkdocs.yml:9:1: error: the site address")
    assert "https://" in output
    assert not (project / "site").exists()  # so it reaches no feed
    plain_failure(command(project, "sheet", "child-i", "-o", str(project.parent / "x.pdf"), SITE_URL=address),
                  "error: the site address")
    plain_failure(command(project, "check", "briefings/child-i.yml", SITE_URL=address), "error: the site address")


# --- folders --------------------------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["docs", "briefings", "overrides"])
def test_folders_1100_levels_deep_are_refused(project, folder):
    deep = project / folder / "/".join(["a"] * 1100)
    subprocess.run(["mkdir", "-p", str(deep)], check=True)
    try:
        (deep / "x.md").write_text("# x\n")
        plain_failure(build(project, timeout=120), "nested more than 32 deep")
        if folder == "briefings":
            plain_failure(command(project, "validate", timeout=60), "nested more than 32 deep")
    finally:  # pytest's own clean-up of tmp_path recurses once a level and would overflow
        subprocess.run(["rm", "-rf", str(project / folder / "a")], check=True)


# --- a full cache disk ----------------------------------------------------------------------------
def test_a_full_cache_disk_names_the_cache(project, tmp_path):
    with tmpfs(tmp_path / "small", "300k") as small:
        output = plain_failure(build(project, sheets=True, SEVENMINUTE_CACHE=str(small)), "is full")
        [error] = [line for line in output.splitlines() if line.startswith("ERROR")]
        assert f"the disk holding {small}/" in error and "/sheets" in error, error
        shutil.rmtree(small / "projects")  # no sheet cached: each command must write one
        with pytest.raises(OSError):  # fill what is left
            with open(small / "filler", "wb") as filler:
                while True:
                    filler.write(b"\0" * 4096)
                    filler.flush()
        for args in (("check", "briefings/child-i.yml"), ("sheet", "child-i", "-o", str(tmp_path / "x.pdf"))):
            output = plain_failure(command(project, *args, SEVENMINUTE_CACHE=str(small)), "is full")
            assert f"the disk holding {small}/" in output


# --- a read-only checkout -------------------------------------------------------------------------
def test_a_read_only_checkout_gives_a_sentence(tmp_path):
    with tmpfs(tmp_path / "ro", "20m") as folder:
        project = make_project(folder / "project", REPO / "briefings")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        cache = str(tmp_path / "cache")  # the user's cache, outside the checkout
        checked = command(project, "check", "briefings/child-i.yml", SEVENMINUTE_CACHE=cache)  # reads only
        assert checked.returncode == 0 and "fits one A4 page" in checked.stdout, checked.stdout + checked.stderr
        plain_failure(command(project, "new", "--partnership", "north-yorkshire", "--title", "Child Q",
                              SEVENMINUTE_CACHE=cache), "read-only file system")
        plain_failure(command(project, "partnership", "new", "--id", "west-sussex", "--name", "West Sussex",
                              SEVENMINUTE_CACHE=cache), "read-only file system")
        # And a read-only cache folder is named as the cache, with what to do.
        output = plain_failure(command(project, "check", "briefings/child-i.yml"), "read-only file system")
        assert "the cache folder" in output and "SEVENMINUTE_CACHE" in output


# --- SOURCE_DATE_EPOCH ----------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["yesterday", "", "99999999999999999999", "-5"])
def test_an_invalid_source_date_epoch_is_said_plainly(project, value):
    plain_failure(build(project, SOURCE_DATE_EPOCH=value), "SOURCE_DATE_EPOCH is", "date +%s")
    plain_failure(command(project, "check", "--no-sheets", SOURCE_DATE_EPOCH=value), "SOURCE_DATE_EPOCH is")


# --- text that is not UTF-8 -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["docs/latin-1.md", "overrides/partials/latin-1.html"])
def test_a_page_or_template_that_is_not_utf8_is_located_at_the_byte(project, name):
    (project / name).write_bytes("# Café\n\nSee the café\n".encode("latin-1"))
    plain_failure(build(project), f"{name}:1:6: error: this file is not UTF-8 text")


# --- schema/ ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_fifo_or_dev_zero_in_schema_does_not_hang_or_fill_memory(project, kind):
    shutil.copytree(REPO / "schema", project / "schema")
    target = project / "schema" / "briefing.schema.json"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(kind)
    plain_failure(command(project, "schema", "--check", timeout=30), "schema/briefing.schema.json:1:1: error:")


# --- the caches -------------------------------------------------------------------------------------
def test_one_folder_for_both_caches_is_refused_at_its_line(project):
    config = project / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("      briefings: briefings\n", "      briefings: briefings\n"
                                   "      sheets_cache: ../shared\n      pages_cache: ../shared\n"))
    line = config.read_text().splitlines().index("      pages_cache: ../shared") + 1
    plain_failure(build(project), f"mkdocs.yml:{line}:7: error: sheets_cache and pages_cache name the same folder")
