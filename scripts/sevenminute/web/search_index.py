"""The site's search index, built once the site is written: Pagefind over the finished pages,
with each briefing's entry also holding what only its printable sheet says.

Pagefind (the `pagefind` package, with its program from `pagefind-bin`) splits the index into
small chunks by word, so a reader's first search fetches a few of them instead of one index of
the whole site. It indexes only what a page marks with `data-pagefind-body` (overrides/main.html:
the content of pages search should list) and reads the filters and result fields from
`data-pagefind-filter` / `data-pagefind-meta` attributes (overrides/briefing/search-facets.html).

A sheet's text goes into its briefing's entry, not into an entry of its own: Pagefind indexes
every field of a record of its own (title, partnership, kind), so such a record would be found
by every search that finds the page, and each briefing would be listed twice. Only the lines the
page does not already show are added, marked "Printable sheet:", to what Pagefind reads (the
published page is unchanged).

Any front end calls `build_search_index` on the folder it has just written, before publishing it;
nothing here knows about MkDocs, and nothing is fetched from the network."""

from __future__ import annotations

import asyncio
import html
import json
import re
from pathlib import Path

from sevenminute.rendering.plain_text import html_lines
from sevenminute.rendering.template_data import page_path

BUNDLE = "pagefind"  # the folder of the index and its script, below the site root
# Pagefind writes ready-made interfaces beside its search code; the site has its own
# (overrides/search/, assets/javascripts/search.js), so these are never loaded: leave them out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# Parts of a briefing's page that every page of a partnership repeats word for word: the contact
# block, the team-meeting links, the sheet's link and the version footer
# (overrides/briefing/). Indexed, they would match every briefing and swell the index chunks
# a first search fetches; they stay on the page, where a reader finds them.
REPEATED = (".contact", ".team-meeting", ".sheet-link", ".briefing__footer")
SHEET_LABEL = "Printable sheet:"
MARKER = b"data-pagefind-body"
BATCH = 64  # pages sent to Pagefind at a time


class SearchIndexError(Exception):
    """The index could not be built; the message says why and what to do."""


def sheet_extras(texts: dict[str, str]) -> dict[str, str]:
    """Sheet texts by briefing slug -> extra text by the briefing page's path."""
    return {page_path(slug): text for slug, text in texts.items()}


def build_search_index(site_dir: Path, extras: dict[str, str] | None = None, *,
                       language: str = "en") -> int:
    """Index the site written in `site_dir` into `site_dir`/pagefind/. `extras` maps a page's
    path below the site root ("briefings/child-i/") to more text its entry should hold (a
    sheet's); only its lines the page does not show are added. Returns the number of pages
    indexed. Raises SearchIndexError."""
    site_dir = Path(site_dir).resolve()
    try:
        count = asyncio.run(_index(site_dir, extras or {}, language))
    except FileNotFoundError as error:
        raise SearchIndexError(
            f"the search index could not be built: {error}. Pagefind's program comes with the "
            "`pagefind-bin` package: reinstall from the lock (make .venv/bin/.installed)") from None
    except (OSError, RuntimeError, AssertionError, ValueError, KeyError) as error:
        raise SearchIndexError(f"the search index could not be built in {site_dir / BUNDLE}: {error}") from None
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    return count


def _pages(site_dir: Path):
    """(URL path, HTML) of every page search lists, in a fixed order."""
    bundle = site_dir / BUNDLE
    for file in sorted(site_dir.rglob("*.html")):
        if bundle in file.parents:
            continue
        data = file.read_bytes()
        if MARKER not in data:  # present views, records, listings, the 404 page: not listed
            continue
        relative = file.relative_to(site_dir).as_posix()
        folder = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        yield folder, data.decode("utf-8")


async def _index(site_dir: Path, extras: dict[str, str], language: str) -> int:
    from pagefind.index import PagefindIndex  # only when indexing: a build without it still loads

    # One language for the whole site: its pages say en-GB, and English word stems serve it.
    config = {"output_path": str(site_dir / BUNDLE), "force_language": language,
              "exclude_selectors": list(REPEATED)}
    async with PagefindIndex(config=config) as index:
        batch = []
        for folder, page in _pages(site_dir):
            if folder in extras:
                page = with_extra_text(page, extras[folder])
            batch.append(index.add_html_file(content=page, url="/" + folder))
            if len(batch) == BATCH:
                await asyncio.gather(*batch)
                batch = []
        await asyncio.gather(*batch)
    # What was indexed, as the index itself counts it.
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def with_extra_text(page: str, text: str) -> str:
    """The page as Pagefind should read it: `text`'s lines the page does not show, added at the
    end of its indexed content (before the last </article>, which closes data-pagefind-body)."""
    shown = _squash(" ".join(html_lines(page)))
    lines = [line for line in text.split("\n") if line.strip() and _squash(line) not in shown]
    end = page.rfind("</article>")
    if not lines or end < 0:
        return page
    added = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"{page[:end]}<section><p>{SHEET_LABEL}</p>{added}</section>{page[end:]}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()
