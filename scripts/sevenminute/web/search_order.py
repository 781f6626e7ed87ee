"""Pagefind's filter index in a fixed order, so the same site gives the same bytes.

Pagefind 1.5 writes each filter's values, and the list of filters in its metadata file, in the
order of a Rust hash map, which changes from run to run (its maintainer: fragments are stable
since 1.3, "other files will still change, such as the filter/metadata indexes", Pagefind issue
638). Every other file it writes is the same each time. This rewrites the filter files with their
values sorted, names each by a hash of its content as Pagefind does, and rewrites the metadata
file and the entry file that name them.

The files are gzip-compressed CBOR after a 12-byte signature; the small CBOR reader and writer
here handle only the items Pagefind writes there (numbers, text, arrays)."""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def put_in_order(bundle: Path) -> None:
    """Rewrite the filter index of the Pagefind bundle folder `bundle` in sorted order."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_file)
        prefix = language["hash"].split("_")[0] + "_"
        filters = []
        for key, name in meta[3]:
            old = bundle / "filter" / f"{name}.pf_filter"
            key_, values = _read(old)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            new_name = _write(bundle / "filter", [key_, values], prefix, 7, ".pf_filter")
            if new_name != name:
                old.unlink()
            filters.append([key, new_name])
        meta[3] = sorted(filters)
        new_meta = _write(bundle, meta, prefix, 10, ".pf_meta", stem="pagefind.")
        if new_meta != language["hash"]:
            meta_file.unlink()
        language["hash"] = new_meta
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind index file")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path} has data after its index")
    return value


def _write(folder: Path, value, prefix: str, digits: int, suffix: str, stem: str = "") -> str:
    data = SIGNATURE + _encode(value)
    name = prefix + hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{stem}{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def _decode(data: bytes, i: int):
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unexpected CBOR item {first:#x} in a Pagefind index file")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(data[i:i + n]), i + n
    if major == 3:
        return data[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    raise ValueError(f"unexpected CBOR item {first:#x} in a Pagefind index file")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("number too large for CBOR")


def _encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("unexpected value in a Pagefind index file")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise ValueError("unexpected value in a Pagefind index file")
