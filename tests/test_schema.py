"""The JSON Schemas editors use are generated from the model and agree with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sevenminute.core.collection import DATA_FILES
from sevenminute.core.loading import load_collection
from sevenminute.editors.schema import render, schemas

REPO = Path(__file__).resolve().parents[1]


def test_committed_schemas_match_the_model():
    collection = load_collection(REPO / "briefings").collection
    for name, schema in schemas(collection.site, collection.formats).items():
        committed = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert committed == render(schema), f"schema/{name} is stale: run `sevenminute schema`"


def test_every_briefing_names_its_schema_on_the_first_line():
    for path in sorted((REPO / "briefings").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/briefing.schema.json", path


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(exe), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_an_independent_validator_accepts_every_file():
    briefings = sorted((REPO / "briefings").glob("*.yml"))
    result = check_jsonschema(REPO / "schema" / "briefing.schema.json", *briefings)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in DATA_FILES:
        result = check_jsonschema(REPO / "schema" / f"{name}.schema.json",
                                  REPO / "briefings" / "data" / f"{name}.yml")
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_independent_validator_rejects_an_unknown_point(tmp_path):
    text = (REPO / "briefings" / "family-t.yml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("\n  happened:", "\n  hapened:", 1), encoding="utf-8")
    result = check_jsonschema(REPO / "schema" / "briefing.schema.json", broken)
    assert result.returncode == 1
    assert "hapened" in result.stdout + result.stderr


def test_the_field_reference_in_the_authoring_guide_matches_the_model():
    from sevenminute.editors.fieldref import GUIDE_END, GUIDE_START, field_reference, with_reference

    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert GUIDE_START in guide and GUIDE_END in guide
    assert field_reference() in guide, "the guide shows no field reference"
    assert with_reference(guide) == guide, "docs/authoring.md is stale: run `sevenminute fields --write`"


def test_fields_check_fails_on_a_stale_guide_and_write_repairs_it(tmp_path):
    from sevenminute.editors.fieldref import GUIDE_END, GUIDE_START

    guide = tmp_path / "authoring.md"
    guide.write_text(f"# Guide\n\n{GUIDE_START}\n\nold text\n\n{GUIDE_END}\n\nAfter.\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("sevenminute")
    stale = subprocess.run([str(exe), "fields", "--check", "--guide", str(guide)], capture_output=True, text=True)
    assert stale.returncode == 1 and "sevenminute fields --write" in stale.stderr
    wrote = subprocess.run([str(exe), "fields", "--write", "--guide", str(guide)], capture_output=True, text=True)
    assert wrote.returncode == 0, wrote.stderr
    text = guide.read_text(encoding="utf-8")
    assert "old text" not in text and "| `last_reviewed` | required |" in text and text.endswith("After.\n")
    again = subprocess.run([str(exe), "fields", "--check", "--guide", str(guide)], capture_output=True, text=True)
    assert again.returncode == 0
