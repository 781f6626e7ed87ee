"""The team meeting outside the browser: the clear-print copies (12 pt or more, A4) and blank
action records (tagged PDF/UA-1) the site build writes, the links from each briefing's page, the
cache that renders each only once, the partnership's records address and the site setting that
turns the action record off. (tests/browser/test_meeting_browser.py drives the pages in Chromium;
tests/test_sheet_pdfua.py runs the sheets' PDF/UA checks on the clear-print copies too.)"""

from __future__ import annotations

import html
import re
from pathlib import Path

import lxml.html
import pikepdf
import pypdf
import pytest
from test_sheet_pdfua import ACCEPTED_WARNINGS, outloud_findings, page_failures, struct_elements
from test_site import built, make_project, page

from sevenminute.core.loading import load_collection
from sevenminute.printing.companions import build_companions
from sevenminute.rendering.markdown import block
from sevenminute.web.pages import render_present_page, render_record_page
from sevenminute.rendering.template_data import (
    CLEAR_PRINT,
    RECORD,
    blank_record_path,
    clear_print_path,
    page_path,
    present_path,
    record_path,
)

REPO = Path(__file__).resolve().parents[1]
A4 = (595.28, 841.89)
MINIMUM = 12.0  # pt: clear-print guidance


def text_sizes(path: Path) -> list[tuple[float, str]]:
    """The size in pt of every piece of text on every page, with the text."""
    sizes: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append((size * abs(tm[0]) * abs(cm[0]), text.strip()))

    for p in pypdf.PdfReader(path).pages:
        p.extract_text(visitor_text=visit)
    return sizes


@pytest.fixture(scope="module")
def collection():
    result = load_collection(REPO / "briefings")
    assert result.ok
    return result.collection


def test_every_clear_print_copy_is_a4_with_no_text_under_12_pt(built_site, collection):
    for slug in collection.briefings:
        path = built_site / clear_print_path(slug)
        with pikepdf.open(path) as pdf:
            for number, p in enumerate(pdf.pages, start=1):
                box = [float(x) for x in p.MediaBox]
                assert box[2:] == pytest.approx(A4, abs=0.5), f"{path.name} page {number} is not A4"
        sizes = text_sizes(path)
        assert sizes, f"{path.name}: no text read back"
        small = [(round(size, 2), text[:40]) for size, text in sizes if size < MINIMUM - 0.01]
        assert not small, f"{path.name}: text under {MINIMUM:g} pt: {small[:5]}"


def test_clear_print_copy_carries_the_pages_detail_that_the_sheet_leaves_out(built_site, collection):
    checked = 0
    for slug in collection.briefings:
        text = re.sub(r"\s+", " ", " ".join(
            p.extract_text() for p in pypdf.PdfReader(built_site / clear_print_path(slug)).pages))
        for point in collection.points(slug):
            if point.point.detail:
                # The first words of the detail, as Markdown renders them.
                words = html.unescape(re.sub(r"<[^>]+>", " ", str(block(point.point.detail)))).split()[:6]
                assert " ".join(words) in text, f"{slug}: detail of point {point.number} is missing"
                checked += 1
    assert checked, "no briefing has detail: nothing was checked"


def test_every_blank_record_is_a_tagged_one_page_pdf_ua_form(built_site, collection):
    for slug in collection.briefings:
        path = built_site / blank_record_path(slug)
        # The validators the sheets pass (tests/test_sheet_pdfua.py): `page` and outloud.
        assert page_failures(path) == [], path.name
        findings = outloud_findings([path])[path.name]
        assert [f for f in findings if f["severity"] == "error" or (
            f["severity"] == "warning" and f["rule"] not in ACCEPTED_WARNINGS)] == [], path.name
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1, f"{path.name} takes {len(pdf.pages)} pages"
            assert str(pdf.Root.Lang) == collection.site.language
            kinds = [kind for kind, _ in struct_elements(pdf)]
            for needed in ("/H1", "/H2", "/H3"):
                assert needed in kinds, f"{path.name}: no {needed[1:]} structure element"
        text = pypdf.PdfReader(path).pages[0].extract_text()
        for question in ("Team or service", "Who attended", "What was discussed", "Actions agreed",
                         "How will the team know the learning has stuck?"):
            assert question in re.sub(r"\s+", " ", text), f"{path.name} lacks {question!r}"
        assert min(size for size, _ in text_sizes(path)) >= MINIMUM - 0.01


