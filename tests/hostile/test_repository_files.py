"""A build reads only the repository's own files: never anything under .git/ (actions/checkout
leaves its token in .git/config), never an untracked or ignored file such as .env, even through
a link that stays inside the project. In a git repository git says which files are the
repository's; outside one (a site before `git init`) only the content folders count.

Each refusal is an error at file:1:1 before anything is copied, and nothing is published."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sevenminute.core.loading import load_collection
from sevenminute.files.safe import copied_folder_problems

from .project import REPO, make_project, run_build, snapshot

SITE_URL = "https://briefings.example/"
TOKEN = "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=="
SECRET = "API_KEY=sk-live-do-not-publish"


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    *args], check=True, capture_output=True)


def repository(project: Path) -> Path:
    """`project` as a git repository holding everything in it, with the token actions/checkout
    writes into .git/config and an ignored .env beside it."""
    (project / ".gitignore").write_text("site/\n.env\n*.secret\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "site")
    git(project, "config", "http.https://github.com/.extraheader", TOKEN)
    (project / ".env").write_text(SECRET + "\n")
    return project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", REPO / "briefings")


def refusals(project: Path) -> dict[str, str]:
    """Each refused file (relative path) and its message, from what a build checks first: the
    briefings and data files, and the folders MkDocs copies as they are."""
    result = load_collection(project / "briefings")
    found = {d.path: d.message for d in result.diagnostics if d.code == "unsafe-file"}
    for problem in copied_folder_problems([project / "docs", project / "overrides"], project.resolve(),
                                          [project / "briefings"]):
        found[str(problem.path)] = problem.message
    return {os.path.relpath(os.path.abspath(path), project): message for path, message in found.items()}


def plant(link: Path, target: str) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target)


# --- in a git repository --------------------------------------------------------------------------
@pytest.mark.parametrize("name,target", [
    ("docs/config.txt", "../.git/config"),
    ("docs/env.txt", "../.env"),
    ("docs/notes.txt", "../notes.txt"),               # untracked, outside the content folders
    ("overrides/assets/head.txt", "../../.git/HEAD"),
    ("briefings/leak.yml", "../.env"),
    ("briefings/data/resources.yml", "../../notes.yml"),
])
def test_a_link_to_git_settings_or_an_untracked_file_is_refused(project, name, target):
    repository(project)
    (project / "notes.txt").write_text("not in the repository\n")
    shutil.copy(project / "briefings" / "data" / "resources.yml", project / "notes.yml")
    plant(project / name, target)
    found = refusals(project)
    [shown] = [p for p in found if p.endswith(name)]
    assert ".git/" in found[shown] or "not one of the repository's files" in found[shown], found


def test_an_ignored_file_in_docs_is_refused_and_a_new_untracked_one_is_read(project):
    repository(project)
    (project / "docs" / "keys.secret").write_text(SECRET)  # ignored by .gitignore
    (project / "docs" / "new-page.md").write_text("# New\n")  # not yet added: a preview shows it
    shutil.copy(project / "briefings" / "child-i.yml", project / "briefings" / "child-z.yml")
    found = refusals(project)
    assert list(found) == ["docs/keys.secret"], found
    assert "git ignores it" in found["docs/keys.secret"]
    assert "child-z" in load_collection(project / "briefings").collection.briefings


def test_a_link_to_a_tracked_file_elsewhere_in_the_repository_is_read(project):
    (project / "shared").mkdir()
    (project / "shared" / "note.md").write_text("# Shared\n")
    plant(project / "docs" / "note.md", "../shared/note.md")
    repository(project)
    assert refusals(project) == {}


def test_the_build_publishes_neither_the_token_nor_the_env_file(project):
    repository(project)
    assert run_build(project, SITE_URL, sheets=False).returncode == 0
    before = snapshot(project / "site")
    plant(project / "docs" / "config.txt", "../.git/config")
    plant(project / "docs" / "assets" / "env.txt", "../../.env")
    result = run_build(project, SITE_URL, sheets=False, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
    assert "docs/config.txt:1:1: error: this leads into .git/" in output
    assert "docs/assets/env.txt:1:1: error: this symbolic link leads to .env, which is not one of the " \
           "repository's files" in output
    assert snapshot(project / "site") == before
    published = b"".join(p.read_bytes() for p in (project / "site").rglob("*") if p.is_file())
    assert TOKEN.encode() not in published and SECRET.encode() not in published


# --- outside a git repository ---------------------------------------------------------------------
def test_outside_git_only_the_content_folders_are_read(project):
    (project / ".env").write_text(SECRET)
    (project / "README.md").write_text("# A site\n")
    plant(project / "docs" / "env.txt", "../.env")
    plant(project / "docs" / "readme.md", "../README.md")
    plant(project / "briefings" / "leak.yml", "../.env")
    plant(project / "docs" / "example.yml", "../briefings/child-i.yml")  # between content folders: fine
    found = refusals(project)
    assert sorted(found) == ["briefings/leak.yml", "docs/env.txt", "docs/readme.md"], found
    assert all("outside the content folders" in m and "not a git repository" in m for m in found.values())


def test_outside_git_a_folder_named_git_in_docs_is_refused(project):
    (project / "docs" / ".git").mkdir()
    (project / "docs" / ".git" / "config").write_text(TOKEN)
    found = refusals(project)
    assert list(found) == ["docs/.git/config"] and ".git/" in found["docs/.git/config"]
