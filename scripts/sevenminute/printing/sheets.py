"""Build every briefing's sheet: in parallel worker processes, behind a content-hash cache.

A sheet's cache key is a hash of everything that decides it, computed without rendering: the
briefing's content digest (the briefing, its partnership, review type, themes, resources, the site
and the glossary), the site URL, the sheet's stylesheet and templates, the fonts, the WeasyPrint
version and the code that makes the HTML (code_fingerprint).
An unchanged briefing is never rendered again; editing one re-renders only its sheet. Files are
written atomically, so a killed build never leaves a truncated PDF in the cache."""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from sevenminute.core.collection import Collection
from sevenminute.core.diagnostics import ContentError
from sevenminute.files.cache import DIGEST, cache_file, digest, remove_earlier_versions
from sevenminute.files.fingerprint import fingerprint, package_files
from sevenminute.files.safe import write_atomic
from sevenminute.files.safe import read_scope, tree_problems
from sevenminute.printing.continued import Break
from sevenminute.printing.fetcher import RefusedResource
from sevenminute.printing.fit import Fit, fit
from sevenminute.printing.overflow import too_long
from sevenminute.printing.sheet_html import SheetSource, sheet_source
from sevenminute.printing.workers import WORKER, Progress, default_jobs, pool, progress_wanted
from sevenminute.rendering.environment import THEME_DIR
from sevenminute.rendering.template_data import content_digest


@dataclass
class SheetBuild:
    sheets: dict[str, Path]  # slug -> finished PDF (in the cache dir; content-addressed file name)
    rendered: int  # how many sheets were actually rendered this run (0 when all cached)
    renders: int  # total WeasyPrint render passes (fitting may need >1 per sheet)


@dataclass(frozen=True)
class Rendered:
    slug: str
    size: float
    renders: int
    fit: Fit | None  # only when it failed to fit (carries the overflow)
    source: SheetSource | None = None  # only when it failed: what the error message needs
    refused: RefusedResource | None = None  # the theme asked for a file it may not use


# The layers a sheet is made from (its HTML, its layout and fitting): a change anywhere in them
# may change it. Whole folders, so a module added or split there cannot be left out.
CODE = ("core", "rendering", "printing")


def code_fingerprint(theme_dir: Path = THEME_DIR) -> str:
    """What, besides a briefing's content and the site address, decides its PDF: the templates,
    stylesheet and fonts, the code, and the versions of the libraries that render it."""
    files = [*(theme_dir / "sheet").glob("*"), theme_dir / "assets" / "stylesheets" / "fonts.css",
             *(theme_dir / "assets" / "fonts").glob("*.woff2"),
             *(theme_dir / "briefing").glob("*.html"), *package_files(*CODE)]
    return fingerprint(files, ("weasyprint", "segno", "markdown-it-py", "nh3", "jinja2", "pydantic"))


def sheet_key(collection: Collection, slug: str, site_url: str | None = None) -> str:
    """The cache key of a sheet, from what decides it (content, site URL, templates, fonts, code)
    without rendering anything: checking 1,000 cached sheets takes a fraction of a second."""
    parts = [content_digest(collection, slug), code_fingerprint(), site_url or "",
             collection.sources[slug].name]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def check_theme(theme_dir: Path = THEME_DIR) -> None:
    """Raise ContentError if the sheet's templates, stylesheet or fonts include a link leading out
    of the repository (or to a file that is not the repository's, such as .git/config), a link
    loop, a device or a FIFO: WeasyPrint would read (and embed) it."""
    from sevenminute.core.loading import unsafe_diagnostic

    theme = Path(theme_dir).resolve()
    problems = tree_problems(theme_dir, read_scope(theme.parent, [theme]))
    if problems:
        raise ContentError(unsafe_diagnostic(p) for p in problems)


def cached_sheet_ok(pdf: Path) -> bool:
    """Whether a cached sheet can be published: its record exists and the PDF's bytes match the
    digest recorded when it was written (a truncated, edited or planted PDF does not)."""
    try:
        record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
        return isinstance(record, dict) and record.get(DIGEST) == digest(pdf.read_bytes())
    except (OSError, ValueError):
        return False


def _record(pdf: Path) -> dict:
    """A cached sheet's record (its size, continuation and digest), {} if missing or damaged."""
    try:
        record = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def fitted_size(pdf: Path) -> float | None:
    """The type size a cached sheet was fitted at (kept beside it), for the training pack."""
    try:
        return float(_record(pdf)["size"])
    except (KeyError, TypeError, ValueError):
        return None


def fitted_continuation(pdf: Path) -> Break | None:
    """Where a cached sheet repeats a point's heading in the next column, for the training pack."""
    at = _record(pdf).get("continued")
    try:
        return Break(*at) if at else None
    except TypeError:
        return None


