"""Installs come from the lock: every package at the exact version and hash the suite passed with.

A fresh machine must get what this suite was run on, not whatever a dependency released today."""

from __future__ import annotations

import re
import shlex
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements" / "lock.txt"
INSTALL_PATHS = [REPO / "Makefile", REPO / ".ci" / "run", REPO / ".github" / "workflows" / "briefings.yml"]


def locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from the lock's `name==version \\ --hash=...` entries."""
    text = LOCK.read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line)
        assert match, f"requirements/lock.txt: '{line[:60]}' is not an exact pin (name==version)"
        pins[canonicalize_name(match[1])] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return pins


def pip_installs(path: Path) -> list[str]:
    """Every `pip install` command in a file, with its continuation lines joined."""
    text = path.read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if re.search(r"\bpip3?\b.*\binstall\b", line)
            and not line.lstrip().startswith("#")]


def test_every_locked_package_has_an_exact_version_and_hashes():
    pins = locked()
    assert len(pins) > 20
    unhashed = sorted(name for name, (_, hashes) in pins.items() if not hashes)
    assert not unhashed, f"no --hash for {unhashed}: regenerate with `make lock`"


def test_the_lock_covers_every_dependency_within_pyprojects_ranges():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = locked()
    for spec in map(Requirement, wanted):
        name = canonicalize_name(spec.name)
        assert name in pins, f"{spec.name} is in pyproject.toml but not in the lock: run `make lock`"
        assert spec.specifier.contains(pins[name][0], prereleases=True), (
            f"the lock pins {spec.name}=={pins[name][0]}, outside pyproject.toml's {spec.specifier}: "
            "run `make lock`")


def test_this_environment_runs_the_locked_versions():
    """The suite itself runs on what the lock says (a stale .venv or a hand install fails here)."""
    wrong = []
    for name, (version, _) in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: not installed (lock: {version})")
            continue
        if canonicalize_name(installed) != canonicalize_name(version) and installed != version:
            wrong.append(f"{name}: {installed} installed, lock says {version}")
    assert not wrong, "reinstall with `rm .venv/bin/.installed && make .venv/bin/.installed`:\n" + "\n".join(wrong)


def unlocked_installs(path: Path) -> list[str]:
    """The `pip install` commands in a file that install something other than the lock."""
    found = []
    for command in pip_installs(path):
        words = shlex.split(command.replace("'$(PIP_TOOLS)'", "PIP_TOOLS"))
        from_lock = "--require-hashes" in words and any(
            w in ("requirements/lock.txt", "$(LOCK)") for w in words)
        project_only = "--no-deps" in words and "-e" in words and words[words.index("-e") + 1] == "."
        lock_tool = "PIP_TOOLS" in words  # `make lock` installs pip-compile to write the lock
        if not (from_lock or project_only or lock_tool):
            found.append(command)
    return found


def test_every_install_path_installs_from_the_lock():
    problems = [f"{path.relative_to(REPO)}: `{command}` does not install from the lock"
                for path in INSTALL_PATHS for command in unlocked_installs(path)]
    makefile = (REPO / "Makefile").read_text()
    if "LOCK := requirements/lock.txt" not in makefile:
        problems.append("Makefile: LOCK does not name requirements/lock.txt")
    ci = (REPO / ".ci" / "run").read_text()
    if not pip_installs(REPO / ".ci" / "run") and not re.search(r"^make (site|test)", ci, re.M):
        problems.append(".ci/run neither runs the Makefile's locked install nor installs from the lock")
    workflow = (REPO / ".github" / "workflows" / "briefings.yml").read_text()
    if "requirements/lock.txt" not in workflow:
        problems.append("the workflow does not install from requirements/lock.txt")
    assert not problems, "\n".join(problems)


def test_the_install_path_check_finds_an_install_that_skips_the_lock(tmp_path):
    bad = tmp_path / "Makefile"
    bad.write_text("x:\n\t$(BIN)/pip install -e '.[test]'\n\t$(BIN)/pip install --no-deps -e .\n"
                   "y:\n\tpip install \\\n\t  pikepdf\n\tpip install --require-hashes -r $(LOCK)\n")
    found = [" ".join(c.split()) for c in unlocked_installs(bad)]
    assert found == ["$(BIN)/pip install -e '.[test]'", "pip install pikepdf"]
