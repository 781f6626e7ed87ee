"""A content-addressed cache of briefing page bodies, so that a rebuild renders only the pages
whose briefing (or whatever it shows: partnership, site, glossary, sheet size) changed.

The key is computed without rendering: the briefing's content digest, the page's place (its link
to the site root and its sheet link), the site URL, and a fingerprint of the templates and the
code that make the HTML. Each entry carries the digest of its content (cachefiles.seal), so a
damaged entry is never used. Plain Python: the MkDocs adapter only says where the cache lives."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.files.cache import cache_file, remove_earlier_versions, seal, unseal
from sevenminute.files.fingerprint import fingerprint, package_files
from sevenminute.files.safe import write_atomic
from sevenminute.rendering.environment import THEME_DIR
from sevenminute.rendering.template_data import MeetingLinks, SheetLink, content_digest
from sevenminute.web.pages import render_briefing_page

# The layers a page body is made from: a change anywhere in them may change it.
CODE = ("core", "rendering", "web")


def page_fingerprint(theme_dir: Path = THEME_DIR) -> str:
    templates = list((theme_dir / "briefing").glob("*.html"))
    return fingerprint(templates + package_files(*CODE), ("markdown-it-py", "nh3", "jinja2", "pydantic"))


def page_key(collection: Collection, slug: str, root: str, sheet: SheetLink | None,
             site_url: str | None, meeting: MeetingLinks | None = None) -> str:
    sheet_part = f"{sheet.href}\0{sheet.size_bytes}" if sheet else ""
    parts = [content_digest(collection, slug), page_fingerprint(), root, sheet_part, site_url or "",
             collection.sources[slug].name, repr(meeting)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cached_briefing_page(collection: Collection, slug: str, cache_dir: Path, *, root: str = "../../",
                         sheet: SheetLink | None = None, site_url: str | None = None,
                         meeting: MeetingLinks | None = None) -> str:
    """render_briefing_page, from the cache when nothing it depends on has changed."""
    key = page_key(collection, slug, root, sheet, site_url, meeting)
    path = cache_file(cache_dir, slug, key, ".html")
    try:
        # Only a whole entry, as written here: a truncated or edited one is rendered again.
        content = unseal(path.read_bytes())
        if content is not None:
            return content.decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    html = render_briefing_page(collection, slug, root=root, sheet=sheet, site_url=site_url,
                                meeting=meeting)
    try:
        write_atomic(path, seal(html.encode("utf-8")))
        remove_earlier_versions(cache_dir, slug, {path.name})
    except OSError:
        pass  # a full or read-only cache disk costs the next build time, never this page
    return html
