"""The front matter of the pages the adapter generates: title and description as Material reads
them (escaped: Material prints both as trusted HTML), whether search lists the page, the page's
own script (main.html loads page.meta.script) and the parts of the frame it hides."""

from __future__ import annotations

import html


def front_matter(title: str, description: str, searchable: bool = True, script: str | None = None,
                 hide: tuple[str, ...] = ()) -> str:
    # Material prints page.meta.title into the header and description into a <meta> attribute
    # as trusted HTML, so both are escaped here: a briefing's text must never become markup.
    search = "" if searchable else "search:\n  exclude: true\n"
    title, description = html.escape(title), html.escape(description)
    extra = f"script: {script}\n" if script else ""
    if hide:
        extra += "hide:\n" + "".join(f"  - {part}\n" for part in hide)
    return f"---\ntitle: {yaml_string(title)}\ndescription: {yaml_string(description)}\n{search}{extra}---\n"


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar in plain ASCII. Not json.dumps: JSON writes an emoji as a
    surrogate pair (\\ud83d\\ude00), which YAML refuses, and MkDocs then silently drops the
    whole front matter (the page lost its title, search title and description)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'

