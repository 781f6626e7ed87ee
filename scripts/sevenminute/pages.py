"""Page content for the web: each briefing's page body, built from the shared partials."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import content
from .collection import Collection
from .templates import THEME_DIR, render
from .views import (
    BriefingView,
    SheetLink,
    briefing_view,
    long_date,
    audience_path,
    kind_path,
    partnership_path,
    review_type_path,
    theme_path,
)

Linker = Callable[[str], "str | None"]


def template_context(view: BriefingView, medium: str, link: Linker) -> dict[str, object]:
    """What every briefing partial may use, on a page ("web") or a sheet ("sheet")."""
    return {
        "v": view,
        "medium": medium,
        "link": link,
        "partnership_page": partnership_path(view.partnership_id),
        "review_type_page": review_type_path(view.review_type_id) if view.review_type else None,
        "audience_page": audience_path(view.audience) if view.audience else None,
        "kind_pages": {"topic": kind_path("topic"), "review": kind_path("review")},
        "theme_pages": {tid: theme_path(tid) for tid, _ in view.themes},
        "verified": (long_date(view.partnership.contact.verified)
                     if view.partnership.contact.verified else None),
    }


def render_briefing_page(
    collection: Collection,
    slug: str,
    *,
    root: str = "../../",
    sheet: SheetLink | None = None,
    site_url: str | None = None,
    theme_dir: Path = THEME_DIR,
) -> str:
    """The HTML body of a briefing's web page; `root` leads from the page to the site root."""
    view = briefing_view(collection, slug, site_url)
    context = template_context(view, "web", lambda path: root + path)
    html = render("briefing/page.html", theme_dir, sheet=sheet, **context)
    return content.expand_abbreviations(html, collection.glossary_of(slug))
