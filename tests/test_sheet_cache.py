"""The sheet cache: an unchanged briefing is never rendered again; editing one re-renders only
its sheet; the cache never holds a half-written PDF."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import yaml

from sevenminute.core.loading import load_collection
from sevenminute.printing.sheets import build_sheets


def load(root: Path):
    result = load_collection(root)
    assert result.ok, [d.plain() for d in result.diagnostics]
    return result.collection


def test_second_build_renders_nothing_and_one_edit_renders_one(briefings_copy, tmp_path):
    cache = tmp_path / "cache"
    first = build_sheets(load(briefings_copy), cache, jobs=2)
    count = len(first.sheets)
    assert first.rendered == count and first.renders >= count

    second = build_sheets(load(briefings_copy), cache, jobs=2)
    assert (second.rendered, second.renders) == (0, 0)
    assert second.sheets == first.sheets

    slug = sorted(first.sheets)[0]
    path = briefings_copy / f"{slug}.yml"
    data = yaml.safe_load(path.read_text())
    data["points"]["matters"]["text"] = "Changed: " + (data["points"]["matters"].get("text") or "why it matters.")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    third = build_sheets(load(briefings_copy), cache, jobs=2)
    assert third.rendered == 1
    assert third.sheets[slug] != first.sheets[slug]
    assert {s: p for s, p in third.sheets.items() if s != slug} == \
        {s: p for s, p in first.sheets.items() if s != slug}
    # The edited text is in the new sheet, and the old version has left the cache.
    with pikepdf.open(third.sheets[slug]) as pdf:
        assert len(pdf.pages) == 1
    assert not first.sheets[slug].exists()
    assert not list(cache.glob("*.tmp")) and not list(cache.glob(".*"))


def test_site_address_is_part_of_the_key(briefings_copy, tmp_path):
    collection = load(briefings_copy)
    plain = build_sheets(collection, tmp_path, jobs=1, only={"child-i"})
    online = build_sheets(collection, tmp_path, site_url="https://a.example.org/", jobs=1, only={"child-i"})
    assert online.rendered == 1 and online.sheets["child-i"] != plain.sheets["child-i"]


def test_stale_temporary_files_from_a_killed_build_are_removed(tmp_path):
    import os
    import time

    from sevenminute.printing.sheets import STALE_TEMP_SECONDS, _prune

    stale = tmp_path / ".child-i-0123456789abcdef0123.pdf.x1.tmp"
    fresh = tmp_path / ".family-t-0123456789abcdef0123.pdf.x2.tmp"
    for temp in (stale, fresh):
        temp.write_bytes(b"%PDF-1.7 half a file")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    _prune(tmp_path, {})
    assert not stale.exists()
    assert fresh.exists()  # a build running now may still be writing it


def test_a_code_change_that_prints_the_same_gives_the_same_bytes(briefings_copy, tmp_path, monkeypatch):
    # Moving or renaming a module changes the code's fingerprint (so the cache renders again) but
    # not what is printed: the PDFs, /ID included, must come out byte-for-byte the same.
    from sevenminute.printing import companions, sheets

    collection = load(briefings_copy)
    before = build_sheets(collection, tmp_path / "a", jobs=1, only={"child-i"})
    companions.build_companions(collection, tmp_path / "a", jobs=1, only={"child-i"})
    monkeypatch.setattr(sheets, "code_fingerprint", lambda: "code moved")
    monkeypatch.setattr(companions, "companion_fingerprint", lambda: "code moved")
    after = build_sheets(collection, tmp_path / "b", jobs=1, only={"child-i"})
    companions.build_companions(collection, tmp_path / "b", jobs=1, only={"child-i"})
    assert after.rendered == 1 and after.sheets["child-i"].name != before.sheets["child-i"].name
    assert after.sheets["child-i"].read_bytes() == before.sheets["child-i"].read_bytes()
    # The sheet, its clear-print copy and its blank record.
    pdfs = lambda folder: sorted(p.read_bytes() for p in folder.rglob("*.pdf"))  # noqa: E731
    assert len(pdfs(tmp_path / "a")) == 3 and pdfs(tmp_path / "a") == pdfs(tmp_path / "b")


def test_every_module_that_makes_a_page_or_sheet_is_in_its_cache_key(briefings_copy):
    # A module the output runs but the cache key leaves out would serve stale sheets and pages
    # after an upgrade changed it. Render a page and a sheet in a fresh interpreter and list our
    # modules that ran, against the files each fingerprint covers.
    import subprocess
    import sys

    import sevenminute.theme
    from sevenminute.files.fingerprint import PACKAGE, package_files
    from sevenminute.printing import companions, sheets
    from sevenminute.web import pagecache

    code = f"""
import sys
from pathlib import Path
from sevenminute.core.loading import load_collection
collection = load_collection(Path({str(briefings_copy)!r})).collection
kind = sys.argv[1]
if kind == "page":
    from sevenminute.web.pagecache import cached_briefing_page
    cached_briefing_page(collection, "child-i", Path({str(briefings_copy)!r}) / ".pages")
elif kind == "sheet":
    from sevenminute.printing.fit import render_sheet
    render_sheet(collection, "child-i")
else:
    from sevenminute.printing.companions import companion_html
    companion_html(collection, "child-i", "clear-print")
print(" ".join(m.__file__ for n, m in sys.modules.items() if n.startswith("sevenminute.") and getattr(m, "__file__", None)))
"""
    THEME_MARKER = Path(sevenminute.theme.__file__).resolve()
    assert all(line.startswith("#") for line in THEME_MARKER.read_text().split("\n") if line.strip()), \
        "the theme's package marker holds code: key it"
    for kind, covered in (("page", pagecache.CODE), ("sheet", sheets.CODE), ("companion", companions.CODE)):
        ran = subprocess.run([sys.executable, "-c", code, kind], capture_output=True, text=True, check=True).stdout.split()
        # The package's face and the theme's empty package marker (its templates are keyed as files).
        ran = {Path(f).resolve() for f in ran} - {(PACKAGE / "__init__.py").resolve(), THEME_MARKER}
        # Front ends only call; files/ reads and writes bytes without shaping them.
        missing = sorted(str(p.relative_to(PACKAGE)) for p in ran - {p.resolve() for p in package_files(*covered)}
                         if p.relative_to(PACKAGE).parts[0] not in ("cli", "mkdocs", "files"))
        assert len(ran) > 5 and missing == [], f"{kind}: modules outside its cache key: {missing}"
