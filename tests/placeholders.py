"""What an editor does with a new briefing from `sevenminute new`: replace each placeholder line
("Replace this with ...") with the source's words. Shared by the editor tests."""

from __future__ import annotations

from pathlib import Path


def fill_placeholders(path: Path, answers: dict[str, str]) -> None:
    """Replace each placeholder line with the answer whose key its text starts with (after the
    indent, e.g. "summary:" or "- Replace this with an agency"). A placeholder with no answer
    fails the test, naming the line: the template gained a field the test does not fill in."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "Replace this" in line and not line.lstrip().startswith("#"):
            found = [new for start, new in answers.items() if line.lstrip().startswith(start.strip())]
            assert found, f"no answer for the placeholder line {line!r}"
            line = found[0]
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
