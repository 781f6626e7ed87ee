"""Page content for the web: each briefing's page body, built from the shared partials."""

from __future__ import annotations

from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.rendering import markdown as content
from sevenminute.rendering.environment import THEME_DIR, render
from sevenminute.rendering.template_data import MeetingLinks, SheetLink, briefing_view, template_context
from sevenminute.web.search_facets import briefing_facets


def render_briefing_page(
    collection: Collection,
    slug: str,
    *,
    root: str = "../../",
    sheet: SheetLink | None = None,
    site_url: str | None = None,
    theme_dir: Path = THEME_DIR,
    meeting: MeetingLinks | None = None,
) -> str:
    """The HTML body of a briefing's web page; `root` leads from the page to the site root."""
    view = briefing_view(collection, slug, site_url)
    context = template_context(view, "web", lambda path: root + path)
    html = render("briefing/page.html", theme_dir, sheet=sheet, meeting=meeting,
                  search=briefing_facets(collection, slug), **context)
    return content.expand_abbreviations(html, collection.glossary_of(slug))


# The present view and the action record sit one folder below their briefing's page
# (views.present_path, views.record_path), so "../" leads back to it.

def render_present_page(collection: Collection, slug: str, *, root: str = "../../../",
                        record: bool = True, theme_dir: Path = THEME_DIR) -> str:
    """The body of a briefing's present view: one screen a point, for a team meeting."""
    view = briefing_view(collection, slug)
    # medium "present": the points' text and items, as on the sheet; the detail stays on the page.
    context = template_context(view, "present", lambda path: root + path)
    html = render("present/present.html", theme_dir, back="../", record="../record/" if record else None,
                  **context)
    return content.expand_abbreviations(html, collection.glossary_of(slug))


def render_record_page(collection: Collection, slug: str, *, root: str = "../../../",
                       blank: SheetLink | None = None, theme_dir: Path = THEME_DIR) -> str:
    """The body of a briefing's action record: the form a team fills in after the meeting."""
    view = briefing_view(collection, slug)
    context = template_context(view, "web", lambda path: root + path)
    return render("record/form.html", theme_dir, back="../", blank=blank,
                  email=view.partnership.records_email, **context)
