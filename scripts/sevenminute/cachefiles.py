"""File names in the content-addressed caches (sheets and page bodies): `<slug>-<20 hex>.<ext>`,
and removing a slug's earlier versions once a new one is written, so a cache does not grow with
edits."""

from __future__ import annotations

from pathlib import Path

KEY_LENGTH = 20


def cache_file(cache_dir: Path, slug: str, key: str, suffix: str) -> Path:
    return Path(cache_dir) / f"{slug}-{key[:KEY_LENGTH]}{suffix}"


def remove_earlier_versions(cache_dir: Path, slug: str, keep: set[str]) -> None:
    """Delete this slug's cache files whose names are not in `keep`. Only this slug's own files:
    another slug may extend it ("child-i" and "child-i-2"), so the rest of the name must be a key."""
    for old in Path(cache_dir).glob(f"{slug}-*"):
        stem = old.name[len(slug) + 1:].split(".")[0]
        if old.name not in keep and len(stem) == KEY_LENGTH and "-" not in stem:
            old.unlink(missing_ok=True)
