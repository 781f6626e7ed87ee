"""Editors' commands: `new` starts a briefing, `check` validates and lints, `fields` prints the
field reference."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli import DEFAULT_ROOT, FORMAT, load_paths
from .collection import load_collection
from .diagnostics import display_path, format_all, has_errors


@click.command()
@click.option("--partnership", required=True, help="The partnership's id in data/partnerships.yml")
@click.option("--title", required=True, help='The briefing\'s title, for example "Child J"')
@click.option("--slug", help="The briefing's id and file name (default: made from the title)")
@click.option("--review-type", help="An id from data/review-types.yml (default: the first, for a "
              "format from a review; none for a topic)")
@click.option("--format", "format_id", help="An id from data/formats.yml, such as case-review, topic "
              "or learning-points (default: the site's default_format)")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True, help="The briefings folder")
def new(partnership: str, title: str, slug: str | None, review_type: str | None,
        format_id: str | None, root: Path) -> None:
    """Start a new briefing from the template. Never overwrites an existing briefing."""
    from .scaffold import ScaffoldError, scaffold

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
    except ScaffoldError as problem:
        click.echo(f"error: {problem.message}" + (f"\n    hint: {problem.hint}" if problem.hint else ""),
                   err=True)
        sys.exit(1)
    shown = display_path(path)
    click.echo(f"created {shown}\n"
               f"next: replace each 'Replace this...' text, then run `sevenminute check {shown}`\n"
               "      and `mkdocs serve` to preview it")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@FORMAT
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]),
              help="The date staleness is judged on (default: today, or SOURCE_DATE_EPOCH)")
def check(paths: tuple[Path, ...], fmt: str, today) -> None:
    """Validate briefings and run the content lints; exit 1 if anything is an error."""
    from .lints import lint_collection

    results = load_paths(paths)
    diagnostics = [d for r in results for d in r.diagnostics]
    for result in results:
        if result.collection is not None:
            diagnostics += lint_collection(result.collection, today.date() if today else None)
    github = fmt == "github" or (fmt == "auto" and os.environ.get("GITHUB_ACTIONS") == "true")
    click.echo(format_all(diagnostics, github=github))
    if has_errors(diagnostics) or any(r.collection is None for r in results):
        sys.exit(1)


@click.command()
def fields() -> None:
    """Print the field reference (Markdown) generated from the model."""
    from .fieldref import field_reference

    click.echo(field_reference(), nl=False)
