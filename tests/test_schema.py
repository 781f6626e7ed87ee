"""The JSON Schemas editors use are generated from the model and agree with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sevenminute.core.collection import DATA_FILES, DEFAULTS_DIR
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
        own = REPO / "briefings" / "data" / f"{name}.yml"
        result = check_jsonschema(REPO / "schema" / f"{name}.schema.json",
                                  own if own.is_file() else DEFAULTS_DIR / f"{name}.yml")
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_independent_validator_rejects_an_unknown_point(tmp_path):
    text = (REPO / "briefings" / "family-t.yml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("\n  happened:", "\n  hapened:", 1), encoding="utf-8")
    result = check_jsonschema(REPO / "schema" / "briefing.schema.json", broken)
    assert result.returncode == 1
    assert "hapened" in result.stdout + result.stderr


def test_the_field_reference_page_matches_the_model():
    from sevenminute.editors.fieldref import REFERENCE_END, REFERENCE_START, field_reference, with_reference

    page = (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    assert REFERENCE_START in page and REFERENCE_END in page
    assert field_reference() in page, "docs/fields.md shows no field reference"
    assert with_reference(page) == page, "docs/fields.md is stale: run `sevenminute fields --write`"


def test_the_authoring_guide_links_to_the_field_reference_instead_of_holding_it():
    from sevenminute.editors.fieldref import REFERENCE_START

    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert REFERENCE_START not in guide and "| `last_reviewed` | required |" not in guide
    assert "[field reference](fields.md)" in guide


def test_fields_check_fails_on_a_stale_page_and_write_repairs_it(tmp_path):
    from sevenminute.editors.fieldref import REFERENCE_END, REFERENCE_START

    page = tmp_path / "fields.md"
    page.write_text(f"# Fields\n\n{REFERENCE_START}\n\nold text\n\n{REFERENCE_END}\n\nAfter.\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("sevenminute")
    stale = subprocess.run([str(exe), "fields", "--check", "--page", str(page)], capture_output=True, text=True)
    assert stale.returncode == 1 and "sevenminute fields --write" in stale.stderr
    wrote = subprocess.run([str(exe), "fields", "--write", "--page", str(page)], capture_output=True, text=True)
    assert wrote.returncode == 0, wrote.stderr
    text = page.read_text(encoding="utf-8")
    assert "old text" not in text and "| `last_reviewed` | required |" in text and text.endswith("After.\n")
    again = subprocess.run([str(exe), "fields", "--check", "--page", str(page)], capture_output=True, text=True)
    assert again.returncode == 0


def test_the_field_reference_examples_are_what_an_editor_should_copy():
    # An example an editor copies must be the value the field means: `numbered: true`, not the
    # string 'true' (accepted by the model, but a string to every other YAML tool), and Markdown
    # of several lines as a `|` block, not a quoted string with doubled blank lines.
    import re

    import yaml

    page = (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    assert not re.search(r": '(true|false)'", page)
    blocks = re.findall(r"```yaml\n(.*?)```", page, flags=re.S)
    assert len(blocks) >= 10
    for block in blocks:
        data = yaml.safe_load(block)
        assert data is not None
    assert "detail: |\n  The review focused on multi-agency learning.\n\n  - first point\n" in page
    for flag in ("numbered: true", "review: true", "required: false", "generic: false"):
        assert f"`{flag}`" in page
