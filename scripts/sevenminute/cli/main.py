"""The `sevenminute` command. Exit codes: 0 valid, 1 invalid content, 2 wrong usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sevenminute.cli.cms import cms
from sevenminute.cli.common import DEFAULT_ROOT, FORMAT, cannot_write, load_paths, report
from sevenminute.cli.editor import check, fields, new, partnership
from sevenminute.cli.sheets import pack, sheet, sheets
from sevenminute.core.diagnostics import display_path
from sevenminute.core.loading import load_collection
from sevenminute.files.safe import UnsafeFile


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Publish 7-minute briefings from YAML: validate, preview and build."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@FORMAT
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check briefings (default: the briefings/ folder) and report every problem."""
    results = load_paths(paths)
    if not report(results, fmt):
        sys.exit(1)
    count = sum(len(r.collection.briefings) for r in results if r.collection)
    click.echo(f"{count} briefing{'s' * (count != 1)} valid")


@main.command()
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("schema"),
              show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema files are out of date")
def schema(root: Path, out: Path, check: bool) -> None:
    """Write the JSON Schemas that editors use for completion and inline errors."""
    from sevenminute.editors.schema import stale_schemas, write_schemas

    result = load_collection(root)
    site = result.collection.site if result.collection else None
    if site is None:
        report([result], "auto")
        sys.exit(1)
    if check:
        try:
            stale = stale_schemas(out, site, result.collection.formats)
        except UnsafeFile as problem:
            click.echo(f"{display_path(problem.path)}:1:1: error: {problem.message}\n    hint: {problem.hint}", err=True)
            sys.exit(1)
        if stale:
            click.echo(f"out of date: {', '.join(stale)}; run `sevenminute schema`", err=True)
            sys.exit(1)
        click.echo("schemas up to date")
        return
    try:
        written = write_schemas(out, site, result.collection.formats)
    except OSError as error:
        cannot_write(error, out)
    for path in written:
        click.echo(f"wrote {path}")



for command in (new, check, fields, partnership, sheet, sheets, pack, cms):
    main.add_command(command)

# A partnership's own site: make it, check it, bring its data up to date (cli/init.py, gates.py).
from sevenminute.cli.gates import gates  # noqa: E402
from sevenminute.cli.init import init  # noqa: E402

main.add_command(init)
main.add_command(gates)

if __name__ == "__main__":  # pragma: no cover
    main()
