"""Changes to every finished page of the site, theme and all, whatever front end built it: a fix
to the theme's HTML, and the panel a preview shows while the briefings have errors."""

from __future__ import annotations

import html
import re


def without_checkbox_autocomplete(page: str) -> str:
    # Material's two checkbox toggles carry autocomplete="off", which is not allowed on checkboxes
    # (the Nu HTML Checker flags it on every page); they sit outside any template block.
    for toggle in ("__drawer", "__search"):
        page = page.replace(f'type="checkbox" id="{toggle}" autocomplete="off"', f'type="checkbox" id="{toggle}"')
    return page


def with_build_errors(page: str, report: str) -> str:
    """The preview's error panel, first thing in <body>: what is wrong, where, and how to fix it."""
    panel = ('<div class="build-errors" role="alert"><h2>The briefings have errors</h2>'
             "<p>This preview shows the last version of the briefings without errors. Fix these "
             "and save: the page reloads by itself.</p>"
             f"<pre>{html.escape(report)}</pre></div>")
    start = re.search(r"<body\b[^>]*>", page)
    return page[:start.end()] + panel + page[start.end():] if start else panel + page
