"""A sheet's text as it is printed, for search (the site's index finds a briefing by what only
its sheet says). Rendered from the sheet's own template, without the QR code or a layout: a
few milliseconds a briefing, against a second for the PDF."""

from __future__ import annotations

from collections.abc import Iterable

from sevenminute.core.collection import Collection
from sevenminute.printing.sheet_html import sheet_link, sheet_markup
from sevenminute.rendering.plain_text import html_lines
from sevenminute.rendering.template_data import briefing_view, template_context


def sheet_text(collection: Collection, slug: str, site_url: str | None = None) -> str:
    """The printed words of a briefing's sheet, a line per paragraph, item or heading."""
    view = briefing_view(collection, slug, site_url)
    context = template_context(view, "sheet", sheet_link(site_url))
    context["qr"] = None  # an image: no words to find
    return "\n".join(html_lines(sheet_markup("sheet/article.html", **context)))


def sheet_texts(collection: Collection, slugs: Iterable[str], site_url: str | None = None) -> dict[str, str]:
    return {slug: sheet_text(collection, slug, site_url) for slug in slugs}
