"""What the site's search index holds, read back from Pagefind's files: one entry a page, with its
address, title, text, result fields and filters (each fragment is gzip-compressed JSON after a
12-byte signature)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path


def search_entries(site: Path) -> list[dict]:
    entries = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), f"{fragment} is not a Pagefind fragment"
        entries.append(json.loads(data[12:]))
    return entries
