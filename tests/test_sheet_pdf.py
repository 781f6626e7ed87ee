"""Every included briefing's printed sheet, built by sevenminute.printing.sheets and read back with pikepdf
and pypdf as a PDF reader or screen reader would: one A4 page, tagged PDF/UA-1, headings in
order, working links, the shipped font, no text below the floor, the same bytes every time."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdf
import pytest

from sevenminute.core.loading import load_collection
from sevenminute.printing.sizes import FLOOR
from sevenminute.printing.sheets import build_sheets

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://briefings.example.org/"
A4 = (595.28, 841.89)

COLLECTION = load_collection(REPO / "briefings").collection
SLUGS = sorted(COLLECTION.briefings)


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_sheets(COLLECTION, tmp_path_factory.mktemp("sheets"), site_url=SITE_URL).sheets


def struct_tags(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    """The structure tree's elements in document order: (tag, element)."""
    found: list[tuple[str, pikepdf.Object]] = []

    def walk(node: pikepdf.Object) -> None:
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append((str(node.S)[1:], node))
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                walk(kid)
        elif isinstance(kids, pikepdf.Dictionary):
            walk(kids)

    walk(pdf.Root.StructTreeRoot)
    return found


def uris(pdf: pikepdf.Pdf) -> list[str]:
    return [str(a.A.URI) for a in pdf.pages[0].get("/Annots", []) if "/A" in a and "/URI" in a.A]


def text_sizes(path: Path) -> list[float]:
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * abs(tm[0]) * abs(cm[0]))

    pypdf.PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_the_included_briefings_are_there():
    assert len(SLUGS) >= 3


@pytest.mark.parametrize("slug", SLUGS)
def test_one_a4_page_with_language_title_and_pdfua_identifier(sheets, slug):
    b = COLLECTION.briefings[slug]
    with pikepdf.open(sheets[slug]) as pdf:
        assert len(pdf.pages) == 1
        box = [float(x) for x in pdf.pages[0].MediaBox]
        assert box[2:] == pytest.approx(A4, abs=0.5)
        assert str(pdf.Root.Lang) == COLLECTION.site.language
        assert str(pdf.docinfo.Title).startswith(b.title)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert bool(pdf.Root.MarkInfo.Marked)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        assert "/StructTreeRoot" in pdf.Root


@pytest.mark.parametrize("slug", SLUGS)
def test_structure_tree_has_headings_lists_and_the_qr_code_described(sheets, slug):
    with pikepdf.open(sheets[slug]) as pdf:
        tags = struct_tags(pdf)
    names = [t for t, _ in tags]
    assert names.count("H1") == 1
    # One H2 per point, then the key message (if any), resources (if any) and contacts.
    assert names.count("H2") >= 8
    assert "L" in names and "LI" in names and "Link" in names
    figures = [e for t, e in tags if t == "Figure"]
    assert len(figures) == 1 and "QR code" in str(figures[0].Alt)


@pytest.mark.parametrize("slug", SLUGS)
def test_seven_point_headings_in_reading_order(sheets, slug):
    text = " ".join(pypdf.PdfReader(sheets[slug]).pages[0].extract_text().split())
    positions = [text.find(f"{p.number} {p.heading}") for p in COLLECTION.points(slug)]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    # The contact block follows the points, and the footer's version stamp comes last.
    contact = text.find(" ".join(COLLECTION.site.emergency.label.split()[:5]))  # in every contact block
    version = text.find("Version ")
    assert positions[-1] < contact < version


@pytest.mark.parametrize("slug", SLUGS)
def test_fonts_are_the_shipped_font_embedded_and_subset(sheets, slug):
    with pikepdf.open(sheets[slug]) as pdf:
        fonts = list(pdf.pages[0].Resources.Font.values())
        assert fonts
        for font in fonts:
            name = str(font.BaseFont)
            assert "+Atkinson-Hyperlegible" in name, name  # a subset tag, then the font's name
            descriptor = font.DescendantFonts[0].FontDescriptor
            assert any(k in descriptor for k in ("/FontFile2", "/FontFile3", "/FontFile"))


@pytest.mark.parametrize("slug", SLUGS)
def test_text_never_below_the_floor(sheets, slug):
    assert min(text_sizes(sheets[slug])) >= FLOOR - 0.01


@pytest.mark.parametrize("slug", SLUGS)
def test_links_to_contacts_resources_and_the_web_page(sheets, slug):
    b = COLLECTION.briefings[slug]
    contact = COLLECTION.partnerships[b.partnership].contact
    with pikepdf.open(sheets[slug]) as pdf:
        links = uris(pdf)
    assert "tel:999" in links  # the emergency line, on every sheet
    for phone in contact.phones:
        assert "tel:" + phone.number.replace(" ", "") in links
    for email in contact.emails:
        assert f"mailto:{email.address}" in links
    for link in COLLECTION.resources_of(slug):
        if link.url:
            assert link.url in links
    assert f"{SITE_URL}briefings/{slug}/" in links


def test_some_sheet_links_a_phone_number_and_an_email():
    # The contact assertions above must not pass only because no partnership has contacts.
    contacts = [COLLECTION.partnerships[COLLECTION.briefings[s].partnership].contact for s in SLUGS]
    assert any(c.phones for c in contacts) and any(c.emails for c in contacts)


def test_same_briefing_same_bytes_with_dates_from_the_content(sheets, tmp_path):
    slug = SLUGS[0]
    again = build_sheets(COLLECTION, tmp_path, site_url=SITE_URL, only={slug}, jobs=1)
    assert again.rendered == 1  # a fresh cache: really rendered a second time
    assert again.sheets[slug].read_bytes() == sheets[slug].read_bytes()
    with pikepdf.open(sheets[slug]) as pdf:
        day = COLLECTION.briefings[slug].last_reviewed.strftime("%Y%m%d")
        assert str(pdf.docinfo.CreationDate).startswith(f"D:{day}")
        assert str(pdf.docinfo.ModDate).startswith(f"D:{day}")
        assert "/ID" in pdf.trailer
