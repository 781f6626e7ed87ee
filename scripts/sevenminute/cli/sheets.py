"""Commands for printed sheets: `sevenminute sheet` (preview one), `sevenminute sheets` (render
all, or one shard of them, into the cache) and `sevenminute pack`."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import click

from sevenminute.cli.common import DEFAULT_ROOT, find_root, load, report, sheet_cache
from sevenminute.core.diagnostics import ContentError, format_all
from sevenminute.files.cache import CacheError, cache_trouble, checked_cache, remember_output, wrote_before
from sevenminute.files.publish import describe
from sevenminute.files.safe import write_atomic
from sevenminute.rendering.markdown import plain


def _write(out: Path, data: bytes) -> None:
    try:
        write_atomic(out, data)
        remember_output(out, data)
    except OSError as error:
        click.echo(f"error: {describe(error, out.parent)}", err=True)
        sys.exit(1)

from sevenminute.printing.siteaddress import NO_ADDRESS, address_problem, printable_url

def _site_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if address_problem(value):  # said, not left out silently: the build refuses it too
        click.echo(f"error: the site address {value[:80]!r} (--site-url, or SITE_URL) "  # type: ignore[index]
                   f"{address_problem(value)}", err=True)
        ctx.exit(1)
    return printable_url(value)


SITE_URL = click.option("--site-url", default=None, metavar="URL", envvar="SITE_URL",
                        callback=_site_url,
                        help="The site's address (default: $SITE_URL, as the build uses): the footer "
                        "links to the briefing's page and shows a QR code. Without a real one "
                        "(example.org, localhost) both are left out")
CACHE = click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
                     default=None,
                     help="Where fitted sheets are kept between runs, outside the project "
                          "(default: the one `mkdocs build` uses, under $XDG_CACHE_HOME/sevenminute)")
JOBS = click.option("--jobs", type=click.IntRange(min=1), default=None,
                    help="Worker processes (default: one per core)")


def _cache_dir(cache_dir: Path | None, root: Path) -> Path:
    """The sheet cache: the site build's own by default; a folder inside the project is refused
    (a pull request could have committed sheets into it), the default too ($SEVENMINUTE_CACHE
    or $XDG_CACHE_HOME could point inside)."""
    if cache_dir is None:
        return sheet_cache(root)
    try:
        return checked_cache(cache_dir, Path(root).resolve().parent)
    except CacheError as error:
        raise click.BadParameter(str(error), param_hint="--cache") from None


def _output(out: Path) -> Path:
    """Check where a PDF may be written: a .pdf name, in a folder that exists, not replacing
    anything but a PDF this tool wrote (never a briefing, a data file, a link or a device)."""
    if str(out).strip() in ("", "."):
        raise click.BadParameter("give the name of the PDF to write, such as sheet.pdf", param_hint="-o")
    if out.suffix.lower() != ".pdf":
        raise click.BadParameter(f"'{out}' does not end in .pdf: give a PDF file name, such as "
                                 f"{out.stem or 'sheet'}.pdf", param_hint="-o")
    folder = out.parent
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {folder} does not exist: create it first, or write "
                                 "the PDF somewhere else", param_hint="-o")
    try:
        info = os.lstat(out)
    except FileNotFoundError:
        return out
    if stat.S_ISLNK(info.st_mode):
        raise click.BadParameter(f"{out} is a symbolic link: remove it or choose another name", param_hint="-o")
    if not stat.S_ISREG(info.st_mode):
        raise click.BadParameter(f"{out} exists and is not an ordinary file (a folder, device or "
                                 "FIFO): choose another name", param_hint="-o")
    if not wrote_before(out):
        raise click.BadParameter(f"{out} exists and is not a PDF this command wrote: it is never "
                                 "overwritten; choose another name or remove it first", param_hint="-o")
    return out


def _load(root: Path, only: set[Path] | None = None):
    result = load(root, only)
    if not result.ok:
        report([result], "auto")
        sys.exit(1)
    return result.collection


@click.command()
@click.argument("briefing")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write the PDF (default: SLUG.pdf here)")
@SITE_URL
@CACHE
def sheet(briefing: str, out: Path | None, site_url: str | None, cache_dir: Path) -> None:
    """Render one briefing's printable sheet, for a quick preview while editing.

    BRIEFING is a slug (such as child-i) or the path of its YAML file. The sheet is made exactly
    as the site build makes it (the same cache, the same bytes for the same site address)."""
    from sevenminute.printing.sheets import build_sheets, fitted_size

    out = _output(out or Path(f"{Path(briefing).stem or 'sheet'}.pdf"))
    path = Path(briefing)
    if path.suffix in (".yml", ".yaml") or path.is_file():
        if not path.is_file():
            raise click.BadParameter(f"{path} does not exist", param_hint="BRIEFING")
        root = find_root(path)
        if root is None:
            raise click.BadParameter(f"{path} is not inside a briefings folder", param_hint="BRIEFING")
        slug = path.stem
        collection = _load(root, {path.resolve()})
    else:
        slug, root = briefing, DEFAULT_ROOT
        collection = _load(root)
    if slug not in collection.briefings:
        raise click.BadParameter(f"no briefing called '{slug}'", param_hint="BRIEFING")
    if site_url is None:
        click.echo(f"note: {NO_ADDRESS}", err=True)
    try:
        cache = _cache_dir(cache_dir, root)
        built = build_sheets(collection, cache, site_url=site_url, only={slug})
    except ContentError as error:
        click.echo(format_all(error.diagnostics), err=True)
        sys.exit(1)
    except OSError as error:  # a full or read-only cache disk
        click.echo(f"error: {cache_trouble(error, cache)}", err=True)
        sys.exit(1)
    cached = built.sheets[slug]
    _write(out, cached.read_bytes())
    how = "rendered" if built.rendered else "unchanged since the last render, from the cache"
    size = fitted_size(cached)
    click.echo(f"wrote {out}: one A4 page{f' at {size:g} pt' if size is not None else ''} ({how})")


@click.command()
@click.option("--theme", default=None, help="Every briefing with this theme id, newest first")
@click.option("--slugs", default=None, help="Briefings by slug, comma-separated, in this order")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--title", default=None, help="The contents page's heading")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True)
@JOBS
@SITE_URL
@CACHE
def pack(theme: str | None, slugs: str | None, out: Path, title: str | None, root: Path,
         jobs: int | None, site_url: str | None, cache_dir: Path | None) -> None:
    """Make a training pack: a contents page, then each briefing's sheet, in one PDF."""
    from sevenminute.printing.pack import PackError, build_pack, slugs_for_theme

    if (theme is None) == (slugs is None):
        raise click.UsageError("give --theme ID or --slugs a,b,c (one of them)")
    if slugs is not None and not [s for s in slugs.split(",") if s.strip()]:
        raise click.BadParameter("give at least one briefing's slug, such as --slugs child-i,family-t",
                                 param_hint="--slugs")
    out = _output(out)
    cache_dir = _cache_dir(cache_dir, root)
    collection = _load(root)
    description = None
    try:
        if theme is not None:
            chosen = slugs_for_theme(collection, theme)
            title = title or f"Training pack: {collection.themes[theme].name}"
            description = plain(collection.themes[theme].description) or None
        else:
            chosen = [s.strip() for s in slugs.split(",") if s.strip()]  # type: ignore[union-attr]
            title = title or "Training pack: 7-minute briefings"
        data = build_pack(collection, chosen, cache_dir, title, description, site_url, jobs)
    except PackError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    except ContentError as error:
        click.echo(format_all(error.diagnostics), err=True)
        sys.exit(1)
    except OSError as error:  # a full or read-only cache disk
        click.echo(f"error: {cache_trouble(error, cache_dir)}", err=True)
        sys.exit(1)
    _write(out, data)
    click.echo(f"wrote {out}: contents and {len(chosen)} sheet{'s' * (len(chosen) != 1)}")


