"""The web editor (Decap CMS at /admin/): its configuration comes from the model and the shared
data, its script is the one in the npm lock, and what it writes is YAML the project accepts:
a hand-written file opened and saved through the form comes back byte for byte, and an edit
keeps every comment. The formats run in Node exactly as the browser runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sevenminute.cli.main import main
from sevenminute.core import model as m
from sevenminute.core.collection import DEFAULTS_DIR
from sevenminute.core.loading import load_collection
from sevenminute.editors.cms import CONFIG_PATH, config, render

REPO = Path(__file__).resolve().parents[1]
ADMIN = REPO / "overrides" / "admin"
ROUNDTRIP = REPO / "tests" / "cms" / "roundtrip.mjs"


def _node(*args: str) -> dict:
    if not shutil.which("node"):
        pytest.fail("node is missing: run `bash scripts/install-test-tools.sh`")
    run = subprocess.run(["node", str(ROUNDTRIP), str(REPO), *args], capture_output=True,
                         text=True, env={**os.environ, "NODE_NO_WARNINGS": "1"}, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _format_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("format:"):
            return f"sevenminute-briefings-{line.split(':', 1)[1].strip()}"
    return "sevenminute-briefings-case-review"


def _project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    (tmp_path / CONFIG_PATH).parent.mkdir(parents=True)
    shutil.copy(REPO / CONFIG_PATH, tmp_path / CONFIG_PATH)
    return tmp_path / "briefings"


def test_committed_configuration_is_up_to_date():
    result = CliRunner().invoke(main, ["cms", "--check", "--root", str(REPO / "briefings")])
    assert result.exit_code == 0, f"{result.output}: run `sevenminute cms`"


def test_check_fails_on_a_stale_configuration_and_cms_refreshes_it(tmp_path):
    root = _project(tmp_path)
    data = root / "data" / "partnerships.yml"
    data.write_text(data.read_text(encoding="utf-8") + "kinship-care:\n  name: Kinship Care Board\n",
                    encoding="utf-8")
    stale = CliRunner().invoke(main, ["cms", "--check", "--root", str(root)])
    assert stale.exit_code == 1 and "run `sevenminute cms`" in stale.output
    assert CliRunner().invoke(main, ["cms", "--root", str(root)]).exit_code == 0
    assert "value: kinship-care" in (tmp_path / CONFIG_PATH).read_text(encoding="utf-8")


def test_a_new_format_reaches_the_editor_with_its_points(tmp_path):
    root = _project(tmp_path)
    formats = root / "data" / "formats.yml"  # a site's own formats add to the toolkit's
    formats.write_text("""audit:
  name: Multi-agency audit
  points:
    - key: scope
      heading: What the audit looked at
    - key: found
      heading: What it found
    - {key: strengths, heading: Strengths}
    - {key: gaps, heading: Gaps}
    - {key: actions, heading: Actions}
    - {key: questions, heading: Questions for teams, required: false}
    - {key: do_now, heading: What to do now, generic: true, suggestion: Suggested actions}
