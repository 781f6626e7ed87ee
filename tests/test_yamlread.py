"""YAML mistakes are said by what is wrong with the file, whatever the parser's own wording."""

from __future__ import annotations

import pytest

from sevenminute.core.yamlread import MAX_DEPTH, read_yaml


@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 1_100, 5_000])  # below and above libyaml's own limit
@pytest.mark.parametrize("open_,close", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_named_at_the_bracket_that_goes_too_deep(tmp_path, depth, open_, close):
    path = tmp_path / "deep.yml"
    path.write_text(f"title: {open_ * depth}x{close * depth}\n")
    doc, problems = read_yaml(path)
    assert doc is None and len(problems) == 1
    problem = problems[0]
    assert problem.message == f"values are nested more than {MAX_DEPTH} levels deep"
    assert "YAML syntax" not in problem.message and "flow level" not in problem.message
    assert problem.code == "too-deep" and problem.line == 1
    # The column of the bracket at depth MAX_DEPTH + 1 (the top-level mapping is depth 0).
    assert problem.column == len("title: ") + len(open_) * MAX_DEPTH + 1


def test_a_syntax_error_is_not_mistaken_for_deep_nesting(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text('title: "never closed\nsummary: x\n')
    _, problems = read_yaml(path)
    assert [p.code for p in problems] == ["yaml-syntax"]
    assert "quotation mark" in problems[0].message
