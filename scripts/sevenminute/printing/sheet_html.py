"""One briefing's sheet as HTML, and what is known about it before WeasyPrint lays it out.

The HTML comes from overrides/sheet/ (which includes the shared briefing partials with
medium="sheet"). Nothing here imports WeasyPrint: a SheetSource is plain, picklable data that a
worker process renders (fit.py)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sevenminute.core.collection import Collection
from sevenminute.printing.sizes import start_size, weighted_words
from sevenminute.rendering import markdown as content
from sevenminute.rendering.environment import THEME_DIR, render
from sevenminute.rendering.template_data import BriefingView, briefing_view, template_context


@dataclass(frozen=True)
class PointLength:
    number: int
    heading: str
    key: str
    words: int


@dataclass(frozen=True)
class SheetSource:
    """Everything a worker process needs to render one sheet: plain, picklable data."""

    slug: str
    html: str
    words: int  # weighted word count, for the starting size
    identifier: str  # the PDF's /ID (pdf_identifier)
    base_url: str
    point_lengths: tuple[PointLength, ...] = field(default=())

    @property
    def start(self) -> float:
        return start_size(self.words)


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


def sheet_link(site_url: str | None):
    """On paper a link must be absolute: site pages link only when the site URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else None
    return lambda path: base + path if base else None


def sheet_context(collection: Collection, slug: str, site_url: str | None = None) -> dict[str, Any]:
    view = briefing_view(collection, slug, site_url)
    context = template_context(view, "sheet", sheet_link(site_url))
    context["qr"] = qr_data_uri(view.page_url) if view.page_url else None
    return context


# Whitespace between list items. WeasyPrint tags a text run between two inline <li> (the
# header's metadata, the resources) as a Span inside the L, which PDF/UA-1 forbids
# (PDFUA1-L-KIDS-001: an L holds only L, LI and Caption). It is never content, so it goes.
_LIST_GAPS = re.compile(r"(?<=>)\s+(?=<li\b)|(?<=</li>)\s+(?=</[uo]l>)")


def sheet_markup(template: str, theme_dir: Path = THEME_DIR, **context: Any) -> str:
    """Render a sheet template (a whole sheet, or one sheet's article for the training pack)."""
    return _LIST_GAPS.sub("", render(template, theme_dir, **context))


def sheet_html(collection: Collection, slug: str, site_url: str | None = None,
               theme_dir: Path = THEME_DIR) -> str:
    """The sheet as a whole HTML document (its size is set by the renderer's stylesheet)."""
    return sheet_markup("sheet/sheet.html", theme_dir, **sheet_context(collection, slug, site_url))


def point_lengths(view: BriefingView) -> tuple[PointLength, ...]:
    lengths = []
    for p in view.points:
        if p.point is None:  # an optional point left out: the site's one `not_covered` line
            lengths.append(PointLength(p.number, p.heading, p.key, content.word_count(view.site.not_covered)))
            continue
        texts = [p.point.text]
        for item in p.point.items:
            texts += [item] if isinstance(item, str) else [item.text, *item.items, item.after or ""]
        lengths.append(PointLength(p.number, p.heading, p.key, content.word_count(*texts)))
    return tuple(lengths)


def pdf_identifier(html: str) -> str:
    """A printed document's /ID, from its HTML alone (which holds the content and the site
    address): the same briefing gives the same bytes whatever changes in code that does not
    change what is printed, such as moving a module."""
    return hashlib.sha256(html.encode()).hexdigest()


def sheet_source(collection: Collection, slug: str, site_url: str | None = None,
                 theme_dir: Path = THEME_DIR) -> SheetSource:
    context = sheet_context(collection, slug, site_url)
    html = sheet_markup("sheet/sheet.html", theme_dir, **context)
    view: BriefingView = context["v"]  # type: ignore[assignment]
    return SheetSource(
        slug=slug,
        html=html,
        words=weighted_words(html),
        identifier=pdf_identifier(html),
        base_url=str(theme_dir / "sheet" / "sheet.html"),
        point_lengths=point_lengths(view),
    )