""", encoding="utf-8")
    collection = load_collection(root).collection
    audit = next(c for c in config(collection)["collections"] if c["name"] == "briefings-audit")
    points = next(f for f in audit["fields"] if f["name"] == "points")["fields"]
    assert [p["label"] for p in points][:2] == ["1. What the audit looked at", "2. What it found"]
    assert [p["required"] for p in points] == [True] * 5 + [False, False]
    assert audit["filter"] == {"field": "format", "value": "audit"}


def test_every_field_of_the_model_is_in_the_form():
    collection = load_collection(REPO / "briefings").collection
    cfg = config(collection)
    topic = next(c for c in cfg["collections"] if c["name"] == "briefings-topic")
    names = {f["name"] for f in topic["fields"]}
    assert set(m.Briefing.model_fields) <= names
    point = next(f for f in topic["fields"] if f["name"] == "points")["fields"][2]
    assert {f["name"] for f in point["fields"]} >= set(m.Point.model_fields)
    title = next(f for f in topic["fields"] if f["name"] == "title")
    assert title["hint"] == m.Briefing.model_fields["title"].description
    assert title["pattern"][0] == "^(?=[\\s\\S]{1,120}$)[\\s\\S]*$"  # the model's max_length
    partnerships = next(c for c in cfg["collections"] if c["name"] == "partnerships")
    entry = partnerships["files"][0]["fields"][0]["fields"]
    assert [f["name"] for f in entry] == ["id", *m.Partnership.model_fields]


def test_the_editor_script_is_the_one_in_the_npm_lock():
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package, folder, vendored in (("decap-cms", "dist", ADMIN / "decap"),
                                      ("yaml", "browser/dist", ADMIN / "yaml")):
        installed = REPO / "node_modules" / package
        if not installed.exists():
            pytest.fail(f"{package} is missing: run `bash scripts/install-test-tools.sh` (npm ci)")
        # npm ci checked the package against the lock's integrity; the copy must be its files.
        version = json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"]
        assert version == lock[f"node_modules/{package}"]["version"]
        for path in sorted(vendored.rglob("*")):
            if path.is_file() and path.name != "LICENSE":
                source = installed / folder / path.relative_to(vendored)
                assert source.read_bytes() == path.read_bytes(), f"{path} differs from {source}"
    main_script = (ADMIN / "decap" / "decap-cms.js").read_bytes()
    assert main_script == (REPO / "node_modules/decap-cms/dist/decap-cms.js").read_bytes()


def test_the_admin_page_loads_only_its_own_files():
    from sevenminute.web.admin import admin_page

    html = admin_page("Seven-minute briefings", "en-GB").decode()
    assert 'lang="en-GB"' in html and "http" not in html.replace("http-equiv", "")
    assert 'src="decap/decap-cms.js"' in html and 'src="admin.js"' in html


def _briefings_and_data() -> list[str]:
    files = [f"{_format_of(p)}::{p}" for p in sorted((REPO / "briefings").glob("*.yml"))]
    files += [f"{_format_of(p)}::{p}" for p in sorted((REPO / "docs" / "examples").glob("*.yml"))]
    # The site's own data files, and the toolkit's glossary (a site's glossary.yml adds to it).
    data = [REPO / "briefings" / "data" / f"{n}.yml" for n in ("partnerships", "resources", "glossary")]
    data.append(DEFAULTS_DIR / "glossary.yml")
    files += [f"sevenminute-{p.stem}::{p}" for p in data if p.exists()]
    return files


def test_every_hand_written_file_comes_back_unchanged_through_the_form():
    out = _node(*_briefings_and_data())
    assert len(out) >= 8
    for path, result in out.items():
        assert result["written"] == Path(path).read_text(encoding="utf-8"), path


def test_an_edit_keeps_every_comment_and_the_check_passes(tmp_path):
    root = _project(tmp_path)
    path = root / "child-i.yml"
    edit = ('data.summary = "Child I was a baby who died while co-sleeping with a parent, '
            'while subject to a Child in Need plan. Edited in the web editor.";'
            'data.points.do_now.items.push({type: "text", value: "Read the safer sleep guidance."});'
            'data.points.happened.allow = ["exact-date"];')
    written = _node(f"sevenminute-briefings-case-review::{path}::{edit}")[str(path)]["written"]
    before = path.read_text(encoding="utf-8")
    comments = [line.strip() for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(c in written for c in comments)
    assert "Edited in the web editor." in written
    assert "  happened:  # allow: exact-date\n" in written
    assert "      - Read the safer sleep guidance.\n" in written
    # Nothing else moved: the diff is the three edits.
    changed = [line for line in written.splitlines() if line not in before.splitlines()]
    assert len(changed) == 3, changed
    path.write_text(written, encoding="utf-8")
    result = load_collection(root)
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics


def test_a_new_briefing_has_the_schema_line_and_the_models_key_order():
    # A new entry has no file read before it (no __source): the form's data in any order.
    data = ('Object.keys(data).forEach(k => delete data[k]);'
            'Object.assign(data, {points: {background: {text: "No", allow: ["plain-english"]}},'
            ' summary: "A summary of twenty characters or more.", themes: ["neglect"],'
            ' title: "Yes", format: "topic", partnership: "example", last_reviewed: "2026-11-23"});')
    path = REPO / "docs" / "examples" / "topic.yml"
    written = _node(f"sevenminute-briefings-topic::{path}::{data}")[str(path)]["written"]
    assert written.splitlines() == [
        "# yaml-language-server: $schema=../schema/briefing.schema.json",
        'title: "Yes"',
        "partnership: example",
        "format: topic",
        "themes:",
        "  - neglect",
        "summary: A summary of twenty characters or more.",
        "last_reviewed: 2026-11-23",
        "points:",
        "  background:  # allow: plain-english",
        '    text: "No"',
    ]
