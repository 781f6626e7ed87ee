"""What `mkdocs build` writes: only inside its output folder and its own caches, never through a
link it did not make, one build at a time, and a clear message (exit 1, previous site intact)
when the disk is full or read-only. docs/ and overrides/ are checked before MkDocs copies them."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .project import REPO, build_command, build_env, cache_home, make_project, run_build, snapshot

SITE_URL = "https://briefings.example/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", REPO / "briefings")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder of the builder's, outside the project, that no build may touch."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "precious.txt").write_text("the builder's own file\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "more.txt").write_text("more\n")
    return folder


def clean_failure(result: subprocess.CompletedProcess, *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    for word in words:
        assert word in output, output[-3000:]
    return output


def succeeded(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "Traceback" not in result.stderr


@contextlib.contextmanager
def tmpfs(at: Path, size: str):
    """A small file system mounted at `at` (as root), or the test is skipped."""
    at.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(at)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield at
    finally:
        subprocess.run(["umount", "-l", str(at)], capture_output=True)


# --- staging and backup folders -----------------------------------------------------------------
@pytest.mark.parametrize("name,relative", [(".site.building", False), (".site.building", True),
                                           (".site.old", True), (".site.building-abcdefgh", False),
                                           (".site.old-", True)])
def test_a_planted_link_named_like_the_staging_folder_is_never_followed(project, outside, name, relative):
    before = snapshot(outside)
    (project / name).symlink_to(os.path.relpath(outside, project) if relative else outside)
    succeeded(run_build(project, SITE_URL, sheets=False))
    assert snapshot(outside) == before, "the build wrote into a folder outside the project"
    assert (project / "site" / "index.html").exists()


def test_a_planted_folder_or_file_named_like_the_staging_folder_does_not_reach_the_site(project):
    (project / ".site.building").mkdir()
    (project / ".site.building" / "planted.html").write_text("<script>alert(1)</script>")
    (project / ".site.old").write_text("a file, not a folder")
    succeeded(run_build(project, SITE_URL, sheets=False))
    assert not (project / "site" / "planted.html").exists()


def test_an_undeletable_leftover_backup_does_not_break_later_builds(project):
    succeeded(run_build(project, SITE_URL, sheets=False))
    # A backup folder left by an earlier build, holding something that cannot be removed (a
    # mount point: removing it fails with EBUSY, even for root).
    leftover = project / ".site.old-leftover"
    (leftover / "site").mkdir(parents=True)
    with tmpfs(leftover / "site" / "busy", "1m"):
        for _ in range(2):
            succeeded(run_build(project, SITE_URL, sheets=False))
        assert (project / "site" / "index.html").exists()


# --- the output folder itself --------------------------------------------------------------------
def test_site_as_a_link_is_refused_with_what_to_do(project, outside):
    before = snapshot(outside)
    (project / "site").symlink_to(outside)
    output = clean_failure(run_build(project, SITE_URL, sheets=False), "is a symbolic link", "mkdocs build -d")
    assert "nothing was built" in output
    assert snapshot(outside) == before and (project / "site").is_symlink()
    # What the message says to do works: build straight into the folder.
    target = outside.parent / "deploy"
    succeeded(run_build(project, SITE_URL, "-d", str(target), sheets=False))
    assert (target / "index.html").exists()


def test_an_output_folder_inside_a_linked_folder_is_refused(project, outside):
    before = snapshot(outside)
    (project / "public").symlink_to(outside)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: public/site"))
    clean_failure(run_build(project, SITE_URL, sheets=False), "leads outside the project", "mkdocs build -d")
    assert snapshot(outside) == before


def test_site_as_a_mount_point_is_updated_in_place(project):
    with tmpfs(project / "site", "20m") as site:
        (site / "stale.html").write_text("from an older build")
        succeeded(run_build(project, SITE_URL, sheets=False))
        assert os.path.ismount(site)
        assert (site / "index.html").exists() and not (site / "stale.html").exists()
        first = snapshot(site)
        succeeded(run_build(project, SITE_URL, sheets=False))
        assert snapshot(site) == first
        assert not list(project.glob(".site.*")), "staging or backup folders left behind"


def test_a_full_disk_gives_a_sentence_and_keeps_the_previous_site(tmp_path):
    project = make_project(tmp_path / "project", REPO / "briefings")
    # The disk is sized from the site itself (it grows with the toolkit: the web editor alone is
    # several MB): room for one site and half of a second, so the next staging copy cannot fit.
    measured = tmp_path / "measured"
    succeeded(run_build(project, SITE_URL, "-d", str(measured), sheets=False))
    size = sum(f.stat().st_size for f in measured.rglob("*") if f.is_file())
    disk = size * 3 // 2 + 1_000_000
    with tmpfs(tmp_path / "small", f"{disk // 1024 + 1}k") as small:
        out = small / "site"
        succeeded(run_build(project, SITE_URL, "-d", str(out), sheets=False))
        before = snapshot(out)
        free = shutil.disk_usage(small).free
        (small / "filler").write_bytes(b"\0" * max(0, free - size // 2))  # the next copy cannot fit
        output = clean_failure(run_build(project, SITE_URL, "-d", str(out), sheets=False), "is full")
        [error] = [line for line in output.splitlines() if line.startswith("ERROR")]
        assert f"the disk holding {small} is full" in error, error
        assert snapshot(out) == before, "the failed build changed the previous site"
        assert sorted(p.name for p in small.iterdir()) == ["filler", "site"], "staging left behind"


def test_a_read_only_output_folder_gives_a_sentence_and_keeps_the_previous_site(tmp_path):
    project = make_project(tmp_path / "project", REPO / "briefings")
    with tmpfs(tmp_path / "ro", "20m") as folder:
        out = folder / "site"
        succeeded(run_build(project, SITE_URL, "-d", str(out), sheets=False))
        before = snapshot(out)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        output = clean_failure(run_build(project, SITE_URL, "-d", str(out), sheets=False), "read-only")
        assert f"{folder} is on a read-only file system" in output
        assert snapshot(out) == before


# --- one build at a time ---------------------------------------------------------------------------
def test_two_builds_at_once_both_finish_and_leave_a_whole_site(project):
    succeeded(run_build(project, SITE_URL, sheets=False))
    whole = snapshot(project / "site")
    env = build_env(SITE_URL, sheets=False, project=project)
    runs = [subprocess.Popen(build_command(project), cwd=project, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0 and "Traceback" not in err, err[-3000:]
    assert any("waiting for it to finish" in err for _, err in results), "neither build waited"
    assert snapshot(project / "site") == whole


# --- docs/ and overrides/ ----------------------------------------------------------------------------
@pytest.mark.parametrize("folder,name,target", [
    ("docs", "passwd.txt", "/etc/passwd"),
    ("docs", "environ.txt", "/proc/self/environ"),
    ("docs", "assets/zero.bin", "/dev/zero"),
    ("overrides", "assets/leak.txt", "/etc/passwd"),
    ("docs", "outside-folder", "OUTSIDE"),
])
def test_links_in_docs_or_overrides_to_the_builders_files_are_refused(tmp_path, outside, folder, name, target):
    project = make_project(tmp_path / "project", REPO / "briefings")
    succeeded(run_build(project, SITE_URL, sheets=False))
    before = snapshot(project / "site")
    link = project / folder / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside if target == "OUTSIDE" else target)
    output = clean_failure(run_build(project, SITE_URL, sheets=False, timeout=60), f"{folder}/{name}:1:1: error:")
    assert "nothing was built" in output
    assert snapshot(project / "site") == before
    published = b"".join(p.read_bytes() for p in (project / "site").rglob("*") if p.is_file())
    assert b"root:x:0:0" not in published and b"the builder's own file" not in published


@pytest.mark.parametrize("folder", ["docs", "overrides", "briefings"])
def test_a_top_level_folder_linked_out_of_the_project_is_refused(tmp_path, folder):
    project = make_project(tmp_path / "project", REPO / "briefings")
    elsewhere = tmp_path / f"elsewhere-{folder}"
    shutil.move(project / folder, elsewhere)
    (project / folder).symlink_to(elsewhere)
    output = clean_failure(run_build(project, SITE_URL, sheets=False, timeout=60), "outside the project")
    assert "nothing was built" in output and not (project / "site").exists()


def test_symlink_loops_in_docs_fail_fast(tmp_path):
    project = make_project(tmp_path / "project", REPO / "briefings")
    (project / "docs" / "a").symlink_to("b")
    (project / "docs" / "b").symlink_to("a")
    (project / "docs" / "up").mkdir()
    (project / "docs" / "up" / "again").symlink_to("..")
    clean_failure(run_build(project, SITE_URL, sheets=False, timeout=60), "docs/up/again:1:1: error:",
                  "docs/a:1:1: error:")
    assert not (project / "site").exists()


# --- the caches ------------------------------------------------------------------------------------
def test_a_cache_inside_the_project_is_refused(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      briefings: briefings\n",
                                                 "      briefings: briefings\n      pages_cache: .cache/pages\n"))
    clean_failure(run_build(project, SITE_URL, sheets=False), "inside the project")
    assert not (project / "site").exists()


def test_committed_cache_entries_with_the_right_names_are_never_published(project):
    succeeded(run_build(project, SITE_URL))
    pages = cache_home(project) / "projects"
    entries = sorted(pages.rglob("family-t-*.html")) + sorted(pages.rglob("family-t-*.pdf"))
    # The page, the sheet, and the sheet's companions (clear-print copy, blank record).
    assert len(entries) == 4, entries
    # The attack of issue 13: the same names, committed where the cache used to live.
    planted = project / ".cache"
    for entry in entries:
        target = planted.joinpath(*entry.relative_to(pages).parts[1:])  # e.g. sheets/records/x.pdf
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"<script>alert(1)</script> Call 0000 000 000" if entry.suffix == ".html" else b"")
    shutil.rmtree(cache_home(project))
    succeeded(run_build(project, SITE_URL))
    page = (project / "site" / "briefings" / "family-t" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in page and "0000 000 000" not in page
    for published in ("sheets", "clear-print", "records"):
        assert (project / "site" / published / "family-t.pdf").read_bytes().startswith(b"%PDF-"), published


def test_damaged_cache_entries_are_rendered_again_not_published(project):
    succeeded(run_build(project, SITE_URL))
    good = snapshot(project / "site")
    cache = cache_home(project)
    [page] = sorted(cache.rglob("family-t-*.html"))
    pdfs = sorted(cache.rglob("family-t-*.pdf"))  # the sheet, its clear-print copy and blank record
    assert len(pdfs) == 3, pdfs
    page.write_bytes(page.read_bytes().replace(b"</h1>", b"</h1><script>alert(1)</script>", 1))
    for pdf in pdfs:
        pdf.write_bytes(b"")  # truncated to 0 bytes
    result = run_build(project, SITE_URL)
    succeeded(result)
    assert "sheets: 1 rendered" in result.stderr
    assert snapshot(project / "site") == good


def test_no_permission_gives_a_sentence_and_keeps_the_previous_site():
    """The build run as an unprivileged user (root ignores permissions) in a project it may read
    but not write."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run the build as another user")
    where = Path(tempfile.mkdtemp(prefix="sevenminute-perm-"))  # tmp_path is private to root
    try:
        os.chmod(where, 0o755)
        project = make_project(where / "project", REPO / "briefings")
        succeeded(run_build(project, SITE_URL, sheets=False))
        before = snapshot(project / "site")
        cache = cache_home(project)
        cache.mkdir(exist_ok=True)
        os.chmod(cache, 0o777)
        env = build_env(SITE_URL, sheets=False, project=project)
        result = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                 *build_command(project)], cwd=project, env={**env, "HOME": str(cache)},
                                capture_output=True, text=True, timeout=300)
        output = clean_failure(result, f"no permission to write in {project}")
        assert "nothing was built" in output
        assert snapshot(project / "site") == before
    finally:
        shutil.rmtree(where, ignore_errors=True)
