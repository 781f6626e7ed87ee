"""docs/, overrides/ and mkdocs.yml are code (README, "What a build reads and writes"): the
repository marks them so (.github/CODEOWNERS), the workflow names every change to them on a pull
request, and the one value in a docs/ page that looked like data, its front-matter `script:`, is
refused unless it names a script the theme ships."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from .project import REPO, make_project, run_build

CODE = ["docs", "overrides", "mkdocs.yml"]
SITE_URL = "https://briefings.example/"


def code_paths() -> list[str]:
    rules = [line.split("#")[0].split() for line in (REPO / ".github" / "CODEOWNERS").read_text().splitlines()]
    return [rule[0].strip("/") for rule in rules if rule]


def test_codeowners_marks_docs_overrides_and_mkdocs_yml_as_code():
    paths = code_paths()
    assert set(CODE) <= set(paths), paths
    rules = [line.split() for line in (REPO / ".github" / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(len(rule) >= 2 and rule[1].startswith("@") for rule in rules), "a code path without an owner"
    assert all((REPO / path).exists() for path in paths), "a CODEOWNERS path that does not exist"
    assert not any(path.startswith("briefings") for path in paths), "briefings/ is content, not code"


def test_the_workflow_lists_code_changes_on_pull_requests():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "briefings.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    step = next(s for s in steps if s.get("name") == "List the changes to code")
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "bash .github/code-changes.sh" in step["run"] and "git fetch" in step["run"]
    # Before anything of the pull request's is built or run.
    assert steps.index(step) < next(i for i, s in enumerate(steps) if "mkdocs build" in s.get("run", ""))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout


def pull_request(tmp_path: Path, changes: dict[str, str]) -> tuple[subprocess.CompletedProcess, str]:
    """A repository with the real CODEOWNERS and script, a base commit, a head commit with
    `changes`; the script's output and the job summary it wrote."""
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    for name in ("CODEOWNERS", "code-changes.sh"):
        shutil.copy(REPO / ".github" / name, repo / ".github" / name)
    for name in ("briefings/child-i.yml", "docs/about.md", "mkdocs.yml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD").strip()
    for name, text in changes.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    summary = tmp_path / "summary.md"
    result = subprocess.run(["bash", ".github/code-changes.sh", base, "HEAD"], cwd=repo, capture_output=True,
                            text=True, env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    return result, summary.read_text()


def test_every_changed_code_file_is_named_and_content_is_not(tmp_path):
    result, summary = pull_request(tmp_path, {
        "briefings/child-i.yml": "title: changed\n",
        "docs/about.md": "<script>alert(1)</script>\n",
        "overrides/partials/extra.html": "{{ config }}\n",
        "mkdocs.yml": "hooks: [x.py]\n",
        "docs/odd,name:1.md": "a name that would break an annotation\n",
    })
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning ")]
    assert sorted(w.split(",title=")[0] for w in warnings) == [
        "::warning file=docs/about.md", "::warning file=docs/odd%2Cname%3A1.md",
        "::warning file=mkdocs.yml", "::warning file=overrides/partials/extra.html"]
    assert "briefings/" not in result.stdout + summary
    assert "4 files" in summary
    for name in ("docs/about.md", "overrides/partials/extra.html", "mkdocs.yml", "docs/odd,name:1.md"):
        assert f"- `{name}`" in summary


def test_a_pull_request_of_content_only_gets_no_warning(tmp_path):
    result, summary = pull_request(tmp_path, {"briefings/child-i.yml": "title: changed\n"})
    assert "::warning" not in result.stdout
    assert "changes no code" in summary


def docs_page(project: Path, script: str) -> None:
    (project / "docs" / "extra.md").write_text(f"---\ntitle: Extra\nscript: {script}\n---\n\n# Extra\n\nText.\n")


def test_a_front_matter_script_that_is_not_a_theme_script_stops_the_build(tmp_path):
    project = make_project(tmp_path / "project", REPO / "briefings")
    for script in ("'\"><script>alert(1)</script>'", "https://evil.example/x.js", "../../x.js", "missing.js"):
        docs_page(project, script)
        result = run_build(project, SITE_URL, sheets=False)
        output = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
        assert "docs/extra.md:3:1: error:" in output and "script" in output, output[-3000:]
        assert "hint: write the file name of a script in overrides/assets/javascripts/" in output


def test_a_front_matter_script_the_theme_ships_is_loaded(tmp_path):
    project = make_project(tmp_path / "project", REPO / "briefings")
    docs_page(project, "present.js")
    result = run_build(project, SITE_URL, sheets=False)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project / "site" / "extra" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../assets/javascripts/present.js"></script>' in page
