"""Editors' commands: `new` starts a briefing, `check` validates and lints, `fields` prints the
field reference."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sevenminute.cli.common import DEFAULT_ROOT, FORMAT, cannot_write, load_paths, sheet_cache
from sevenminute.core.diagnostics import display_path, format_all, has_errors
from sevenminute.core.loading import load_collection
from sevenminute.editors.fieldref import REFERENCE_PAGE, REFERENCE_START, field_reference, with_reference
from sevenminute.files.safe import UnsafeFile, read_bounded, write_atomic


@click.command()
@click.option("--partnership", required=True, help="The partnership's id in data/partnerships.yml")
@click.option("--title", required=True, help='The briefing\'s title, for example "Child J"')
@click.option("--slug", help="The briefing's id and file name (default: made from the title)")
@click.option("--review-type", help="An id from data/review-types.yml (default: a placeholder to "
              "replace, for a format from a review)")
@click.option("--format", "format_id", help="An id from data/formats.yml, such as case-review, topic "
              "or learning-points (default: a placeholder to replace; the points follow the site's "
              "default_format)")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True, help="The briefings folder")
def new(partnership: str, title: str, slug: str | None, review_type: str | None,
        format_id: str | None, root: Path) -> None:
    """Start a new briefing from the template. Never overwrites an existing briefing."""
    from sevenminute.editors.scaffold import ScaffoldError, scaffold

    if not (root / "data" / "site.yml").is_file():
        click.echo(f"error: {root} is not a briefings folder (it has no data/site.yml)\n"
                   "    hint: run this from the repository's top folder, or pass --root", err=True)
        sys.exit(2)
    result = load_collection(root, only=set())  # the data files only: briefings are not needed
    if result.collection is None or has_errors(result.diagnostics):
        click.echo(format_all(result.diagnostics), err=True)
        click.echo("fix the data files first", err=True)
        sys.exit(1)
    try:
        path = scaffold(result.collection, title=title, partnership=partnership, slug=slug,
                        review_type=review_type, format_id=format_id)
    except OSError as error:
        cannot_write(error, root)
    except ScaffoldError as problem:
        click.echo(f"error: {problem.message}" + (f"\n    hint: {problem.hint}" if problem.hint else ""),
                   err=True)
        sys.exit(1)
    shown = display_path(path)
    click.echo(f"created {shown}\n"
               f"next: replace each 'Replace this...' value (each says what to write), then run\n"
               f"      `sevenminute check {shown}` until it reports no errors, and\n"
               "      `mkdocs serve` to preview it (docs/authoring.md, 'Start a briefing')")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@FORMAT
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]),
              help="The date staleness is judged on (default: today, or SOURCE_DATE_EPOCH)")
@click.option("--sheets/--no-sheets", "with_sheets", default=True, show_default=True,
              help="Also make each valid briefing's printed sheet, as the build does, and say "
              "whether it fits one page and at what type size")
def check(paths: tuple[Path, ...], fmt: str, today, with_sheets: bool) -> None:
    """Validate briefings, run the content lints and fit each printed sheet; exit 1 if anything
    is an error. Hand-written pages (docs/*.md, or the ones named) are checked as the build
    checks them before Markdown renders them."""
    from sevenminute.core.epoch import epoch_problem
    from sevenminute.editors.lints import lint_collection
    from sevenminute.web.docs_pages import docs_problems, page_problems

    if today is None and epoch_problem():  # staleness is judged on it
        click.echo(f"error: {epoch_problem()}", err=True)
        sys.exit(1)
    pages = [p for p in paths if p.suffix == ".md" and p.is_file()]
    paths = tuple(p for p in paths if p not in pages)
    results = load_paths(paths) if paths or not pages else []
    diagnostics = [d for r in results for d in r.diagnostics]
    diagnostics += [d for page in pages for d in page_problems(page, display_path(page))]
    if not paths and not pages and Path("docs").is_dir():  # the whole project, as the build sees it
        diagnostics += docs_problems(Path("docs"))
    for result in results:
        if result.collection is not None:
            diagnostics += lint_collection(result.collection, today.date() if today else None)
            if with_sheets and result.collection.briefings:
                diagnostics += _check_sheets(result.collection)
    github = fmt == "github" or (fmt == "auto" and os.environ.get("GITHUB_ACTIONS") == "true")
    click.echo(format_all(diagnostics, github=github))
    if has_errors(diagnostics) or any(r.collection is None for r in results):
        sys.exit(1)


def _check_sheets(collection) -> list:
    """Fit each loaded briefing's sheet exactly as the build does (same cache, same site address
    from SITE_URL), print the size each fits at, and return an error for each that cannot fit."""
    from sevenminute.core.diagnostics import ContentError
    from sevenminute.files.cache import cache_trouble
    from sevenminute.printing.sheets import build_sheets, fitted_size
    from sevenminute.printing.siteaddress import site_url_from_environment

    # The build's own cache, under the build's rules: outside the project (where a pull request
    # could commit a sheet that claims to fit), each entry checked against its recorded digest.
    from sevenminute.printing.siteaddress import address_problem

    if address_problem(os.environ.get("SITE_URL")):  # the build refuses it: so does check
        click.echo(f"error: the site address in SITE_URL {address_problem(os.environ['SITE_URL'])}", err=True)
        sys.exit(1)
    cache = sheet_cache(collection.root)
    try:
        built = build_sheets(collection, cache, site_url=site_url_from_environment())
    except ContentError as error:
        return list(error.diagnostics)
    except OSError as error:
        click.echo(f"error: {cache_trouble(error, cache)}", err=True)
        sys.exit(1)
    for slug in sorted(built.sheets):
        size = fitted_size(built.sheets[slug])
        at = f" at {size:g} pt" if size is not None else ""
        click.echo(f"{display_path(collection.sources[slug])}: the printed sheet fits one A4 page{at}")
    return []


PAGE = Path(REFERENCE_PAGE)


@click.command()
@click.option("--write", "write", is_flag=True,
              help=f"Refresh the reference inside {PAGE} (between its field-reference markers)")
@click.option("--check", "check_", is_flag=True, help=f"Exit 1 if the reference in {PAGE} is out of date")
@click.option("--page", type=click.Path(path_type=Path, dir_okay=False), default=PAGE,
              show_default=True, help="The page that holds the reference")
def fields(write: bool, check_: bool, page: Path) -> None:
    """Print the field reference (Markdown) generated from the model, or refresh it in its page."""
    if not (write or check_):
        click.echo(field_reference(), nl=False)
        return
    try:  # bounded, and only a regular file: a FIFO would hang, /dev/zero fill memory
        text = read_bounded(page, (page.absolute().parent.resolve(),), 5_000_000).decode("utf-8") \
            if os.path.lexists(page) else ""
    except (UnsafeFile, UnicodeDecodeError) as problem:
        reason = problem.message if isinstance(problem, UnsafeFile) else "it is not UTF-8 text"
        click.echo(f"error: {page} cannot be read: {reason}", err=True)
        sys.exit(1)
    if REFERENCE_START not in text:
        click.echo(f"error: {page} has no `{REFERENCE_START}` line to put the reference under", err=True)
        sys.exit(2)
    fresh = with_reference(text)
    if check_:
        if fresh != text:
            click.echo(f"out of date: the field reference in {page}; run `sevenminute fields --write`",
                       err=True)
            sys.exit(1)
        click.echo(f"the field reference in {page} is up to date")
        return
    if fresh != text:
        try:
            write_atomic(page, fresh.encode("utf-8"))
        except OSError as error:
            cannot_write(error, page.parent)
    click.echo(f"wrote the field reference into {page}")


@click.group()
def partnership() -> None:
    """Manage the partnerships in data/partnerships.yml."""


@partnership.command("new")
@click.option("--id", "pid", required=True, help="The id briefings will use in `partnership:`, "
              "for example west-sussex")
@click.option("--name", required=True, help='The full name, for example "West Sussex Safeguarding '
              'Children Partnership"')
@click.option("--short-name", default=None, help="A short name, if the partnership uses one (optional)")
@click.option("--website", default=None, help="Its website, https://... (optional)")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True, help="The briefings folder")
def partnership_new(pid: str, name: str, short_name: str | None, website: str | None, root: Path) -> None:
    """Add a partnership to data/partnerships.yml, keeping the file's comments.

    Contact details are left for you to add from the partnership's own sources: the block
    written shows where and how."""
    from sevenminute.editors.partnership import PartnershipError, add_partnership

    if not (root / "data" / "site.yml").is_file():
        click.echo(f"error: {root} is not a briefings folder (it has no data/site.yml)\n"
                   "    hint: run this from the repository's top folder, or pass --root", err=True)
        sys.exit(2)
    try:
        path = add_partnership(root, pid, name, short_name, website)
    except OSError as error:
        cannot_write(error, root / "data")
    except PartnershipError as problem:
        click.echo(f"error: {problem.message}" + (f"\n    hint: {problem.hint}" if problem.hint else ""),
                   err=True)
        sys.exit(1)
    click.echo(f"added '{pid}' to {display_path(path)}\n"
               f"next: add its contact details there if its sources give any (see the comments), then\n"
               f"      start a briefing: sevenminute new --partnership {pid} --title \"...\"")
