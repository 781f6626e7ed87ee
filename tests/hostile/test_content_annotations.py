"""`check --format github`: every part of an annotation is escaped, the file name included, so a
file name holding a newline cannot start a workflow command of its own."""

from __future__ import annotations

import re

from sevenminute.core.diagnostics import Diagnostic, format_all

INJECTED = "briefings/a\n::error file=x::owned,\r::add-mask::x.yml"


def test_a_newline_in_a_file_name_cannot_start_a_workflow_command():
    d = Diagnostic(INJECTED, 3, 4, "error", "bad %value\nnext", "fix: it, now", "code:x,y")
    out = format_all([d], github=True)
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1, out
    [line] = commands
    assert "\r" not in line
    head, _, body = line.partition("::")[2].partition("::")
    # The properties hold no raw ',' or ':' beyond the separators GitHub reads.
    assert re.fullmatch(r"error file=[^,:]*,line=3,col=4,title=[^,:]*", head), head
    assert "%0A::error file%3Dx::owned" not in head  # the name's colons are escaped too
    assert "a%0A%3A%3Aerror file=x%3A%3Aowned%2C%0D%3A%3Aadd-mask%3A%3Ax.yml" in head
    assert body == "bad %25value%0Anext. fix: it, now"


def test_ordinary_paths_are_unchanged():
    d = Diagnostic("briefings/child-i.yml", 1, 2, "warning", "m", "", "bare-url")
    assert d.github() == "::warning file=briefings/child-i.yml,line=1,col=2,title=bare-url::m"