def shard_of(slugs: list[str], shard: tuple[int, int] | None) -> list[str]:
    """The K-th of N deterministic slices (K from 1): every N-th slug of the sorted list, so the
    slices are the same size give or take one and together hold every slug exactly once."""
    if shard is None:
        return slugs
    k, n = shard
    if not 1 <= k <= n:
        raise ValueError(f"shard {k}/{n}: K must be from 1 to N")
    return [slug for i, slug in enumerate(sorted(slugs)) if i % n == k - 1]


def _render_to(source: SheetSource, target: str) -> Rendered:
    """Render, fit and write one sheet. WeasyPrint is imported here, not in the parent."""
    try:
        result = fit(source)
    except RefusedResource as refused:
        return Rendered(source.slug, 0.0, 0, None, refused=refused)
    if result.pdf is None:
        return Rendered(source.slug, result.size, result.renders, result, source)
    path = Path(target)
    # The record first, then the PDF: a PDF in the cache always has its record beside it, and
    # the record's digest says whether the PDF is still the one written (see cached_sheet_ok).
    continued = [result.continued.point, result.continued.item] if result.continued else None
    write_atomic(path.with_suffix(".json"),
                 json.dumps({"size": result.size, "renders": result.renders,
                             "continued": continued, DIGEST: digest(result.pdf)}).encode())
    write_atomic(path, result.pdf)
    return Rendered(source.slug, result.size, result.renders, None)


def _render_in_worker(slug: str, target: str) -> Rendered:
    # The sheet's HTML (and its QR code) is made in the worker too, so that the parent only
    # hands out slugs: on a cold build of 1,000 sheets that work is shared across the cores.
    collection = WORKER["collection"]
    source = sheet_source(collection, slug, WORKER["site_url"])  # type: ignore[arg-type]
    return _render_to(source, target)


def build_sheets(
    collection: Collection,
    cache_dir: Path,
    site_url: str | None = None,
    jobs: int | None = None,
    only: set[str] | None = None,
    progress: bool | None = False,
    *,
    shard: tuple[int, int] | None = None,
) -> SheetBuild:
    """Render the sheets that are not in the cache; raise ContentError naming every sheet that
    cannot fit one page (after trying them all).

    `shard=(K, N)` builds only the K-th of N slices (see shard_of), for splitting a large
    collection across CI runners that share the cache. `progress`: True to report, False to stay
    quiet, None to report only when asked (see progress_wanted)."""
    cache_dir = Path(cache_dir)
    check_theme()
    slugs = shard_of([s for s in sorted(collection.briefings) if only is None or s in only], shard)
    paths = {slug: cache_file(cache_dir, slug, sheet_key(collection, slug, site_url), ".pdf") for slug in slugs}
    todo = [slug for slug in slugs if not cached_sheet_ok(paths[slug])]
    jobs = min(jobs or default_jobs(), max(len(todo), 1))
    report = Progress(len(todo), progress_wanted(progress))

    results: list[Rendered] = []
    if jobs <= 1 or len(todo) <= 1:
        for slug in todo:
            results.append(_render_to(sheet_source(collection, slug, site_url), str(paths[slug])))
            report.step()
    else:
        with pool(jobs, collection, site_url) as workers:
            # Longest first, so one long sheet does not finish alone at the end.
            order = sorted(todo, key=lambda s: -len(collection.briefings[s].model_dump_json()))
            futures = [workers.submit(_render_in_worker, s, str(paths[s])) for s in order]
            for future in as_completed(futures):
                results.append(future.result())
                report.step()
    report.done()

    failures = [too_long(collection, r.source, r.fit) for r in results if r.fit is not None and r.source]
    failures += {r.refused.diagnostic() for r in results if r.refused is not None}  # once, not per sheet
    if failures:
        raise ContentError(failures)
    _prune(cache_dir, paths)
    return SheetBuild(
        sheets=paths,
        rendered=len(results),
        renders=sum(r.renders for r in results),
    )


STALE_TEMP_SECONDS = 3600


def _prune(cache_dir: Path, current: dict[str, Path]) -> None:
    """Remove earlier versions of the sheets just built, so the cache does not grow with edits."""
    for slug, pdf in current.items():
        remove_earlier_versions(cache_dir, slug, {pdf.name, pdf.with_suffix(".json").name})
    # A build killed mid-write leaves its hidden temporary file behind (never read as a sheet).
    # Remove those old enough that no build running now can still be writing them.
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in cache_dir.glob(".*.tmp"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink(missing_ok=True)
        except FileNotFoundError:
            pass
