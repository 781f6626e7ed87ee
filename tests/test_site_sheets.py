"""The website with its printable sheets: every briefing page links to its PDF, with its size."""

from __future__ import annotations

import re

import pytest
from test_site import built, make_project, page

from sevenminute.core.loading import load_collection
from sevenminute.rendering.template_data import page_path, sheet_path

pytest.importorskip("sevenminute.printing.sheets", reason="the sheet builder (sevenminute.printing.sheets) is not written yet")


@pytest.fixture(scope="module")
def site_with_sheets(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("sheets") / "p")
    return project, built(project, project / "site", BRIEFING_SHEETS="true")


def test_every_briefing_page_links_to_its_sheet_with_its_size(site_with_sheets):
    project, site = site_with_sheets
    collection = load_collection(project / "briefings").collection
    for slug in collection.briefings:
        pdf = site / sheet_path(slug)
        assert pdf.read_bytes().startswith(b"%PDF-"), slug
        doc = page(site, page_path(slug))
        links = doc.cssselect(".sheet-link a")
        assert len(links) == 1, slug
        assert links[0].get("href") == f"../../{sheet_path(slug)}"
        label = re.search(r"\(PDF, (\d+) KB\)", links[0].text_content())
        assert label and int(label.group(1)) == max(1, round(pdf.stat().st_size / 1024)), slug
