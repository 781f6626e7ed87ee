"""What the `sevenminute` commands share: finding the briefings folder, loading it, reporting problems."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sevenminute.core.collection import DATA_DIR
from sevenminute.core.diagnostics import format_all, has_errors
from sevenminute.core.loading import LoadResult, load_collection
from sevenminute.files.cache import CacheError, project_cache
from sevenminute.printing import glyphs

DEFAULT_ROOT = Path("briefings")


def find_root(path: Path) -> Path | None:
    """The briefings folder a path belongs to: the nearest one holding data/site.yml."""
    path = path.resolve()
    for candidate in [path, *path.parents]:
        if (candidate / DATA_DIR / "site.yml").is_file():
            return candidate
    return None


def sheet_cache(root: Path) -> Path:
    """The sheet cache `mkdocs build` uses for the briefings in `root` (under the same rules: never
    inside the project); exit 1 with the reason when it may not be used."""
    try:
        return project_cache(Path(root).resolve().parent, None, "sheets")
    except CacheError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)


def cannot_write(error: OSError, folder: Path) -> None:
    """An editor's command could not write into the checkout: say why in a sentence, exit 1."""
    import errno

    where = error.filename or folder
    reasons = {errno.EROFS: "it is on a read-only file system (a read-only checkout?): work in a "
                            "writable copy of the repository",
               errno.EACCES: "you have no permission to write there: check the folder's owner and permissions",
               errno.EPERM: "you have no permission to write there: check the folder's owner and permissions",
               errno.ENOSPC: "the disk is full: free some space and run this again"}
    click.echo(f"error: cannot write {where}: {reasons.get(error.errno, error.strerror or str(error))}", err=True)
    sys.exit(1)


def load(root: Path, only: set[Path] | None = None) -> LoadResult:
    """Load a briefings folder as the site publishes it: with the checks its sheets need."""
    return load_collection(root, only, checks=(glyphs.check,))


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
    return [load(root, only) for root, only in groups.items()]


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
