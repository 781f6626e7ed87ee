"""What a front end other than MkDocs gets: the site's pages and files from web/site_pages.py,
asked for without MkDocs, on the included briefings."""

from __future__ import annotations

import shutil
from pathlib import Path

from sevenminute.core.loading import load_collection
from sevenminute.rendering.template_data import (
    CLEAR_PRINT,
    RECORD,
    blank_record_path,
    clear_print_path,
    page_path,
    present_path,
    record_path,
    sheet_path,
)
from sevenminute.web.catalogue import CATALOGUE_PATH, GLOSSARY_PATH, Catalogue, catalogue_pages
from sevenminute.web.feeds import ATOM_PATH, JSON_PATH
from sevenminute.web.admin import ADMIN_PATH
from sevenminute.web.site_pages import GeneratedFile, GeneratedPage, site_pages
from sevenminute.web.search_page import SEARCH_PATH

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://briefings.example.org/learning/"


def generated(briefings: Path, cache: Path, **pdfs):
    collection = load_collection(briefings).collection
    assert collection is not None
    catalogue = Catalogue(collection)
    items = site_pages(collection, catalogue, site_name="Briefings", site_url=SITE_URL,
                       description="Seven-minute briefings", pages_cache=cache, **pdfs)
    pages = {i.path: i for i in items if isinstance(i, GeneratedPage)}
    files = {i.path: i for i in items if isinstance(i, GeneratedFile)}
    return collection, catalogue, pages, files


def test_every_page_and_file_of_the_site_without_mkdocs(tmp_path: Path) -> None:
    slugs = sorted(p.stem for p in (REPO / "briefings").glob("*.yml"))
    pdf = tmp_path / "cached.pdf"
    pdf.write_bytes(b"%PDF-1.7 stand-in for a cached sheet")
    collection, catalogue, pages, files = generated(
        REPO / "briefings", tmp_path / "pages", sheets={s: pdf for s in slugs},
        companions={CLEAR_PRINT: {s: pdf for s in slugs}, RECORD: {s: pdf for s in slugs}})

    listings = {p.path for p in catalogue_pages(catalogue, "Briefings")}
    assert {CATALOGUE_PATH, GLOSSARY_PATH} <= listings
    expected = {path for s in slugs for path in (page_path(s), present_path(s), record_path(s))}
    assert set(pages) == expected | listings | {SEARCH_PATH}
    search = pages[SEARCH_PATH]  # the search page: its results come from the index, not from search
    assert (search.searchable, search.script) == (False, "search.js")
    assert set(files) == {ATOM_PATH, JSON_PATH, ADMIN_PATH} | {
        path(s) for s in slugs for path in (sheet_path, clear_print_path, blank_record_path)}
    for feed in (ATOM_PATH, JSON_PATH):  # each feed links every briefing's page on the site
        content = files[feed].content
        assert content is not None and all((SITE_URL + page_path(s)).encode() in content for s in slugs), feed

    for slug in slugs:
        title = collection.briefings[slug].title
        page, present, record = pages[page_path(slug)], pages[present_path(slug)], pages[record_path(slug)]
        assert (page.title, page.searchable) == (title, True)
        assert (present.title, present.searchable, present.script) == (f"Present: {title}", False, "present.js")
        assert (record.title, record.searchable, record.script) == (f"Action record: {title}", False, "record.js")
        body = page.body("../../")  # the HTML, with links relative to the page
        for link in (sheet_path(slug), present_path(slug), record_path(slug), clear_print_path(slug)):
            assert f'href="../../{link}"' in body, link
        assert f'href="../../../{blank_record_path(slug)}"' in record.body("../../../")
        assert files[sheet_path(slug)].source == pdf


def test_no_record_pages_when_the_site_keeps_none_and_no_pdfs_without_sheets(tmp_path: Path) -> None:
    briefings = shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    site_yml = briefings / "data" / "site.yml"
    site_yml.write_text(site_yml.read_text() + "team_meeting:\n  record: false\n")
    collection, _, pages, files = generated(briefings, tmp_path / "pages")

    assert set(files) == {ATOM_PATH, JSON_PATH, ADMIN_PATH}
    for slug in collection.briefings:
        assert page_path(slug) in pages and present_path(slug) in pages
        assert record_path(slug) not in pages
        body = pages[page_path(slug)].body("../../")
        assert sheet_path(slug) not in body and record_path(slug) not in body
