"""`sevenminute cms`: the web editor's configuration, generated from the model and the shared data."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sevenminute.cli.common import DEFAULT_ROOT, report
from sevenminute.core.loading import load_collection


@click.command()
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_ROOT,
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write it (default: overrides/admin/config.yml beside the briefings folder)")
@click.option("--check", is_flag=True, help="Exit 1 if the committed configuration is out of date")
def cms(root: Path, out: Path | None, check: bool) -> None:
    """Write the web editor's configuration (/admin/ of the site) from the model and briefings/data/."""
    from sevenminute.editors.cms import CONFIG_PATH, is_stale, write_config

    result = load_collection(root)
    if result.collection is None:
        report([result], "auto")
        sys.exit(1)
    path = out or root.resolve().parent / CONFIG_PATH
    if check:
        if is_stale(result.collection, path):
            click.echo(f"out of date: {path}; run `sevenminute cms`", err=True)
            sys.exit(1)
        click.echo("web editor configuration up to date")
        return
    click.echo(f"wrote {write_config(result.collection, path)}")
