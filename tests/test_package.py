"""The toolkit is one installable package: its Python (scripts/sevenminute) and its theme
(overrides/, installed as sevenminute.theme) are found through importlib.resources both in this
repository's editable install and from the built wheel, so a partnership's site needs no copy."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from sevenminute.rendering.environment import THEME_DIR

REPO = Path(__file__).resolve().parents[1]


def tracked(folder: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", folder], capture_output=True, check=True)
    return sorted(p[len(folder) + 1:] for p in out.stdout.decode().split("\0") if p)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    (built,) = out.glob("sevenminute-*.whl")
    return built


def test_every_python_package_is_listed_in_pyproject():
    setup = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(REPO / "scripts").parts)
               for p in (REPO / "scripts" / "sevenminute").rglob("__init__.py")}
    assert set(setup["packages"]) == on_disk | {"sevenminute.theme"}
    assert setup["package-dir"]["sevenminute.theme"] == "overrides"


def test_the_editable_install_finds_the_theme_in_overrides():
    assert THEME_DIR == REPO / "overrides"
    for name in tracked("overrides"):
        assert (THEME_DIR / name).is_file(), name


def test_the_wheel_carries_the_whole_theme_and_the_default_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in tracked("overrides") if f"sevenminute/theme/{n}" not in names]
    assert not missing
    defaults = [n for n in tracked("scripts/sevenminute/defaults")]
    assert all(f"sevenminute/defaults/{n}" in names for n in defaults)
    assert "sevenminute/editors/briefing-template.yml" in names
    # Nothing of this repository's own beyond the package: no demo briefings, tests or caches.
    assert not [n for n in names if n.startswith(("briefings/", "tests/", "docs/")) or "__pycache__" in n]


def test_code_run_from_the_wheel_finds_the_theme_inside_the_wheel(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    probe = ("from sevenminute.rendering.environment import THEME_DIR, render; print(THEME_DIR); "
             "print((THEME_DIR / 'sheet' / 'sheet.html').is_file())")
    out = subprocess.run([sys.executable, "-c", probe], env={"PYTHONPATH": str(tmp_path)},
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == str(tmp_path / "sevenminute" / "theme") and out[1] == "True"
