"""What the build reads: only regular files inside the project, never more than a bounded amount,
and no YAML file silently left out.

A pull request can commit symbolic links (to a briefing outside the checkout, to /dev/zero, to
themselves) and name files anything; each gives a located, plain-English error, fast."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sevenminute.core.loading import load_collection

REPO = Path(__file__).resolve().parents[2]
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
SEVENMINUTE = Path(sys.executable).with_name("sevenminute")


@pytest.fixture
def project(tmp_path: Path, briefings_copy: Path) -> Path:
    """briefings_copy sits in tmp_path: tmp_path is the project folder, outside is tmp_path.parent."""
    return briefings_copy


def outside_briefing(tmp_path: Path) -> Path:
    """A valid briefing outside the project (beside it)."""
    folder = tmp_path.parent / f"{tmp_path.name}-outside"
    folder.mkdir(exist_ok=True)
    path = folder / "secret.yml"
    path.write_text(MINIMAL.replace("Minimal briefing", "Published from outside"), encoding="utf-8")
    return path


def errors_for(result, name: str) -> list[str]:
    return [d.plain() for d in result.diagnostics if d.severity == "error" and d.path.endswith(name)]


def load_fast(root: Path):
    start = time.perf_counter()
    result = load_collection(root)
    assert time.perf_counter() - start < 5, "loading took more than 5 seconds"
    return result


def test_a_briefing_linked_from_outside_the_project_is_refused(project, tmp_path):
    (project / "leak.yml").symlink_to(outside_briefing(tmp_path))
    (project / "leak-relative.yml").symlink_to(os.path.relpath(outside_briefing(tmp_path), project))
    result = load_fast(project)
    for name in ("leak.yml", "leak-relative.yml"):
        [error] = errors_for(result, name)
        assert ":1:1: error: this symbolic link leads outside the project" in error
    assert "leak" not in result.collection.briefings
    assert not any(b.title == "Published from outside" for b in result.collection.briefings.values())


def test_a_data_file_linked_from_outside_the_project_is_refused(project, tmp_path):
    themes = project / "data" / "resources.yml"
    outside = tmp_path.parent / f"{tmp_path.name}-resources.yml"
    outside.write_bytes(themes.read_bytes())
    themes.unlink()
    themes.symlink_to(outside)
    result = load_fast(project)
    assert not result.ok
    [error] = errors_for(result, "resources.yml")
    assert "leads outside the project" in error


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/proc/self/environ", "/etc/passwd"])
def test_a_briefing_linked_to_a_device_or_system_file_is_refused_fast(project, target):
    (project / "endless.yml").symlink_to(target)
    result = load_fast(project)
    [error] = errors_for(result, "endless.yml")
    assert "error:" in error and ("outside the project" in error or "not a regular file" in error)


def test_a_fifo_named_like_a_briefing_does_not_hang_the_build(project):
    os.mkfifo(project / "pipe.yml")  # opening a FIFO for reading would wait for a writer forever
    result = load_fast(project)
    [error] = errors_for(result, "pipe.yml")
    assert "not a regular file" in error


def test_symlink_loops_and_dangling_links_are_errors(project):
    (project / "loop-a.yml").symlink_to("loop-b.yml")
    (project / "loop-b.yml").symlink_to("loop-a.yml")
    (project / "self.yml").symlink_to("self.yml")
    (project / "dangling.yml").symlink_to("nowhere.yml")
    result = load_fast(project)
    for name in ("loop-a.yml", "loop-b.yml", "self.yml"):
        [error] = errors_for(result, name)
        assert "loop" in error
    [error] = errors_for(result, "dangling.yml")
    assert "does not exist" in error


def test_a_link_to_another_briefing_inside_the_project_is_read(project):
    (project / "alias-of-child-i.yml").symlink_to("child-i.yml")
    result = load_fast(project)
    assert not errors_for(result, "alias-of-child-i.yml")
    assert "alias-of-child-i" in result.collection.briefings


def test_a_yaml_file_the_build_would_skip_is_an_error(project):
    (project / "upper.YML").write_text(MINIMAL, encoding="utf-8")
    (project / "2024").mkdir()
    (project / "2024" / "nested.yml").write_text(MINIMAL, encoding="utf-8")
    result = load_fast(project)
    [upper] = errors_for(result, "upper.YML")
    assert "would not be published" in upper and "rename it to upper.yml" in upper
    [nested] = errors_for(result, "nested.yml")
    assert "would not be published" in nested and "subfolders" in nested


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SEVENMINUTE), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SEVENMINUTE_CACHE": str(cwd.parent / f"{cwd.name}-cache")})


@pytest.mark.parametrize("where", ["briefings/2024/nested.yml", "briefings/Upper.Yaml"])
def test_validate_on_a_skipped_file_says_so_instead_of_0_valid(project, tmp_path, where):
    path = tmp_path / where
    path.parent.mkdir(exist_ok=True)
    path.write_text(MINIMAL, encoding="utf-8")
    result = run_cli(tmp_path, "validate", where)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "would not be published" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name,target", [("sheet/extra.css", "/etc/passwd"),
                                         ("assets/fonts/x.woff2", "/dev/zero"),
                                         ("briefing/loop.html", "loop.html")])
def test_the_sheets_theme_folder_is_checked_before_weasyprint_reads_it(tmp_path, name, target):
    from sevenminute.core.diagnostics import ContentError
    from sevenminute.printing.sheets import check_theme

    theme = tmp_path / "repo" / "overrides"
    shutil.copytree(REPO / "overrides", theme)
    check_theme(theme)  # the repository's own theme passes
    (theme / name).symlink_to(target)
    with pytest.raises(ContentError) as raised:
        check_theme(theme)
    [problem] = raised.value.diagnostics
    assert problem.path.endswith(name) and (problem.line, problem.column) == (1, 1)
    assert "outside the project" in problem.message or "loop" in problem.message