def test_every_briefing_page_links_to_its_present_view_record_and_pdfs(built_site, collection):
    for slug in collection.briefings:
        doc = lxml.html.parse(str(built_site / page_path(slug) / "index.html")).getroot()
        hrefs = {a.text_content().strip(): a.get("href") for a in doc.cssselect(".team-meeting a")}
        assert hrefs.get("Present this briefing to your team") == f"../../{present_path(slug)}"
        assert hrefs.get("Record what the team discussed and agreed") == f"../../{record_path(slug)}"
        clear = [h for t, h in hrefs.items() if t.startswith("Download the clear-print version")]
        assert clear == [f"../../{clear_print_path(slug)}"]
        size = (built_site / clear_print_path(slug)).stat().st_size
        label = [t for t in hrefs if t.startswith("Download the clear-print")][0]
        assert f"{max(1, round(size / 1024))} KB" in label
        assert (built_site / present_path(slug) / "index.html").exists()
        assert (built_site / record_path(slug) / "index.html").exists()


def test_companions_are_rendered_once_and_again_only_for_an_edited_briefing(briefings_copy, tmp_path):
    collection = load_collection(briefings_copy).collection
    slugs = sorted(collection.briefings)
    first = build_companions(collection, tmp_path / "cache", jobs=1)
    assert first.rendered == 2 * len(slugs)
    assert build_companions(collection, tmp_path / "cache", jobs=1).rendered == 0

    source = briefings_copy / f"{slugs[0]}.yml"
    source.write_text(source.read_text().replace("summary: ", "summary: Edited. ", 1))
    edited = load_collection(briefings_copy).collection
    again = build_companions(edited, tmp_path / "cache", jobs=1)
    assert again.rendered == 2
    assert again.files[CLEAR_PRINT][slugs[0]] != first.files[CLEAR_PRINT][slugs[0]]
    assert not first.files[CLEAR_PRINT][slugs[0]].exists(), "the earlier version was not pruned"
    assert again.files[RECORD][slugs[1]] == first.files[RECORD][slugs[1]]


def test_a_partnerships_records_address_gives_an_email_button(briefings_copy):
    path = briefings_copy / "data" / "partnerships.yml"
    collection = load_collection(briefings_copy).collection
    slug = sorted(collection.briefings)[0]
    pid = collection.briefings[slug].partnership
    assert lxml.html.fromstring(render_record_page(collection, slug)).cssselect("a.record__email") == []
    text = path.read_text()
    path.write_text(re.sub(rf"(?m)^{pid}:\n", f"{pid}:\n  records_email: learning@example.gov.uk\n", text))
    collection = load_collection(briefings_copy).collection
    assert collection.partnerships[pid].records_email == "learning@example.gov.uk"
    form = lxml.html.fromstring(render_record_page(collection, slug))
    (button,) = form.cssselect("a.record__email")
    assert button.get("href").startswith("mailto:learning@example.gov.uk?subject=Action%20record")


def test_the_site_can_turn_the_action_record_off(tmp_path):
    project = make_project(tmp_path / "p")
    site_yml = project / "briefings" / "data" / "site.yml"
    site_yml.write_text(site_yml.read_text() + "team_meeting:\n  record: false\n")
    site = built(project, project / "site")
    collection = load_collection(project / "briefings").collection
    for slug in collection.briefings:
        assert not (site / record_path(slug)).exists()
        assert (site / present_path(slug) / "index.html").exists()
        links = [a.text_content() for a in page(site, page_path(slug)).cssselect(".team-meeting a")]
        assert links == ["Present this briefing to your team"]
        assert "../record/" not in render_present_page(collection, slug, record=False)
        assert "../record/" in render_present_page(collection, slug, record=True)
