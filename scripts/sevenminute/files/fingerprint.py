"""Fingerprints of the files and packages that decide an output: the code half of a cache key.

A file is read again only when its size or modification time changes, so a build of 1,000
briefings reads each template once, while a long-running `mkdocs serve` still notices an edit."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Iterable

from sevenminute.files.safe import MAX_FILE_BYTES, read_bounded

PACKAGE = Path(__file__).resolve().parents[1]  # the sevenminute package folder


def fingerprint(paths: Iterable[Path], packages: Iterable[str] = ()) -> str:
    stamps = []
    for path in sorted(set(paths)):
        stat = path.stat()
        stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return _digest(tuple(stamps), tuple(packages))


@lru_cache(maxsize=64)
def _digest(stamps: tuple[tuple[str, int, int], ...], packages: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name, _size, _mtime in stamps:
        path = Path(name)
        # The file's name and bytes, not its folder: the same checkout gives the same key anywhere.
        digest.update(path.name.encode() + b"\0" + read_bounded(path, (PACKAGE.parents[1],), MAX_FILE_BYTES))
    digest.update(" ".join(f"{p} {version(p)}" for p in packages).encode())
    return digest.hexdigest()


def package_files(*names: str) -> list[Path]:
    """Modules of this package, by path inside it: a module (web/pages.py) or a whole layer (core),
    every module below it, so a module added or split there is in the fingerprint without a list
    to keep in step."""
    found: list[Path] = []
    for name in names:
        path = PACKAGE / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found
