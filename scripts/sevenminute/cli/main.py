"""The `sevenminute` command. Exit codes: 0 valid, 1 invalid content, 2 wrong usage."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sevenminute.core.collection import DATA_DIR, LoadResult, load_collection
from sevenminute.core.diagnostics import format_all, has_errors

DEFAULT_ROOT = Path("briefings")


def find_root(path: Path) -> Path | None:
    """The briefings folder a path belongs to: the nearest one holding data/site.yml."""
    path = path.resolve()
    for candidate in [path, *path.parents]:
        if (candidate / DATA_DIR / "site.yml").is_file():
            return candidate
    return None


def load_paths(paths: tuple[Path, ...]) -> list[LoadResult]:
    """Load each collection the paths belong to, reading only the briefings named."""
    groups: dict[Path, set[Path] | None] = {}
    for path in paths or (DEFAULT_ROOT,):
        if not path.exists():
            raise click.BadParameter(f"{path} does not exist", param_hint="PATHS")
        root = find_root(path)
        if root is None:
            raise click.BadParameter(
                f"{path} is not inside a briefings folder (one with {DATA_DIR}/site.yml)",
                param_hint="PATHS",
            )
        if path.is_dir() or path.resolve().parent == root / DATA_DIR:
            groups[root] = None  # the whole folder
        elif groups.get(root, set()) is not None:
            groups.setdefault(root, set()).add(path.resolve())  # type: ignore[union-attr]
    return [load_collection(root, only) for root, only in groups.items()]


def report(results: list[LoadResult], fmt: str) -> bool:
    diagnostics = [d for r in results for d in r.diagnostics]
    github = fmt == "github" or (fmt == "auto" and os.environ.get("GITHUB_ACTIONS") == "true")
    click.echo(format_all(diagnostics, github=github), err=bool(diagnostics))
    return not has_errors(diagnostics) and all(r.collection is not None for r in results)


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "plain", "github"]),
    default="auto",
    show_default=True,
    help="github prints annotations for pull requests; auto picks it inside GitHub Actions",
)


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
        stale = stale_schemas(out, site, result.collection.formats)
        if stale:
            click.echo(f"out of date: {', '.join(stale)}; run `sevenminute schema`", err=True)
            sys.exit(1)
        click.echo("schemas up to date")
        return
    for path in write_schemas(out, site, result.collection.formats):
        click.echo(f"wrote {path}")


from sevenminute.cli.editor import check, fields, new, partnership; main.add_command(new); main.add_command(check); main.add_command(fields); main.add_command(partnership)  # noqa: E402,E702

from sevenminute.cli.sheets import pack, sheet, sheets; main.add_command(sheet); main.add_command(sheets); main.add_command(pack)  # noqa: E402,E702

if __name__ == "__main__":  # pragma: no cover
    main()
