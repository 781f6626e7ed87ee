"""A training pack: several briefings' sheets in one PDF, after a contents page.

The pack is rendered as one WeasyPrint document (not merged from the sheet PDFs), so it keeps a
single structure tree: PDF/UA-1 with headings, lists and links tagged, like each sheet. Each
sheet is laid out at the size it was fitted at (build_sheets keeps that beside the cached PDF),
so a page of the pack matches the sheet on its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from sevenminute.core.collection import Collection
from sevenminute.core.diagnostics import ContentError
from sevenminute.printing import glyphs
from sevenminute.printing.continued import Break, with_continued
from sevenminute.printing.fetcher import RefusedResource
from sevenminute.printing.pdf import UnsafeLink, render_document, write_pdf
from sevenminute.printing.sheet_html import pdf_identifier, sheet_context, sheet_markup
from sevenminute.printing.sheets import build_sheets, fitted_continuation, fitted_size
from sevenminute.rendering.environment import THEME_DIR, render


@dataclass(frozen=True)
class PackSheet:
    slug: str
    title: str
    size: float
    article: Markup


class PackError(Exception):
    pass


def slugs_for_theme(collection: Collection, theme: str) -> list[str]:
    if theme not in collection.themes:
        known = ", ".join(sorted(collection.themes))
        raise PackError(f"unknown theme '{theme}'; the themes are: {known}")
    slugs = [s for s in collection.newest_first() if theme in collection.briefings[s].themes]
    if not slugs:
        raise PackError(f"no briefing has the theme '{theme}'")
    return slugs


def pack_html(collection: Collection, slugs: list[str], sizes: dict[str, float], title: str,
              description: str | None = None, site_url: str | None = None,
              continued: dict[str, Break | None] | None = None) -> str:
    sheets = []
    for slug in slugs:
        context = sheet_context(collection, slug, site_url)
        partnership = collection.partnerships[collection.briefings[slug].partnership]
        article = sheet_markup("sheet/article.html", THEME_DIR, **context)
        at = (continued or {}).get(slug)
        if at is not None:  # the same continued heading as the sheet on its own
            article = with_continued(article, at) or article
        sheets.append(PackSheet(
            slug=slug,
            title=f"{collection.briefings[slug].title} ({partnership.label})",
            size=sizes[slug],
            article=Markup(article),
        ))
    newest = max(collection.briefings[s].last_reviewed for s in slugs)
    return render("sheet/pack.html", THEME_DIR, site=collection.site, title=title,
                  description=description, sheets=sheets, created=newest.isoformat())


def build_pack(collection: Collection, slugs: list[str], cache_dir: Path, title: str,
               description: str | None = None, site_url: str | None = None,
               jobs: int | None = None) -> bytes:
    """The pack's PDF bytes. Sheets are fitted (or taken from the cache) first."""
    unknown = [s for s in slugs if s not in collection.briefings]
    if unknown:
        raise PackError(f"no briefing called {', '.join(unknown)}")
    # The title is printed in the sheets' font, like every other text: no empty boxes.
    for label, text in (("--title", title), ("the theme's description", description or "")):
        lacking = glyphs.missing(text, glyphs.covered())
        if lacking:
            raise PackError(f"{label} has {', '.join(glyphs.describe(c) for c in lacking)}, which the pack's "
                            f"font ({glyphs.FONT_NAME}) has no letter for: the contents page would show "
                            "empty boxes; write it with the Latin letters the font has")
    built = build_sheets(collection, cache_dir, site_url=site_url, jobs=jobs, only=set(slugs))
    sizes = {s: fitted_size(built.sheets[s]) for s in slugs}
    missing = [s for s, size in sizes.items() if size is None]
    if missing:  # a cache written by hand or by an older version: fit again
        for path in (built.sheets[s] for s in missing):
            path.unlink(missing_ok=True)
        built = build_sheets(collection, cache_dir, site_url=site_url, jobs=jobs, only=set(missing))
        sizes.update({s: fitted_size(built.sheets[s]) for s in missing})
    continued = {s: fitted_continuation(built.sheets[s]) for s in slugs}
    html = pack_html(collection, slugs, sizes, title, description, site_url,  # type: ignore[arg-type]
                     continued)
    try:
        document = render_document(html, str(THEME_DIR / "sheet" / "pack.html"))
        _check_one_page_each(document, slugs)
        return write_pdf(document, pdf_identifier(html))
    except UnsafeLink as err:
        raise PackError(str(err)) from None
    except RefusedResource as refused:
        raise ContentError([refused.diagnostic()]) from None


def _check_one_page_each(document, slugs: list[str]) -> None:
    """Each sheet must sit on exactly one page of the pack, as it does on its own."""
    pages_of: dict[str, set[int]] = {s: set() for s in slugs}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or box.element_tag != "article":
                continue
            slug = (element.get("id") or "").removeprefix("sheet-")
            if slug in pages_of:
                pages_of[slug].add(number)
    spread = [s for s, pages in pages_of.items() if len(pages) != 1]
    if spread:
        raise PackError(f"these sheets did not stay on one page in the pack: {', '.join(spread)}")