def _shard(ctx, param, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter(f"'{value}' is not K/N (such as 1/4)") from None
    if not 1 <= k <= n:
        raise click.BadParameter(f"'{value}': K must be from 1 to N (such as 1/4 to 4/4)")
    return k, n


@click.command()
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True)
@click.option("--shard", callback=_shard, default=None, metavar="K/N",
              help="Render only the K-th of N slices (for a CI matrix sharing the cache)")
@JOBS
@click.option("--progress/--no-progress", default=None,
              help="Report sheets rendered and the rate on stderr (default: only on a terminal, "
                   "or with SEVENMINUTE_PROGRESS=1)")
@click.option("--companions/--no-companions", default=True, show_default=True,
              help="Also the clear-print copies and blank action records the site build publishes")
@SITE_URL
@CACHE
def sheets(root: Path, shard: tuple[int, int] | None, jobs: int | None, progress: bool | None,
           companions: bool, site_url: str | None, cache_dir: Path | None) -> None:
    """Render every briefing's sheet into the cache (only those not there already).

    A CI matrix can split a large collection: job K of N runs `sevenminute sheets --shard K/N`
    with the same --cache and --site-url as the site build, the caches are merged, and the
    site build then renders nothing. The cache's file names are content hashes, so caches from
    different runs and runners can be merged by copying."""
    from sevenminute.printing.sheets import build_sheets

    cache_dir = _cache_dir(cache_dir, root)
    collection = _load(root)
    try:
        built = build_sheets(collection, cache_dir, site_url=site_url, jobs=jobs, progress=progress,
                             shard=shard)
    except ContentError as error:
        click.echo(format_all(error.diagnostics), err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"error: {cache_trouble(error, cache_dir)}", err=True)
        sys.exit(1)
    part = f" (shard {shard[0]}/{shard[1]})" if shard else ""
    click.echo(f"{len(built.sheets)} sheets{part}: {built.rendered} rendered, "
               f"{len(built.sheets) - built.rendered} already in {cache_dir}")
    if companions:
        from sevenminute.printing.companions import build_companions

        try:
            extras = build_companions(collection, cache_dir, site_url=site_url, jobs=jobs,
                                      progress=progress, only=set(built.sheets))
        except ContentError as error:
            click.echo(format_all(error.diagnostics), err=True)
            sys.exit(1)
        except OSError as error:
            click.echo(f"error: {cache_trouble(error, cache_dir)}", err=True)
            sys.exit(1)
        total = sum(len(paths) for paths in extras.files.values())
        click.echo(f"{total} clear-print copies and blank records{part}: {extras.rendered} rendered, "
                   f"{total - extras.rendered} already in {cache_dir}")
