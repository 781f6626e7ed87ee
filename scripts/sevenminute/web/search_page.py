"""The search page's body: the form with a choice for every filter value the briefings have.
Its results come from the Pagefind index (search_index.py) through assets/javascripts/search.js."""

from __future__ import annotations

from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.rendering.environment import THEME_DIR, render
from sevenminute.web.search_facets import FILTERS, filter_choices

SEARCH_PATH = "search/"
SEARCH_SCRIPT = "search.js"


def search_page_body(collection: Collection, root: str, theme_dir: Path = THEME_DIR) -> str:
    return render("search/page.html", theme_dir, root=root, filters=FILTERS,
                  choices=filter_choices(collection))
