"""The editors' commands, driven as an editor would: `sevenminute ...` in a copy of the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from placeholders import fill_placeholders

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("GITHUB_ACTIONS", None)


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True,
                          env=env or ENV, timeout=300)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the repository's content and site configuration, as a checkout would have."""
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    for name in ("docs", "overrides"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, tmp_path / name)  # a build refuses links out of the project
    if (REPO / "mkdocs.yml").exists():
        shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_new_then_validate_then_build_contains_the_new_briefing(workdir):
    made = run("sevenminute", "new", "--partnership", "north-yorkshire", "--title", "Child J: a baby",
               cwd=workdir)
    assert made.returncode == 0, made.stderr
    path = workdir / "briefings" / "child-j-a-baby.yml"
    assert f"created {Path('briefings/child-j-a-baby.yml')}" in made.stdout
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["title"] == "Child J: a baby"

    # Nothing the editor must decide is filled in for them: validation refuses the placeholders.
    refused = run("sevenminute", "validate", cwd=workdir)
    assert refused.returncode == 1
    assert "'published' still holds the template's placeholder" in refused.stderr
    fill_in(path)
    checked = run("sevenminute", "validate", cwd=workdir)
    assert checked.returncode == 0, checked.stderr
    assert "4 briefings valid" in checked.stdout

    if not (workdir / "mkdocs.yml").exists():
        pytest.skip("mkdocs.yml does not exist yet")
    built = run("mkdocs", "build", "--strict", "-d", str(workdir / "site"), cwd=workdir)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (workdir / "site" / "briefings" / "child-j-a-baby" / "index.html").read_text(encoding="utf-8")
    assert "Child J: a baby" in page
    assert (workdir / "site" / "sheets" / "child-j-a-baby.pdf").stat().st_size > 1000


def test_new_never_overwrites_and_refuses_a_slug_in_use(workdir):
    existing = workdir / "briefings" / "child-i.yml"
    before = existing.read_bytes()
    for args in (["--title", "Child I"], ["--title", "Another", "--slug", "child-i"]):
        made = run("sevenminute", "new", "--partnership", "north-yorkshire", *args, cwd=workdir)
        assert made.returncode == 1
        assert "already used by" in made.stderr and "--slug" in made.stderr
    assert existing.read_bytes() == before
    assert sorted(p.name for p in (workdir / "briefings").glob(".*")) == []  # no temporary files left


def test_new_suggests_the_partnership_meant(workdir):
    made = run("sevenminute", "new", "--partnership", "north-yorks", "--title", "Child K", cwd=workdir)
    assert made.returncode == 1
    assert "unknown partnership 'north-yorks'" in made.stderr
    assert "did you mean 'north-yorkshire'" in made.stderr
    assert "Traceback" not in made.stderr
    assert not (workdir / "briefings" / "child-k.yml").exists()


def fill_in(path: Path, review_type: str = "lcspr", theme: str = "neglect") -> None:
    """What an editor does with a new briefing: replace every placeholder with the source's words."""
    fill_placeholders(path, {
        "format:": "format: case-review",
        "review_type:": f"review_type: {review_type}",
        "published:": 'published: "2025-03"',
        "- \"Replace this with the id of a theme": f"  - {theme}",
        "- Replace this with an agency": "  - Children's Social Care",
        "summary:": "summary: A baby was harmed and the review looked at how agencies shared information.",
        "last_reviewed:": "last_reviewed: 2026-11-23",
        "text:": "    text: The review found that agencies did not share what they knew.",
    })


def test_new_writes_placeholders_that_validate_and_check_refuse_at_their_lines(workdir):
    made = run("sevenminute", "new", "--partnership", "buckinghamshire", "--title", "Family Q", cwd=workdir)
    assert made.returncode == 0, made.stderr
    text = (workdir / "briefings" / "family-q.yml").read_text(encoding="utf-8")
    lines = {line.split(":")[0]: n for n, line in enumerate(text.splitlines(), 1) if ":" in line}
    # No plausible value for what the editor must decide: no month, date, review type or theme.
    assert not re.search(r"^(published|held|last_reviewed): \"?\d", text, re.M)
    assert not re.search(r"^review_type: [a-z-]+$", text, re.M)
    for command in ("validate", "check"):
        result = run("sevenminute", command, "briefings/family-q.yml", cwd=workdir)
        out = result.stdout + result.stderr
        assert result.returncode == 1, out
        for field, hint in (("review_type", "the id of the review type"),
                            ("published", "as YYYY-MM"), ("last_reviewed", "as YYYY-MM-DD")):
            assert re.search(rf"briefings/family-q\.yml:{lines[field]}:\d+: error: '{field}' still "
                             rf"holds the template's placeholder\n    hint: replace it with [^\n]*{hint}",
                             out), (field, out)
        assert "'themes' > item 1 still holds the template's placeholder" in out
        assert "'points' > 'happened' > 'text' still holds the template's placeholder" in out
        assert "Traceback" not in out
    # --review-type is the editor's own decision: written as given.
    run("sevenminute", "new", "--partnership", "buckinghamshire", "--title", "Family R",
        "--review-type", "scr", cwd=workdir)
    assert "\nreview_type: scr\n" in (workdir / "briefings" / "family-r.yml").read_text(encoding="utf-8")


