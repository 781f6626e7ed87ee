"""The anonymisation lint reads text as a reader sees it: look-alike letters (Cyrillic О in
'Оlivia'), fullwidth and styled forms cannot hide a name, postcode or date. (Zero-width spaces
and soft hyphens, the other dodges found, are now refused by validation outright.)"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sevenminute.core.loading import load_collection
from sevenminute.editors.identifying import normalise
from sevenminute.editors.lints import lint_collection

REPO = Path(__file__).resolve().parents[2]
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")

DODGES = {
    "cyrillic o in a name": ("\u041elivia", "personal-name"),
    "greek capitals in a postcode": ("LS1 4\u0391\u03a1", "postcode"),  # Alpha, Rho
    "fullwidth postcode": ("\uff2c\uff33\uff11 \uff14\uff21\uff30", "postcode"),
    "cyrillic in a month": ("14 \u041c\u0430rch 2021", "exact-date"),
    "mathematical bold name": ("\U0001d40e\U0001d425\U0001d422\U0001d42f\U0001d422\U0001d41a", "personal-name"),
    "combining mark inside a name": ("Oli\u0336via", "personal-name"),
}


@pytest.mark.parametrize("written,code", DODGES.values(), ids=DODGES.keys())
def test_look_alike_characters_do_not_hide_identifying_details(tmp_path, written, code):
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    line = f"      The visit to {written} was recorded."
    text = MINIMAL.replace("    text: It matters.\n", f"    text: It matters.\n    detail: |\n{line}\n")
    (root / "case.yml").write_text(text, encoding="utf-8")
    result = load_collection(root)
    assert result.ok, [d.plain() for d in result.diagnostics]
    found = [d for d in lint_collection(result.collection, date(2026, 11, 24))
             if d.path.endswith("case.yml") and d.code == code]
    assert found, f"{written!r} was not flagged as {code}"
    [finding] = found
    row = text.splitlines().index(line) + 1
    assert (finding.line, finding.column) == (row, line.index(written) + 1), finding.plain()
    assert "look-alike" in finding.message


def test_normalise_keeps_where_each_character_came_from():
    text = "a\u0301 \uff2c\u041e"
    normal, where = normalise(text)
    assert normal == "a LO"
    assert [text[i] for i in where] == ["a", " ", "\uff2c", "\u041e"]


def test_ordinary_text_is_unchanged():
    text = "Child I and Mr T met the health visitor in Leeds; café, naïve."
    assert normalise(text)[0] == text
