"""Every page and file the site generates, as plain data for any front end to publish.

For each briefing: its page (with its sheet and meeting links), its present view and, when the
site keeps action records, its record page; the catalogue pages; the two feeds; and the PDFs
(sheets, clear-print copies, blank records) the printing layer made. A front end turns each
`GeneratedPage` into a page of its own (title, description, search flag, its own script) whose
body comes from `body(root)`, and copies or writes each `GeneratedFile`; it decides nothing
about which pages there are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.rendering import template_data as views
from sevenminute.web import feeds
from sevenminute.web.admin import ADMIN_PATH, admin_page
from sevenminute.web.brand import BRAND_CSS, brand_css
from sevenminute.web.catalogue import Catalogue, catalogue_pages
from sevenminute.web.pagecache import cached_briefing_page
from sevenminute.web.pages import render_present_page, render_record_page
from sevenminute.web.search_page import SEARCH_PATH, SEARCH_SCRIPT, search_page_body


@dataclass(frozen=True)
class GeneratedPage:
    """A page: `path` is its directory URL relative to the site root ("briefings/child-i/");
    `body(root)` is its HTML, given the relative link from the page back to the site root."""

    path: str
    title: str
    description: str
    body: Callable[[str], str]
    searchable: bool = True
    script: str | None = None  # the page's own script in the theme's assets (present.js)
    hide: tuple[str, ...] = ()  # parts of the frame the page goes without ("navigation", "toc")


@dataclass(frozen=True)
class GeneratedFile:
    """A file published as it is: written from `content`, or copied from `source` (a cached PDF)."""

    path: str
    content: bytes | None = None
    source: Path | None = None


def site_pages(collection: Collection, catalogue: Catalogue, *, site_name: str, site_url: str | None,
               description: str, pages_cache: Path, sheets: dict[str, Path] | None = None,
               companions: dict[str, dict[str, Path]] | None = None) -> list[GeneratedPage | GeneratedFile]:
    """The site's generated pages and files, in the order a front end adds them. `sheets` maps
    a slug to its cached sheet, `companions` a kind (template_data.COMPANION_PATHS) to slug to
    cached PDF; either empty when the build makes no PDFs, and the pages then link to none."""
    sheets = sheets or {}
    companions = companions or {}
    out: list[GeneratedPage | GeneratedFile] = []
    for slug, path in sorted(sheets.items()):
        out.append(GeneratedFile(views.sheet_path(slug), source=path))
    for kind, paths in sorted(companions.items()):
        for slug, path in sorted(paths.items()):
            out.append(GeneratedFile(views.COMPANION_PATHS[kind](slug), source=path))

    record = collection.site.team_meeting.record

    def pdf_link(root: str, site_path: str, cached: Path | None) -> views.SheetLink | None:
        # A link to a PDF the build made, with its size; none when it made none.
        return None if cached is None else views.SheetLink(root + site_path, cached.stat().st_size)

    def companion_link(root: str, kind: str, slug: str) -> views.SheetLink | None:
        return pdf_link(root, views.COMPANION_PATHS[kind](slug), companions.get(kind, {}).get(slug))

    def briefing_body(root: str, slug: str) -> str:
        sheet = pdf_link(root, views.sheet_path(slug), sheets.get(slug))
        meeting = views.MeetingLinks(
            present=root + views.present_path(slug),
            record=root + views.record_path(slug) if record else None,
            clear_print=companion_link(root, views.CLEAR_PRINT, slug),
            blank_record=companion_link(root, views.RECORD, slug) if record else None,
        )
        return cached_briefing_page(collection, slug, pages_cache, root=root, sheet=sheet,
                                    site_url=site_url, meeting=meeting)

    for slug, b in collection.briefings.items():
        out.append(GeneratedPage(views.page_path(slug), b.title, b.summary,
                                 lambda root, slug=slug: briefing_body(root, slug)))
        # The present view and the action record, one folder below the briefing's page, are kept
        # out of search: the briefing's page is what a search should find.
        out.append(GeneratedPage(
            views.present_path(slug), f"Present: {b.title}", b.summary,
            lambda root, slug=slug: render_present_page(collection, slug, root=root, record=record),
            searchable=False, script="present.js", hide=("navigation", "toc")))
        if record:
            out.append(GeneratedPage(
                views.record_path(slug), f"Action record: {b.title}",
                f"The team's record of a meeting about {b.title}",
                lambda root, slug=slug: render_record_page(
                    collection, slug, root=root, blank=companion_link(root, views.RECORD, slug)),
                searchable=False, script="record.js"))

    for page in catalogue_pages(catalogue, site_name):
        out.append(GeneratedPage(page.path, page.title, page.description,
                                 lambda root, body=page.body: body, searchable=page.searchable))

    # The search page: its results come from the index built once the site is written.
    out.append(GeneratedPage(SEARCH_PATH, "Search", "Find a briefing by its words, kind, audience, "
                             "theme, partnership, review type or year.",
                             lambda root: search_page_body(collection, root),
                             searchable=False, script=SEARCH_SCRIPT))
    # A preview without the site's real address gets feeds with links from the site's root (no
    # made-up address); the published site's feeds have absolute links.
    base = site_url or ""
    out.append(GeneratedFile(feeds.ATOM_PATH, content=feeds.atom(collection, base, site_name, description)))
    out.append(GeneratedFile(feeds.JSON_PATH, content=feeds.json_feed(collection, base, site_name, description)))
    if collection.site.brand is not None:
        out.append(GeneratedFile(BRAND_CSS, content=brand_css(collection.site.brand)))
    # The web editor (its script and configuration are theme files in overrides/admin/).
    out.append(GeneratedFile(ADMIN_PATH, content=admin_page(site_name, collection.site.language)))
    return with_unique_titles(out)


# What a generated page is, by its first folder: said in its title when two pages share a name.
_KINDS = {"briefings": "briefing", "themes": "theme", "partnerships": "partnership", "kinds": "kind",
          "audiences": "audience", "review-types": "review type", "years": "year"}


def with_unique_titles(items: list[GeneratedPage | GeneratedFile]) -> list[GeneratedPage | GeneratedFile]:
    """Every page's title different from every other's, whatever the content: a briefing and a
    theme both called "Professional curiosity" become "Professional curiosity (briefing)" and
    "Professional curiosity (theme)"; two briefings of one title also take their address."""
    def clashing(pages: list[GeneratedPage | GeneratedFile]) -> set[str]:
        seen = Counter(p.title.casefold() for p in pages if isinstance(p, GeneratedPage))
        return {title for title, n in seen.items() if n > 1}

    def kind(path: str) -> str:
        parts = path.strip("/").split("/")
        return _KINDS.get(parts[0], parts[0]) if parts[0] else "page"

    for label in (lambda p: kind(p.path), lambda p: p.path.strip("/")):
        clash = clashing(items)
        if not clash:
            break
        items = [replace(p, title=f"{p.title} ({label(p)})")
                 if isinstance(p, GeneratedPage) and p.title.casefold() in clash else p for p in items]
    return items
