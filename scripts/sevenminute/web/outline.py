"""A generated page's table of contents, read from its HTML: the headings a front end lists under
"on this page" and the theme's skip link targets."""

from __future__ import annotations

import re
from html import escape, unescape

_HEADING = re.compile(r'<h([12])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def outline(html: str) -> list[tuple[int, str, str]]:
    """The h1 and h2 headings that have an id, as (level, id, text): the page's table of contents.
    A pattern is enough: the HTML comes from our own templates, one heading per element."""
    return [(int(level), ident, " ".join(unescape(_TAG.sub("", inner)).split()))
            for level, ident, inner in _HEADING.findall(html)]


def contents(html: str) -> list[dict]:
    """The outline as a tree: each h2 under the h1 before it, as {level, id, name, children}
    (the shape MkDocs' get_toc reads). `name` is HTML, as Python-Markdown's toc gives it: MkDocs
    and Material print a toc title unescaped, so the plain text is escaped here, once."""
    tokens: list[dict] = []
    for level, ident, text in outline(html):
        token = {"level": level, "id": ident, "name": escape(text, quote=False), "children": []}
        if level == 1 or not tokens:
            tokens.append(token)
        else:
            tokens[-1]["children"].append(token)
    return tokens