def _break(workdir: Path) -> Path:
    path = workdir / "briefings" / "child-i.yml"
    text = path.read_text(encoding="utf-8").replace("review_type: lcspr", "review_type: lcpsr")
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_prints_annotations_in_github_actions_and_plain_elsewhere(workdir):
    _break(workdir)
    line = next(i for i, text in enumerate(
        (workdir / "briefings" / "child-i.yml").read_text().splitlines(), 1) if "lcpsr" in text)
    github = run("sevenminute", "validate", cwd=workdir, env={**ENV, "GITHUB_ACTIONS": "true"})
    assert github.returncode == 1
    assert (f"::error file=briefings/child-i.yml,line={line},col=14,title=unknown-review-type::"
            "unknown review type 'lcpsr'") in github.stderr + github.stdout
    plain = run("sevenminute", "validate", cwd=workdir)
    assert plain.returncode == 1
    assert f"briefings/child-i.yml:{line}:14: error: unknown review type 'lcpsr'" in plain.stderr


def test_check_summarises_and_fails_only_on_errors(workdir):
    clean = run("sevenminute", "check", "briefings", "--today", "2026-11-23", cwd=workdir)
    assert clean.returncode == 0, clean.stdout
    assert re.search(r"^0 errors, \d+ warnings?$", clean.stdout, re.M)

    _break(workdir)
    broken = run("sevenminute", "check", cwd=workdir)
    assert broken.returncode == 1
    assert re.search(r"^1 error, \d+ warnings?$", broken.stdout, re.M)


def test_check_can_treat_a_lint_as_an_error(workdir):
    site = workdir / "briefings" / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "lints:\n  staleness: error\n", encoding="utf-8")
    later = run("sevenminute", "check", "--today", "2028-01-01", cwd=workdir,
                env={**ENV, "GITHUB_ACTIONS": "true"})
    assert later.returncode == 1
    assert "::error file=briefings/data/partnerships.yml,line=" in later.stdout
    assert "title=contact-unverified::" in later.stdout
    now = run("sevenminute", "check", "--today", "2026-11-23", cwd=workdir)
    assert now.returncode == 0


def test_fields_prints_the_field_reference(workdir):
    printed = run("sevenminute", "fields", cwd=workdir)
    assert printed.returncode == 0
    assert "| `last_reviewed` | required | date (`YYYY-MM-DD`) |" in printed.stdout


def test_the_workflows_pass_the_github_workflow_schema():
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    checked = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         *map(str, workflows)], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_workflow_actions_are_pinned_and_commands_exist():
    help_text = run("sevenminute", "--help", cwd=REPO).stdout
    for workflow in (REPO / ".github" / "workflows").glob("*.yml"):
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.search(r"@v\d+\.\d+\.\d+$", step["uses"]), step["uses"]
                for command in re.findall(r"sevenminute (\w+)", step.get("run", "")):
                    assert re.search(rf"^\s+{command}\b", help_text, re.M), command


def test_the_pre_commit_hook_checks_a_changed_briefing(workdir):
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert re.match(hook["files"], "briefings/child-i.yml")
    entry = hook["entry"].replace(".venv/bin/", f"{BIN}/").split()
    good = subprocess.run([*entry, "briefings/child-i.yml"], cwd=workdir, capture_output=True,
                          text=True, env=ENV)
    assert good.returncode == 0, good.stdout
    _break(workdir)
    bad = subprocess.run([*entry, "briefings/child-i.yml"], cwd=workdir, capture_output=True,
                         text=True, env=ENV)
    assert bad.returncode == 1 and "unknown review type" in bad.stdout
