"""Build every briefing's sheet: in parallel worker processes, behind a content-hash cache.

A sheet's cache key is a hash of its HTML (which holds everything the templates made of the
briefing, its partnership and the site), the briefing's content hash, the sheet's stylesheet and
templates, the fonts, the WeasyPrint version and this renderer's code (sheet.renderer_fingerprint).
An unchanged briefing is never rendered again; editing one re-renders only its sheet. Files are
written atomically, so a killed build never leaves a truncated PDF in the cache."""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .collection import Collection
from .diagnostics import ContentError
from .files import write_atomic
from .sheet import Fit, SheetSource, fit, sheet_source, too_long


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


def cache_name(source: SheetSource) -> str:
    return f"{source.slug}-{source.identifier[:20]}.pdf"


def fitted_size(pdf: Path) -> float | None:
    """The type size a cached sheet was fitted at (kept beside it), for the training pack."""
    info = pdf.with_suffix(".json")
    if not info.exists():
        return None
    return float(json.loads(info.read_text())["size"])


def _render_to(source: SheetSource, target: str) -> Rendered:
    """In a worker: render, fit and write one sheet. WeasyPrint is imported here, not in the parent."""
    result = fit(source)
    if result.pdf is None:
        return Rendered(source.slug, result.size, result.renders, result)
    path = Path(target)
    # The size first, then the PDF: a PDF in the cache always has its size beside it.
    write_atomic(path.with_suffix(".json"),
                 json.dumps({"size": result.size, "renders": result.renders}).encode())
    write_atomic(path, result.pdf)
    return Rendered(source.slug, result.size, result.renders, None)


def _warm_up() -> None:
    import weasyprint  # noqa: F401  (pay the import once per worker, before the first sheet)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def build_sheets(
    collection: Collection,
    cache_dir: Path,
    site_url: str | None = None,
    jobs: int | None = None,
    only: set[str] | None = None,
    progress: bool = False,
) -> SheetBuild:
    """Render the sheets that are not in the cache; raise ContentError naming every sheet that
    cannot fit one page (after trying them all)."""
    cache_dir = Path(cache_dir)
    slugs = [s for s in sorted(collection.briefings) if only is None or s in only]
    sources = {slug: sheet_source(collection, slug, site_url) for slug in slugs}
    paths = {slug: cache_dir / cache_name(source) for slug, source in sources.items()}
    todo = [slug for slug in slugs if not paths[slug].exists()]
    jobs = min(jobs or default_jobs(), max(len(todo), 1))

    results: list[Rendered] = []
    if jobs <= 1 or len(todo) <= 1:
        for slug in todo:
            results.append(_render_to(sources[slug], str(paths[slug])))
            _report(progress, len(results), len(todo), slug)
    else:
        context = multiprocessing.get_context("spawn")  # fresh workers that import WeasyPrint
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_warm_up) as pool:
            # Longest first, so one long sheet does not finish alone at the end.
            order = sorted(todo, key=lambda s: -sources[s].words)
            futures = [pool.submit(_render_to, sources[s], str(paths[s])) for s in order]
            for future in as_completed(futures):
                results.append(future.result())
                _report(progress, len(results), len(todo), results[-1].slug)

    failures = [too_long(collection, sources[r.slug], r.fit) for r in results if r.fit is not None]
    if failures:
        raise ContentError(failures)
    _prune(cache_dir, paths)
    return SheetBuild(
        sheets=paths,
        rendered=len(results),
        renders=sum(r.renders for r in results),
    )


def _report(progress: bool, done: int, total: int, slug: str) -> None:
    if progress:
        print(f"sheet {done}/{total}: {slug}", file=sys.stderr, flush=True)


def _prune(cache_dir: Path, current: dict[str, Path]) -> None:
    """Remove earlier versions of the sheets just built, so the cache does not grow with edits."""
    keep = {p.name for p in current.values()} | {p.with_suffix(".json").name for p in current.values()}
    for slug in current:
        for old in cache_dir.glob(f"{slug}-*"):
            stem = old.name[len(slug) + 1:]
            # Only this slug's own files: "<slug>-<20 hex>.pdf|json" (another slug may extend it).
            if old.name not in keep and len(stem.split(".")[0]) == 20 and "-" not in stem:
                old.unlink(missing_ok=True)
