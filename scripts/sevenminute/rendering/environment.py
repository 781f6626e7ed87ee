"""The Jinja environment shared by the web pages and the printed sheets.

Templates live in overrides/ (presentation stays out of the Python modules), as small partials
with one concept each: overrides/briefing/point.html renders a point on a page and on a sheet.
The folder is installed as the package sevenminute.theme (pyproject.toml), so it is found the same
way in this repository's editable install and in a site that installed the wheel."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import jinja2

from sevenminute.rendering import markdown as content
from sevenminute.rendering.template_data import month_name, tel_href

# The toolkit's theme folder (overrides/ here, sevenminute/theme/ in the wheel); callers may pass another.
THEME_DIR = Path(str(files("sevenminute.theme")))
# Its folders of templates the package renders itself: a site generator that copies the theme
# folder must leave them out (or their non-HTML files, such as the sheet's CSS, become assets).
CORE_TEMPLATE_DIRS = ("briefing/", "catalogue/", "sheet/", "present/", "record/", "clearprint/")


@lru_cache(maxsize=4)
def environment(theme_dir: Path = THEME_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(theme_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(inline=content.inline, block=content.block, tel=tel_href, month=month_name)
    return env


def render(name: str, theme_dir: Path = THEME_DIR, **context: object) -> str:
    return environment(theme_dir).get_template(name).render(**context)
