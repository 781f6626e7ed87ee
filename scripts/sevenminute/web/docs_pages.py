"""Hand-written pages (docs/*.md) checked before Python-Markdown renders them.

MkDocs renders these pages with Python-Markdown, whose inline patterns take time quadratic in the
square brackets of a paragraph and which recurses once per level of emphasis or list. Measured
with this site's extensions: 2,000 `[` in one paragraph took 0.9 s (20,000 about 90 s); 1,000
nested `*a ` overflowed the stack, as did `* ` 5,000 times on one line or a list 600 levels deep.
A plain scan of the text, linear in its length, refuses each shape long before it costs a second,
with the line and column it starts at. The limits are far above what a page of prose needs (the
site's own pages have at most 10 `[` and 48 `*` or `_` in a paragraph, and 2 levels of nesting)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sevenminute.core.diagnostics import Diagnostic, display_path

MAX_BYTES = 128 * 1024  # six times the longest page; 250 KB of prose renders in about 0.3 s
MAX_BRACKETS = 200  # `[` in one paragraph: 1,000 cost 0.2 s
MAX_PAGE_BRACKETS = 5000  # in the page: 1,300 paragraphs of 200 took 6.6 s
MAX_EMPHASIS = 400  # `*` and `_` in one paragraph: at most 200 levels of emphasis, well below the crash
MAX_LEVELS = 16  # lists, quotes and indented blocks, one inside another, on one line
TAB = 4  # Python-Markdown's tab length: one level of indentation

# A paragraph, as Python-Markdown splits a page before its inline patterns run: the text between
# blank lines (a line of spaces counts as blank).
_BLANK = re.compile(r"\n[ \t]*\n")
# What opens a level at the start of a line: a quote mark, a list marker, then their space.
_OPENER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))")


def _level(line: str) -> int:
    """How many levels a line opens: its indentation in tab stops plus the quote marks and list
    markers it starts with."""
    indent = 0
    for char in line:
        if char == " ":
            indent += 1
        elif char == "\t":
            indent += TAB - indent % TAB
        else:
            break
    levels = indent // TAB
    position = 0
    while match := _OPENER.match(line, position):
        if match.end() == position:
            break
        levels += 1
        position = match.end()
        if levels > MAX_LEVELS:
            break
    return levels


def _where(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def page_problems(path: Path, shown: str) -> list[Diagnostic]:
    """Why Python-Markdown cannot be trusted to render this page quickly, as located errors."""
    with open(path, "rb") as page:
        raw = page.read(MAX_BYTES + 1)  # never more: the file may be endless
    if len(raw) > MAX_BYTES:
        return [Diagnostic(shown, 1, 1, "error",
                           f"the page is larger than {MAX_BYTES // 1024} KB",
                           "split it into several pages", code="page-too-large")]
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    problems: list[Diagnostic] = []

    def problem(index: int, message: str, hint: str) -> None:
        line, column = _where(text, index)
        problems.append(Diagnostic(shown, line, column, "error", message, hint, code="page-too-complex"))

    brackets = text.count("[")
    if brackets > MAX_PAGE_BRACKETS:
        problem(text.index("["), f"the page holds {brackets} square brackets ([); at most "
                f"{MAX_PAGE_BRACKETS} are allowed (each link uses one)",
                "remove the extra ones, or split the page")
    start = 0
    for gap in [*_BLANK.finditer(text), None]:
        end = gap.start() if gap else len(text)
        paragraph = text[start:end]
        brackets = paragraph.count("[")
        if brackets > MAX_BRACKETS:
            problem(start + paragraph.index("["),
                    f"this paragraph holds {brackets} square brackets ([); at most {MAX_BRACKETS} "
                    "are allowed in one paragraph (each link uses one)",
                    "remove the extra ones, or put a blank line between paragraphs")
        marks = paragraph.count("*") + paragraph.count("_")
        if marks > MAX_EMPHASIS:
            first = min(i for i in (paragraph.find("*"), paragraph.find("_")) if i >= 0)
            problem(start + first,
                    f"this paragraph holds {marks} emphasis marks (* and _); at most {MAX_EMPHASIS} "
                    "are allowed in one paragraph",
                    "remove the extra ones, or put a blank line between paragraphs")
        start = gap.end() if gap else end
    offset = 0
    for line in text.split("\n"):
        if _level(line) > MAX_LEVELS:
            problem(offset, f"this line is nested more than {MAX_LEVELS} levels deep (lists, quotes "
                    "and indentation, one inside another)", "indent less, or split the list")
            break  # one is enough to find the rest: they are usually a run
        offset += len(line) + 1
    return problems


def docs_problems(docs_dir: str | Path) -> list[Diagnostic]:
    """The problems of every Markdown page below `docs_dir` that MkDocs would render (hidden files
    and folders are left out, as MkDocs leaves them out; links are not followed)."""
    problems: list[Diagnostic] = []
    for folder, subfolders, names in os.walk(docs_dir):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if name.endswith(".md") and not name.startswith(".") and path.is_file() and not path.is_symlink():
                problems += page_problems(path, display_path(path))
    return problems
