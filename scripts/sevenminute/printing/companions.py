"""The PDFs that go with each sheet: the clear-print copy (the sheet's content and the page's
detail at 12 pt or more, on as many A4 pages as it needs) and the blank action record.

Both are rendered by WeasyPrint as PDF/UA-1, like the sheet (pdf.py), and cached the same
way: a content-addressed file per briefing (cachefiles), keyed on what decides it without
rendering, written atomically, earlier versions pruned. Neither needs fitting, so each takes one
render. WeasyPrint is imported only in the functions that render."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.core.diagnostics import ContentError
from sevenminute.files.cache import DIGEST, cache_file, digest, remove_earlier_versions
from sevenminute.files.fingerprint import fingerprint, package_files
from sevenminute.files.safe import write_atomic
from sevenminute.printing.fetcher import RefusedResource
from sevenminute.printing.pdf import print_links, render_document, write_pdf
from sevenminute.printing.sheet_html import pdf_identifier, sheet_link, sheet_markup
from sevenminute.printing.sheets import cached_sheet_ok, check_theme
from sevenminute.printing.workers import WORKER, Progress, default_jobs, pool, progress_wanted
from sevenminute.rendering.environment import THEME_DIR
from sevenminute.rendering.template_data import (
    CLEAR_PRINT,
    COMPANION_PATHS,
    RECORD,
    briefing_view,
    content_digest,
    template_context,
)

# What each kind is made from: its document template (beside its stylesheet) and the folder its
# cached files go in (below the sheets' cache); where it is published is COMPANION_PATHS.
TEMPLATES = {CLEAR_PRINT: "clearprint/clearprint.html", RECORD: "record/blank.html"}
CACHE_DIRS = {CLEAR_PRINT: "clear-print", RECORD: "records"}
CODE = ("core", "rendering", "printing")  # the layers they are made from, as for a sheet


def kinds(collection: Collection, clear_print: bool = True) -> tuple[str, ...]:
    """The companions this build makes: the clear-print copy unless the build leaves it out, the
    blank record while the site offers the action record."""
    return tuple(kind for kind, wanted in ((CLEAR_PRINT, clear_print),
                                           (RECORD, collection.site.team_meeting.record)) if wanted)


def companion_html(collection: Collection, slug: str, kind: str, site_url: str | None = None,
                   theme_dir: Path = THEME_DIR) -> str:
    view = briefing_view(collection, slug, site_url)
    # medium "web": the clear-print copy carries the page's detail; links are absolute, as on paper.
    context = template_context(view, "web", sheet_link(site_url))
    # sheet_markup: without the whitespace between list items that PDF/UA-1 forbids in an L.
    return sheet_markup(TEMPLATES[kind], theme_dir, email=view.partnership.records_email, **context)


def companion_fingerprint(theme_dir: Path = THEME_DIR) -> str:
    files = [*(theme_dir / "clearprint").glob("*"), *(theme_dir / "record").glob("blank.*"),
             *(theme_dir / "briefing").glob("*.html"), theme_dir / "sheet" / "metadata.html", theme_dir / "assets" / "stylesheets" / "fonts.css",
             *(theme_dir / "assets" / "fonts").glob("*.woff2"), *package_files(*CODE)]
    return fingerprint(files, ("weasyprint", "markdown-it-py", "nh3", "jinja2", "pydantic"))


def companion_key(collection: Collection, slug: str, kind: str, site_url: str | None = None) -> str:
    parts = [kind, content_digest(collection, slug), companion_fingerprint(), site_url or "",
             collection.sources[slug].name]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _render_to(collection: Collection, slug: str, kind: str, site_url: str | None, target: str) -> None:
    html = companion_html(collection, slug, kind, site_url)
    base_url = str(THEME_DIR / TEMPLATES[kind])
    path = Path(target)
    # No continuation headings to hide: the finisher only makes the links printable.
    pdf = write_pdf(render_document(html, base_url), pdf_identifier(html), finisher=print_links)
    # As for a sheet: the record (the PDF's digest) first, then the PDF; a cached copy is used
    # only when its bytes match the record (sheets.cached_sheet_ok).
    write_atomic(path.with_suffix(".json"), json.dumps({DIGEST: digest(pdf)}).encode())
    write_atomic(path, pdf)


def _render_in_worker(slug: str, kind: str, target: str) -> None:
    _render_to(WORKER["collection"], slug, kind, WORKER["site_url"], target)  # type: ignore[arg-type]


@dataclass
class CompanionBuild:
    files: dict[str, dict[str, Path]] = field(default_factory=dict)  # kind -> slug -> cached PDF
    rendered: int = 0

    def site_files(self) -> list[tuple[str, Path]]:
        """(path on the site, cached PDF) for every companion built."""
        return [(COMPANION_PATHS[kind](slug), path) for kind, paths in sorted(self.files.items())
                for slug, path in sorted(paths.items())]


def build_companions(collection: Collection, sheets_cache: Path, site_url: str | None = None,
                     jobs: int | None = None, progress: bool | None = False,
                     only: set[str] | None = None, clear_print: bool = True) -> CompanionBuild:
    """Render the clear-print copies and blank records that are not in the cache (in folders
    below the sheets' cache, so they are kept and restored with the sheets)."""
    check_theme()
    slugs = [s for s in sorted(collection.briefings) if only is None or s in only]
    build = CompanionBuild()
    todo: list[tuple[str, str, Path]] = []
    for kind in kinds(collection, clear_print):
        folder = Path(sheets_cache) / CACHE_DIRS[kind]
        paths = {slug: cache_file(folder, slug, companion_key(collection, slug, kind, site_url), ".pdf")
                 for slug in slugs}
        build.files[kind] = paths
        todo += [(slug, kind, path) for slug, path in paths.items() if not cached_sheet_ok(path)]
    jobs = min(jobs or default_jobs(), max(len(todo), 1))
    report = Progress(len(todo), progress_wanted(progress), "clear-print copies and blank records")
    refused: set = set()  # what the theme asked for and may not have, said once
    if jobs <= 1:
        for slug, kind, path in todo:
            try:
                _render_to(collection, slug, kind, site_url, str(path))
            except RefusedResource as error:
                refused.add(error.diagnostic())
            report.step()
    else:
        with pool(jobs, collection, site_url) as workers:
            futures = [workers.submit(_render_in_worker, slug, kind, str(path)) for slug, kind, path in todo]
            for future in as_completed(futures):
                try:
                    future.result()
                except RefusedResource as error:
                    refused.add(error.diagnostic())
                report.step()
    report.done()
    if refused:
        raise ContentError(refused)
    build.rendered = len(todo)
    for kind, paths in build.files.items():
        for slug, path in paths.items():
            remove_earlier_versions(path.parent, slug, {path.name, path.with_suffix(".json").name})
    return build
