"""Smaller holes found by trying the toolkit as an attacker or a hurried editor would: each is now
an error at its line (or a refusal with what to do), never a silent loss or a quiet publication."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from sevenminute.core.loading import load_collection

from .project import REPO, build_command, build_env, cache_home, make_project

SEVENMINUTE = Path(sys.executable).with_name("sevenminute")
SITE_URL = "https://briefings.example/"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", REPO / "briefings")


def command(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SEVENMINUTE_CACHE": str(cache_home(project))}
    env.pop("SITE_URL", None)
    return subprocess.run([str(SEVENMINUTE), *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)


def build(project: Path, *extra: str, sheets: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(project, *extra), cwd=project, capture_output=True, text=True,
                          timeout=300, env=build_env(SITE_URL, sheets=sheets, project=project))


def refused(result: subprocess.CompletedProcess, *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
    for word in words:
        assert word in output, output[-3000:]
    return output


def errors(root: Path) -> list[str]:
    return [d.plain() for d in load_collection(root).diagnostics if d.severity == "error"]


# --- partnership new, six at once ------------------------------------------------------------------
def test_six_concurrent_partnership_new_keep_all_six(project):
    ids = [f"area-{n}" for n in range(6)]
    env = {**os.environ, "SEVENMINUTE_CACHE": str(cache_home(project))}
    runs = [subprocess.Popen([str(SEVENMINUTE), "partnership", "new", "--id", pid, "--name", f"Area {pid}"],
                             cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for pid in ids]
    assert [run.wait(timeout=120) for run in runs] == [0] * 6
    kept = yaml.safe_load((project / "briefings" / "data" / "partnerships.yml").read_text())
    assert all(pid in kept for pid in ids), sorted(kept)
    assert not errors(project / "briefings")


# --- the output folder ----------------------------------------------------------------------------
@pytest.mark.parametrize("output", ["briefings", ".git", "overrides", "briefings/site"])
def test_an_output_folder_that_is_content_or_git_is_refused(project, output):
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "config").write_text("[core]\n")
    before = {p: p.read_bytes() for p in (project / "briefings").rglob("*") if p.is_file()}
    refused(build(project, "-d", output), "the output folder", "Build into site/")
    assert {p: p.read_bytes() for p in (project / "briefings").rglob("*") if p.is_file()} == before
    assert (project / ".git" / "config").read_text() == "[core]\n"


# --- links that do not go where they seem ---------------------------------------------------------
@pytest.mark.parametrize("address,words", [
    ("https://www.nspcc.org.uk@evil.example/", "has a name before @, so it goes to evil.example"),
    ("https://user:pass@www.nspcc.org.uk/", "has a name before @"),
    ("https://www.nspcс.org.uk/", "letters that only look like plain ones"),  # a Cyrillic с
    ("https://www.xn--nspc-5we.org.uk/", "letters that only look like plain ones"),
])
@pytest.mark.parametrize("where", ["text", "website"])
def test_a_link_that_goes_elsewhere_than_it_seems_is_refused_at_its_line(project, address, words, where):
    if where == "text":  # a Markdown link in a point's text
        path = project / "briefings" / "child-i.yml"
        old = "    text: Child I was"
        new = f"    text: See [the NSPCC]({address}). Child I was"
    else:  # a web address field
        path = project / "briefings" / "data" / "partnerships.yml"
        old = "  website: https://www.safeguardingchildren.co.uk/"
        new = f"  website: {address}"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = [e for e in errors(project / "briefings") if words in e]
    assert len(found) == 1, errors(project / "briefings")
    assert ":1:1:" not in found[0]


@pytest.mark.parametrize("address,imitates", [
    ("https://www.nspcc-org.uk/", "nspcc.org.uk"),
    ("https://www.nspcc.0rg.uk/", "nspcc.org.uk"),
    ("https://www.nspcc.org.uk.evil.example/", "nspcc.org.uk"),
    ("https://www.safeguarding-children.co.uk/", "safeguardingchildren.co.uk"),  # the partnership's own
])
def test_a_look_alike_host_is_caught_by_the_link_lint(project, address, imitates):
    from sevenminute.editors.lints import lint_collection

    path = project / "briefings" / "child-i.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    text: Child I was", f"    text: See [the guidance]({address}). Child I was", 1),
                    encoding="utf-8")
    collection = load_collection(project / "briefings").collection
    found = [d for d in lint_collection(collection) if d.code == "look-alike-link"]
    assert len(found) == 1 and f"looks like {imitates} but is not it" in found[0].message, found
    assert found[0].path.endswith("child-i.yml") and found[0].line == 30
    # The real sites and their subdomains are not flagged.
    path.write_text(text.replace("    text: Child I was", "    text: See [the guidance](https://learning.nspcc.org.uk/x) "
                                 "and [the partnership](https://www.safeguardingchildren.co.uk/). Child I was", 1),
                    encoding="utf-8")
    collection = load_collection(project / "briefings").collection
    assert not [d for d in lint_collection(collection) if d.code == "look-alike-link"]


# --- data files under other names -----------------------------------------------------------------
@pytest.mark.parametrize("name,words", [("contacts.yml", "contact details go in partnerships.yml"),
                                        ("themes.yaml", "only themes.yml is read, not themes.yaml"),
                                        ("Site.YML", "only site.yml is read")])
def test_a_data_file_the_build_would_not_read_is_an_error(project, name, words):
    data = project / "briefings" / "data"
    (data / name).write_text((data / "resources.yml").read_text())
    [error] = [e for e in errors(project / "briefings") if name in e]
    assert f"data/{name}:1:1: error:" in error and words in error


# --- generated outputs ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["search/search_index.json", "pagefind/pagefind.js", "feed.xml",
                                  "sitemap.xml", "404.html", "briefings/child-i/index.html"])
def test_a_docs_file_cannot_replace_a_generated_output(project, name):
    target = project / "docs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("planted\n")
    refused(build(project), f"docs/{name}:1:1: error: this would replace the generated {name}")


# --- future dates ---------------------------------------------------------------------------------
def test_future_last_reviewed_and_verified_dates_are_refused_at_their_line(project):
    future = (date.today() + timedelta(days=30)).isoformat()
    today = date.today().isoformat()  # today is fine
    briefing = project / "briefings" / "child-i.yml"
    partnerships = project / "briefings" / "data" / "partnerships.yml"
    for path, key, shown in ((briefing, "last_reviewed:", "child-i.yml:27:16:"),
                             (partnerships, "verified:", "partnerships.yml:")):
        text = path.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.strip().startswith(key))
        path.write_text(text.replace(old, old.split(key)[0] + f"{key} {future}", 1), encoding="utf-8")
        found = errors(project / "briefings")
        assert len(found) == 1 and shown in found[0] and f"{future} is in the future" in found[0], found
        path.write_text(path.read_text().replace(future, today))
        assert not errors(project / "briefings")


# --- the contact block ----------------------------------------------------------------------------
def test_a_sheet_too_long_because_of_the_contact_block_says_so(project):
    partnerships = project / "briefings" / "data" / "partnerships.yml"
    data = yaml.safe_load(partnerships.read_text(encoding="utf-8"))
    label = "For questions about this partnership's training courses, events and published reviews " * 3
    data["north-yorkshire"]["contact"]["phones"] = [
        {"label": label.strip()[:300], "number": f"0300 121 3 12{n}", "purpose": "general"} for n in range(10)]
    data["north-yorkshire"]["contact"]["emails"] = [
        {"label": label.strip()[:300], "address": f"team{n}@northyorks.gov.uk", "purpose": "general"}
        for n in range(10)]
    partnerships.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    output = refused(command(project, "check", "briefings/child-i.yml"))
    line = next(n for n, text in enumerate(partnerships.read_text().splitlines(), 1)
                if text.strip() == "contact:" and n > next(m for m, t in enumerate(
                    partnerships.read_text().splitlines(), 1) if t.startswith("north-yorkshire:")))
    assert f"briefings/data/partnerships.yml:{line}:" in output, output
    assert "because of north-yorkshire's contact block, not the briefing" in output
    assert "child-i.yml" not in [w.split(":")[0].split("/")[-1] for w in output.splitlines() if ": error:" in w]


# --- pack --title ---------------------------------------------------------------------------------
def test_a_pack_title_the_font_cannot_print_is_refused(project, tmp_path):
    out = tmp_path / "pack.pdf"
    output = refused(command(project, "pack", "--slugs", "child-i", "--title", "Pack ✓ 日本", "-o", str(out)),
                     "--title has", "U+2713", "no letter for")
    assert "Traceback" not in output and not out.exists()
