"""Text is what it looks like: characters a reader cannot see, a feed cannot carry or the sheet's
font cannot draw are refused at their line; scripts and emoji that can be shown are kept.

Before: YAML escapes such as "\\x01" and noncharacters made feed.xml ill-formed; a right-to-left
override reversed a title; a title of zero-width spaces made an invisible heading; emoji and
Chinese printed as empty boxes on the sheet while the build succeeded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sevenminute.cli.common import load
from sevenminute.core.textrules import check_characters

from .payloads import places, write_case

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "hostile" / "minimal.yml"

REFUSED = {
    "start of heading": "\x01",
    "nul": "\0",
    "escape": "\x1b",
    "delete": "\x7f",
    "c1 control": "\x85",
    "noncharacter fffe": "\ufffe",
    "noncharacter plane 16": "\U0010ffff",
    "noncharacter fdd0": "\ufdd0",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "zero-width space": "\u200b",
    "soft hyphen": "\u00ad",
    "byte order mark": "\ufeff",
    "word joiner": "\u2060",
    "line separator": "\u2028",
    "private use": "\ue000",
    "hangul filler": "\u3164",
    "tag character": "\U000e0041",
    "lone joiner between latin": "\u200d",
    "direction mark in english": "\u200f",
}


def errors_for(tmp_path: Path, place: str, text: str) -> list:
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    write_case(root, BASE, "payload", text, places()[place])
    result = load(root)
    return [d for d in result.diagnostics if d.severity == "error"]


# Every character in two fields, and three of them in every field a payload can reach.
CASES = [(place, name) for name in REFUSED for place in ("title", "point-detail")]
CASES += [(place, name) for name in ("start of heading", "right-to-left override", "noncharacter fffe")
          for place in places() if place not in ("title", "point-detail")]


@pytest.mark.parametrize("place,name", CASES, ids=[f"{n}-{p}" for p, n in CASES])
def test_invisible_and_control_characters_are_refused_in_every_field(tmp_path, place, name):
    char = REFUSED[name]
    # yaml.safe_dump writes most of these as YAML escapes ("\x01"): the route the issue found.
    errors = errors_for(tmp_path, place, f"Child I was seen{char} by the GP")
    assert errors, f"U+{ord(char):04X} in {place} was accepted"
    for error in errors:
        assert error.line > 1 or place == "title"
        assert "Traceback" not in error.plain()
    assert any(f"U+{ord(char):04X}" in e.message for e in errors), [e.plain() for e in errors]


def test_the_message_says_where_the_invisible_character_is():
    with pytest.raises(ValueError) as caught:
        check_characters("Child I was seen\u200b by the GP")
    message = str(caught.value)
    assert "zero-width space (U+200B) after 'Child I was seen'" in message


def test_a_character_typed_deep_in_a_detail_is_placed_at_its_own_line(tmp_path):
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    text = BASE.read_text(encoding="utf-8").replace(
        "    text: It matters.\n",
        "    text: It matters.\n    detail: |\n      First line.\n      Second line.\n"
        "      The nurse\u202e visited.\n")
    (root / "case.yml").write_text(text, encoding="utf-8")
    [error] = [d for d in load(root).diagnostics if d.severity == "error"]
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "\u202e" in line)
    assert (error.line, error.column) == (row, lines[row - 1].index("\u202e") + 1)


@pytest.mark.parametrize("title", ["\u200b\u200b\u200b", "\u200d", "\u2800\u2800", "\u0301\u0301"])
def test_a_title_with_nothing_visible_is_refused(tmp_path, title):
    assert errors_for(tmp_path, "title", title)


KEPT = {
    "emoji sequence": "Family 👨\u200d👩\u200d👧 support",
    "emoji with variation selector": "Love ❤\ufe0f",
    "flag of wales": "Wales \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
    "persian with non-joiner": "می\u200cخواهم",
    "hebrew with direction mark": "שלום\u200f (hello)",
    "devanagari with joiner": "क्\u200dष",
    "chinese": "儿童保护",
    "accents": "Café naïve Ŵales",
}


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_text_in_any_script_is_accepted_where_the_web_shows_it(tmp_path, text):
    errors = errors_for(tmp_path, "point-detail", f"Words: {text}.")
    assert errors == [], [e.plain() for e in errors]


@pytest.mark.parametrize("text", ["Child 😀", "儿童保护 review", "देवनागरी", "Ŵyn"])
def test_text_the_sheet_font_cannot_draw_is_refused_at_its_line(tmp_path, text):
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    source = BASE.read_text(encoding="utf-8").replace("    text: It matters.", f"    text: '{text}'")
    (root / "case.yml").write_text(source, encoding="utf-8")
    result = load(root)
    [error] = [d for d in result.diagnostics if d.severity == "error"]
    assert error.code == "unprintable"
    assert "cannot be printed" in error.message and "Atkinson Hyperlegible" in error.message
    assert error.line == source.splitlines().index(f"    text: '{text}'") + 1
    assert "case" not in result.collection.briefings


def test_the_same_text_is_accepted_in_web_only_detail(tmp_path):
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    source = BASE.read_text(encoding="utf-8").replace(
        "    text: It matters.", "    text: It matters.\n    detail: 'In Welsh: Ŵyn. 儿童保护 😀'")
    (root / "case.yml").write_text(source, encoding="utf-8")
    assert load(root).ok


def test_yaml_escapes_are_what_the_issue_found():
    """The test above writes real YAML escapes: prove it, so it cannot pass vacuously."""
    dumped = yaml.safe_dump({"t": "a\x01b\x1bc\0"}, allow_unicode=True)
    assert "\\x01" in dumped and "\\e" in dumped and "\\0" in dumped
