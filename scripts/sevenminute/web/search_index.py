"""The site's search index, built once the site is written: Pagefind over the finished HTML, plus
records for text that is not a page of its own (a briefing's printable sheet), each pointing at
its briefing's page.

Pagefind (the `pagefind` package, with its binary from `pagefind-bin`) splits the index into
small chunks by word, so a reader's first search fetches a few of them instead of one index of
the whole site. It indexes only what a page marks with `data-pagefind-body` (overrides/main.html:
the content of pages search should list) and reads the filters and result fields from
`data-pagefind-filter` / `data-pagefind-meta` attributes (overrides/briefing/search-facets.html).
Any front end calls `build_search_index` on the folder it has just written, before publishing it;
nothing here knows about MkDocs, and nothing is fetched from the network."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.rendering.plain_text import html_lines
from sevenminute.rendering.template_data import page_path
from sevenminute.web.search_facets import briefing_facets

BUNDLE = "pagefind"  # the folder of the index and its script, below the site root
# Pagefind writes ready-made interfaces beside its search code; the site has its own
# (overrides/search/, assets/javascripts/search.js), so these are never loaded: leave them out.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
SHEET_SUFFIX = " (printable sheet)"


class SearchIndexError(Exception):
    """The index could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class SearchRecord:
    """Text that search should find though it is not a page: found, it leads to `path` (a page's
    folder below the site root, such as "briefings/child-i/")."""

    path: str
    title: str
    text: str
    meta: dict[str, str]
    filters: dict[str, list[str]]


def sheet_records(collection: Collection, texts: dict[str, str]) -> list[SearchRecord]:
    """A record for each sheet's text (slug -> text), with its briefing's filters and fields."""
    records = []
    for slug, text in sorted(texts.items()):
        facets = briefing_facets(collection, slug)
        title = collection.briefings[slug].title + SHEET_SUFFIX
        records.append(SearchRecord(page_path(slug), title, text, facets.meta, facets.filters))
    return records


def build_search_index(site_dir: Path, records: Iterable[SearchRecord] = (), *,
                       language: str = "en") -> int:
    """Index the site written in `site_dir` into `site_dir`/pagefind/, with `records` added; each
    record keeps only the lines its page does not already show, so a search finds a briefing
    once for what its page says and again only for what its sheet alone says. Returns the number
    of pages and records indexed. Raises SearchIndexError."""
    site_dir = Path(site_dir).resolve()
    prepared = [r for r in (_only_new_lines(site_dir, r) for r in records) if r.text]
    try:
        count = asyncio.run(_index(site_dir, prepared, language))
    except FileNotFoundError as error:
        raise SearchIndexError(
            f"the search index could not be built: {error}. Pagefind's program comes with the "
            "`pagefind-bin` package: reinstall from the lock (make .venv/bin/.installed)") from None
    except (OSError, RuntimeError, AssertionError) as error:
        raise SearchIndexError(f"the search index could not be built in {site_dir / BUNDLE}: {error}") from None
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    return count


async def _index(site_dir: Path, records: list[SearchRecord], language: str) -> int:
    from pagefind.index import PagefindIndex  # only when indexing: a build without it still loads

    # One language for the whole site, so the pages and the extra records share one index.
    config = {"output_path": str(site_dir / BUNDLE), "force_language": language}
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir))
        count = int(result.get("page_count", 0))
        for record in records:
            await index.add_custom_record(
                url="/" + record.path, content=record.text, language=language,
                meta={"title": record.title, **record.meta}, filters=record.filters)
            count += 1
    return count


def _only_new_lines(site_dir: Path, record: SearchRecord) -> SearchRecord:
    page = site_dir / record.path / "index.html"
    try:
        shown = _squash(" ".join(html_lines(page.read_text(encoding="utf-8"))))
    except (FileNotFoundError, UnicodeDecodeError):
        return record
    lines = [line for line in record.text.split("\n") if line.strip() and _squash(line) not in shown]
    return SearchRecord(record.path, record.title, "\n".join(lines), record.meta, record.filters)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip().lower()
