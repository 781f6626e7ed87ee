"""The content-addressed caches (sheets and page bodies): where they live, their file names
(`<slug>-<20 hex>.<ext>`), checking an entry before it is used, and removing a slug's earlier
versions once a new one is written, so a cache does not grow with edits.

Nothing in a cache is trusted because of its name. A pull request can commit any file into the
checkout, so the caches live outside it (under $XDG_CACHE_HOME/sevenminute, one folder per
project, or $SEVENMINUTE_CACHE), and a folder inside the project is refused. And an entry is used
only when its bytes match the SHA-256 recorded when it was written, so a truncated or edited entry
is rendered again instead of published."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

KEY_LENGTH = 20
DIGEST = "sha256"  # the key, in a sheet's .json record, of the digest of its PDF


class CacheError(Exception):
    """A cache folder that must not be used; the message says why and what to do."""


def cache_root() -> Path:
    """This user's cache folder for sevenminute (never inside a checkout unless set so)."""
    chosen = os.environ.get("SEVENMINUTE_CACHE")
    if chosen:
        return Path(chosen).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser().resolve() / "sevenminute"


def default_cache(project: Path, kind: str) -> Path:
    """The `kind` cache ("sheets" or "pages") of the project in `project`: one folder per
    checkout (named after its real path), so two checkouts never share entries by accident."""
    real = Path(project).resolve()
    tag = hashlib.sha256(str(real).encode()).hexdigest()[:16]
    return cache_root() / "projects" / f"{real.name or 'root'}-{tag}" / kind


def checked_cache(folder: Path, project: Path) -> Path:
    """`folder` as a cache of the project in `project`, refused when it lies inside the project
    (where a pull request could have committed its entries)."""
    real, inside = Path(folder).resolve(), Path(project).resolve()
    if real == inside or inside in real.parents:
        raise CacheError(
            f"the cache folder {folder} is inside the project, where a pull request could commit "
            f"files into it; leave the cache option unset (the cache then lives in {cache_root()}) "
            "or choose a folder outside the project")
    return real


def project_cache(project: Path, configured: str | None, kind: str) -> Path:
    """The `kind` cache of the project in `project`: the folder its configuration names (relative
    to the project), else the default; refused inside the project (raises CacheError). Even the
    default is checked: $SEVENMINUTE_CACHE or $XDG_CACHE_HOME could point inside."""
    return checked_cache(default_cache(project, kind) if configured is None else project / configured, project)


def cache_trouble(error: OSError, folder: Path) -> str:
    """A cache that cannot be written, as a sentence naming it and what to do."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk holding {folder} is full: free some space, or set SEVENMINUTE_CACHE to a "
                "folder on another disk")
    if error.errno == errno.EROFS:
        reason = "is on a read-only file system"
    elif error.errno in (errno.EACCES, errno.EPERM):
        reason = "cannot be written (no permission)"
    else:
        reason = f"cannot be written ({error.strerror or error})"
    return f"the cache folder {folder} {reason}: set SEVENMINUTE_CACHE to a writable folder outside the project"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_file(cache_dir: Path, slug: str, key: str, suffix: str) -> Path:
    return Path(cache_dir) / f"{slug}-{key[:KEY_LENGTH]}{suffix}"


def seal(content: bytes) -> bytes:
    """A cache entry that carries the digest of its content on its first line."""
    return digest(content).encode() + b"\n" + content


def unseal(entry: bytes) -> bytes | None:
    """The content of a sealed entry, or None if it is damaged (or was never sealed)."""
    head, _, content = entry.partition(b"\n")
    return content if head == digest(content).encode() else None


def _output_record(path: Path) -> Path:
    key = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()
    return cache_root() / "outputs" / key


def remember_output(path: Path, content: bytes) -> None:
    """Note that this tool wrote `content` to `path` (kept outside the project), so that a later
    run may replace it, and only it (see wrote_before)."""
    record = _output_record(path)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(digest(content), encoding="ascii")


def wrote_before(path: Path) -> bool:
    """Whether `path` still holds exactly what this tool last wrote there."""
    try:
        return _output_record(path).read_text(encoding="ascii") == digest(Path(path).read_bytes())
    except (OSError, UnicodeDecodeError):
        return False


def remove_earlier_versions(cache_dir: Path, slug: str, keep: set[str]) -> None:
    """Delete this slug's cache files whose names are not in `keep`. Only this slug's own files:
    another slug may extend it ("child-i" and "child-i-2"), so the rest of the name must be a key."""
    for old in Path(cache_dir).glob(f"{slug}-*"):
        stem = old.name[len(slug) + 1:].split(".")[0]
        if old.name not in keep and len(stem) == KEY_LENGTH and "-" not in stem:
            old.unlink(missing_ok=True)
