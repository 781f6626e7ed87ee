"""The search index (web/search_index.py), read back from Pagefind's own files: which pages it
lists, what each entry holds (filters and result fields from the page templates, the sheet's own
lines, not the repeated contact block), the same bytes from the same site, and a plain sentence
when Pagefind's program is missing. The browser side is tests/browser/test_search.py."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from search_entries import search_entries
from sevenminute.web import search_index
from sevenminute.web.search_index import SHEET_LABEL, SearchIndexError, build_search_index

REPO = Path(__file__).resolve().parents[1]

PAGE = """<!doctype html><html lang="en-GB"><head><title>{title}</title></head><body>
<nav>Menu words everywhere</nav>
<article class="md-content__inner"{body}><h1>{title}</h1><p>{text}</p>
<div class="contact"><p>Call the front door on 0300 000 0000</p></div>
<div class="search-facets" hidden><span data-pagefind-filter="theme[data-value]" data-value="Race, culture and identity"></span>
<span data-pagefind-meta="partnership[data-value]" data-value="Somewhere Partnership"></span></div>
</article></body></html>"""


def write_page(site: Path, folder: str, title: str, text: str, listed: bool = True) -> None:
    target = site / folder / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=title, text=text, body=" data-pagefind-body" if listed else ""),
                      encoding="utf-8")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_page(site, "briefings/child-a", "Child A", "Neglect was not seen early enough.")
    write_page(site, "briefings/child-a/present", "Present: Child A", "Neglect was not seen early enough.",
               listed=False)
    write_page(site, "", "Home", "Short briefings for teams.")
    return site


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_only_listed_pages_are_indexed_with_their_filters_and_fields(small_site):
    sheet = "Child A\nNeglect was not seen early enough.\nPrint this for the team huddle today."
    assert build_search_index(small_site, {"briefings/child-a/": sheet}) == 2
    entries = {e["url"]: e for e in search_entries(small_site)}
    assert set(entries) == {"/", "/briefings/child-a/"}, "the present view is not listed"
    child = entries["/briefings/child-a/"]
    assert child["meta"]["title"] == "Child A"
    assert child["meta"]["partnership"] == "Somewhere Partnership"
    assert child["filters"]["theme"] == ["Race, culture and identity"], "a value with a comma stays whole"
    # The sheet's own line is added, once, after a label; the lines the page shows are not repeated.
    assert f"{SHEET_LABEL} Print this for the team huddle today." in child["content"]
    assert child["content"].count("Neglect was not seen early enough") == 1
    # The contact block every page repeats, and the frame, are not indexed.
    assert "front door" not in child["content"] and "Menu words" not in child["content"]
    # The published page is as it was: the sheet's lines went only into the index.
    assert "huddle" not in (small_site / "briefings/child-a/index.html").read_text(encoding="utf-8")
    assert not list(small_site.glob(".search-source-*")), "the folder Pagefind read is left behind"
    assert not (small_site / "pagefind" / "pagefind-ui.js").exists(), "Pagefind's unused interface is published"


def test_the_same_site_gives_the_same_index(small_site, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(small_site, copy)
    for site in (small_site, copy):
        build_search_index(site, {"briefings/child-a/": "A sheet line nobody else prints."})
    assert digests(small_site / "pagefind") == digests(copy / "pagefind")


def test_a_missing_pagefind_is_a_sentence_not_a_traceback(small_site, monkeypatch):
    import pagefind_bin

    def missing():
        raise FileNotFoundError("pagefind")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    with pytest.raises(SearchIndexError, match="pagefind-bin"):
        build_search_index(small_site)


def test_every_briefing_of_the_built_site_is_indexed_with_its_facets(built_site):
    from sevenminute.core.loading import load_collection
    from sevenminute.web.search_facets import briefing_facets

    collection = load_collection(REPO / "briefings").collection
    entries = {e["url"]: e for e in search_entries(built_site)}
    for slug, briefing in collection.briefings.items():
        entry = entries.get(f"/briefings/{slug}/")
        assert entry, f"{slug} is not in the search index"
        facets = briefing_facets(collection, slug)
        assert entry["meta"]["title"] == briefing.title
        assert {k: sorted(v) for k, v in entry["filters"].items()} == {k: sorted(v) for k, v in facets.filters.items()}
        assert {k: entry["meta"][k] for k in facets.meta} == facets.meta
        assert f"/briefings/{slug}/present/" not in entries, "a present view is listed by search"
    assert not (built_site / "search" / "search_index.json").exists(), "Material's lunr index is still built"
    assert search_index.BUNDLE == "pagefind" and (built_site / "pagefind" / "pagefind.js").exists()
