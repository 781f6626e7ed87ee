"""The site's search index, built once the site is written: Pagefind over the finished pages,
with each briefing's entry also holding what only its printable sheet says.

Pagefind (its program, from the `pagefind-bin` package, run offline) splits the index into
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

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from sevenminute.rendering.plain_text import html_lines
from sevenminute.rendering.template_data import page_path
from sevenminute.web.search_order import put_in_order

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
    extras = extras or {}
    # Pagefind reads a folder holding only the pages search lists, each as Pagefind should read
    # it: the published file itself (a hard link), or a copy with its sheet's lines added. It is
    # made inside the site being built, on the same disk, and removed before the site is published.
    source = Path(tempfile.mkdtemp(prefix=".search-source-", dir=site_dir))
    try:
        for folder, file in _listed_pages(site_dir, source):
            target = source / file.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if folder in extras:
                page = with_extra_text(file.read_text(encoding="utf-8"), extras[folder])
                target.write_text(page, encoding="utf-8")
            else:
                _link_or_copy(file, target)
        _run_pagefind(source, site_dir / BUNDLE, language)
        put_in_order(site_dir / BUNDLE)  # the same site, the same bytes
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise SearchIndexError(f"Pagefind wrote an index this build cannot read ({error}); "
                               "reinstall Pagefind from the lock (make .venv/bin/.installed)") from None
    except OSError as error:
        raise SearchIndexError(f"the search index could not be built in {site_dir / BUNDLE}: "
                               f"{error.strerror or error}") from None
    finally:
        shutil.rmtree(source, ignore_errors=True)
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    try:  # what was indexed, as the index itself counts it
        entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"Pagefind wrote no usable index in {site_dir / BUNDLE} ({error})") from None


def _listed_pages(site_dir: Path, skip: Path):
    """(path below the site root, file) of every page search lists, in a fixed order: those
    whose content is marked data-pagefind-body (not present views, records, listings, 404)."""
    bundle = site_dir / BUNDLE
    for file in sorted(site_dir.rglob("*.html")):
        if bundle in file.parents or skip in file.parents:
            continue
        if MARKER not in file.read_bytes():
            continue
        relative = file.relative_to(site_dir).as_posix()
        yield (relative[: -len("index.html")] if relative.endswith("index.html") else relative), file


def _link_or_copy(file: Path, target: Path) -> None:
    try:
        os.link(file, target)
    except OSError:
        shutil.copyfile(file, target)


def _run_pagefind(source: Path, output: Path, language: str) -> None:
    try:
        from pagefind_bin import get_executable

        program = str(get_executable())
    except (ImportError, FileNotFoundError):
        raise SearchIndexError(
            "Pagefind's program is missing: it comes with the `pagefind-bin` package; reinstall "
            "from the lock (make .venv/bin/.installed)") from None
    # One language for the whole site: its pages say en-GB, and English word stems serve it.
    command = [program, "--site", str(source), "--output-path", str(output), "--quiet",
               "--force-language", language, "--exclude-selectors", ", ".join(REPEATED)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=source)
    if result.returncode != 0:
        said = (result.stderr.strip() or result.stdout.strip())[-2000:]
        raise SearchIndexError(f"Pagefind could not index the site (exit {result.returncode}): {said}")


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
