"""Walking a briefing's text for the lints: every piece of prose with its path (TextValue, texts),
the words a reader sees once the Markdown is rendered, and where a finding is in the YAML file
(Locator), including the `# allow:` comments that silence a lint there."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Iterator

import nh3

from sevenminute.core.yamlread import DataPath, Document
from sevenminute.editors.lint_registry import LINTS
from sevenminute.rendering import markdown as content

# Values that are ids, dates or addresses rather than prose.
_NOT_PROSE = {"partnership", "review_type", "audience", "held", "published", "age_band", "themes",
              "last_reviewed", "next_review", "url", "format", "size"}


@dataclass(frozen=True)
class TextValue:
    path: DataPath
    raw: str  # as written, with its Markdown
    block: bool  # Markdown paragraphs and lists, not one line

    @property
    def words(self) -> str:
        """The text a reader sees, without Markdown or HTML."""
        rendered = content.block(self.raw) if self.block else content.inline(self.raw)
        return html.unescape(nh3.clean(str(rendered), tags=set()))

    @property
    def paragraphs(self) -> list[str]:
        """The words a reader sees, one string per paragraph or list item. A block scalar's line
        breaks inside a paragraph are not the ends of sentences, so they become spaces."""
        rendered = str(content.block(self.raw) if self.block else content.inline(self.raw))
        marked = re.sub(r"</(?:p|li|h[1-6]|blockquote)>|<br\s*/?>", "\ue000", rendered)
        text = html.unescape(nh3.clean(marked, tags=set()))
        return [" ".join(part.split()) for part in text.split("\ue000") if part.strip()]


def texts(data: Any, path: DataPath = ()) -> Iterator[TextValue]:
    """Every piece of prose in a briefing's data, with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_PROSE:
                yield from texts(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if path == ("resources",) and isinstance(value, str):
                continue  # an id from data/resources.yml
            yield from texts(value, path + (i,))
    elif isinstance(data, str):
        yield TextValue(path, data, bool(path) and path[-1] == "detail")


# `# allow: personal-name` (or a group, or several separated by commas) at the end of a line, or
# on its own line just above, silences that lint there: for a finding that is right, such as the
# publicly named child of a national review. On a key's line it covers the whole value, which is
# the only place a comment can go for a block of text (`text: |  # allow: exact-date`), and on a
# list's key (`items:  # allow: long-sentence`) it covers every item.
_ALLOW = re.compile(r"(?:^|\s)#\s*allow:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)")


class Locator:
    """Finds the line and column of a piece of text inside the YAML value that holds it."""

    def __init__(self, doc: Document):
        self.doc = doc
        try:
            self.lines = doc.path.read_text(encoding="utf-8-sig").splitlines()
        except OSError:
            self.lines = []
        self.key_lines = sorted({line for line, _ in doc.keys.values()})
        # line -> (names allowed, whether the comment is alone on its line, column of the names)
        self.allowed: dict[int, tuple[set[str], bool, int]] = {}
        for number, text in enumerate(self.lines, 1):
            found = _ALLOW.search(text)
            if found:
                names = {c.strip() for c in found.group(1).split(",")}
                self.allowed[number] = (names, not text[:found.start()].strip(), found.start(1) + 1)

    def allows(self, code: str, line: int, value_line: int, path: DataPath = ()) -> bool:
        """Whether an `# allow:` comment silences `code` at `line` (see _ALLOW). A comment on the
        line of any key the value sits under (`items:  # allow: long-sentence`) covers all of it."""
        names = {code, LINTS[code].group}
        keys = [self.doc.keys[path[:i]][0] for i in range(1, len(path))
                if isinstance(path[i - 1], str) and path[:i] in self.doc.keys]
        places = [(line, False), (value_line, False), (line - 1, True), (value_line - 1, True)]
        places += [(k, False) for k in keys] + [(k - 1, True) for k in keys]
        for number, alone_only in places:
            allowed, alone, _ = self.allowed.get(number, (set(), False, 0))
            if allowed & names and (alone or not alone_only):
                return True
        return False

    def find(self, path: DataPath, needle: str = "") -> tuple[int, int]:
        line, column = self.doc.position(path)
        if not needle or not self.lines:
            return line, column
        # The value runs until the next key in the file (or the end of the file).
        after = bisect_right(self.key_lines, line)
        end = self.key_lines[after] - 1 if after < len(self.key_lines) else len(self.lines)
        words = needle.split()
        for attempt in dict.fromkeys([needle, " ".join(words[:4]), " ".join(words[:2]),
                                      words[0] if words else ""]):
            if not attempt:
                continue
            for index in range(line - 1, max(end, line)):
                start = column - 1 if index == line - 1 else 0
                found = self.lines[index].find(attempt, start) if index < len(self.lines) else -1
                if found >= 0:
                    return index + 1, found + 1
        return line, column
