"""The PDF/UA-1 gates on every sheet the site build writes (site/sheets/*.pdf), read back with
pikepdf and pypdf. veraPDF is not installable here; these are the machine-checkable parts of
PDF/UA-1 that matter most to a screen-reader user (README: "What the PDF gates check").
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pypdf
import pytest

from sevenminute.collection import load_collection

REPO = Path(__file__).resolve().parents[1]
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


@pytest.fixture(scope="session")
def collection():
    result = load_collection(REPO / "briefings")
    assert result.ok, "\n".join(d.plain() for d in result.diagnostics)
    return result.collection


@pytest.fixture(scope="session")
def sheets(built_site: Path, collection) -> dict[str, Path]:
    """slug -> the sheet's PDF, for every briefing."""
    if importlib.util.find_spec("sevenminute.sheets") is None:
        pytest.skip("sevenminute.sheets does not exist yet: the site build writes no sheets")
    found = {p.stem: p for p in sorted((built_site / "sheets").glob("*.pdf"))}
    missing = sorted(set(collection.briefings) - set(found))
    assert not missing, (f"the site build wrote no sheet for {', '.join(missing)} "
                         f"(expected site/sheets/<slug>.pdf; is BRIEFING_SHEETS=false set?)")
    return found


def fail_if(problems: list[str], what: str) -> None:
    assert not problems, f"{len(problems)} sheets {what}:\n" + "\n".join(f"- {p}" for p in problems)


def xmp(pdf: pikepdf.Pdf) -> ET.Element:
    return ET.fromstring(pdf.Root.Metadata.read_bytes())


def struct_elements(pdf: pikepdf.Pdf):
    """Every structure element, depth first in document order, with its role-mapped type."""
    root = pdf.Root.StructTreeRoot
    role_map = root.get("/RoleMap", pikepdf.Dictionary())

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                yield from walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kind = str(node.S)
            yield str(role_map.get(kind, kind)), node
            if "/K" in node:
                yield from walk(node.K)

    yield from walk(root.get("/K", pikepdf.Array()))


def test_sheets_identify_as_pdf_ua_1(sheets):
    problems = []
    for slug, path in sheets.items():
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            if "/Metadata" not in root:
                problems.append(f"{path.name}: no XMP metadata (render with pdf_variant='pdf/ua-1')")
                continue
            meta = xmp(pdf)
            parts = [d.get(f"{{{NS['pdfuaid']}}}part") for d in meta.iter(f"{{{NS['rdf']}}}Description")]
            parts += [e.text for e in meta.iter(f"{{{NS['pdfuaid']}}}part")]
            if "1" not in parts:
                problems.append(f"{path.name}: XMP has no pdfuaid:part=1 (PDF/UA-1 identification, ISO 14289-1 5)")
            titles = [li.text for li in meta.iterfind(".//dc:title//rdf:li", NS) if (li.text or "").strip()]
            if not titles:
                problems.append(f"{path.name}: XMP has no dc:title (PDF/UA-1 7.1): give the sheet's HTML a <title>")
            if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
                problems.append(f"{path.name}: /MarkInfo /Marked is not true: the PDF is not tagged")
            if not str(root.get("/Lang", "")).strip():
                problems.append(f"{path.name}: no /Lang in the catalog: set lang on the sheet's <html>")
            if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
                problems.append(f"{path.name}: /ViewerPreferences /DisplayDocTitle is not true (PDF/UA-1 7.1)")
    fail_if(problems, "are not identified as tagged PDF/UA-1 documents")


def test_sheets_embed_every_font(sheets):
    problems = []
    for path in sheets.values():
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                for name, font in fonts_of(page.obj):
                    descriptor = font_descriptor(font)
                    if descriptor is None:
                        continue  # Type3 fonts carry their glyphs in the file
                    if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        problems.append(f"{path.name} page {number}: font {font.get('/BaseFont', name)} "
                                        "is not embedded (PDF/UA-1 7.21.4.1): ship the font file in "
                                        "overrides/assets/fonts and name it in sheet.css")
    fail_if(problems, "use fonts that are not embedded")


def fonts_of(obj, seen=None):
    """Every font used by a page or form XObject, through nested XObjects."""
    seen = set() if seen is None else seen
    resources = obj.get("/Resources", pikepdf.Dictionary())
    for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
        yield name, font
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        key = xobject.objgen
        if xobject.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            yield from fonts_of(xobject, seen)


def font_descriptor(font):
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    if font.get("/Subtype") == "/Type3":
        return None
    return font.get("/FontDescriptor")


def test_sheets_are_tagged_with_headings_lists_and_figure_text(sheets):
    problems = []
    for path in sheets.values():
        with pikepdf.open(path) as pdf:
            if "/StructTreeRoot" not in pdf.Root:
                problems.append(f"{path.name}: no structure tree (render with pdf_variant='pdf/ua-1')")
                continue
            elements = list(struct_elements(pdf))
            kinds = {kind for kind, _ in elements}
            for needed, why in (("/H1", "the briefing's title"), ("/H2", "the seven point headings"),
                                ("/L", "lists"), ("/LI", "list items")):
                if needed not in kinds:
                    problems.append(f"{path.name}: no {needed[1:]} structure element ({why}); "
                                    "keep the sheet's HTML semantic (<h1>, <h2>, <ul>/<ol>)")
            h2s = sum(1 for kind, _ in elements if kind == "/H2")
            if h2s < 7:
                problems.append(f"{path.name}: {h2s} H2 structure elements, fewer than the seven points")
            for kind, node in elements:
                if kind == "/Figure" and not str(node.get("/Alt", "")).strip():
                    problems.append(f"{path.name}: a Figure has no /Alt text (PDF/UA-1 7.3): give the "
                                    "image (the QR code) an alt attribute")
    fail_if(problems, "lack the structure a screen reader navigates by")


def test_sheet_links_carry_alternative_text_and_are_tagged(sheets):
    problems = []
    for path in sheets.values():
        with pikepdf.open(path) as pdf:
            tagged = set()
            for kind, node in struct_elements(pdf) if "/StructTreeRoot" in pdf.Root else []:
                if kind != "/Link":
                    continue
                kids = node.get("/K", pikepdf.Array())
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                        tagged.add(kid.Obj.objgen)
            links = 0
            for number, page in enumerate(pdf.pages, start=1):
                for annot in page.obj.get("/Annots", pikepdf.Array()):
                    if annot.get("/Subtype") != "/Link":
                        continue
                    links += 1
                    target = annot.get("/A", {}).get("/URI", "(internal link)")
                    if not str(annot.get("/Contents", "")).strip():
                        problems.append(f"{path.name} page {number}: link to {target} has no /Contents "
                                        "(alternative text, PDF/UA-1 7.18.5)")
                    if annot.objgen not in tagged:
                        problems.append(f"{path.name} page {number}: link to {target} is not inside a "
                                        "Link structure element (PDF/UA-1 7.18.1)")
            if links == 0:
                problems.append(f"{path.name}: no link annotations at all (a sheet links to its web page)")
    fail_if(problems, "have links a screen reader cannot describe")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_sheet_text_gives_the_seven_points_in_order(sheets, collection):
    problems = []
    for slug, path in sheets.items():
        text = normalise(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages))
        position = 0
        for point in collection.points(slug):
            heading = normalise(point.heading)
            found = text.find(heading, position)
            if found < 0:
                where = "at all" if heading not in text else "after the previous point"
                problems.append(f"{path.name}: point {point.number} '{heading}' does not appear {where} "
                                "in the extracted text: reading order is DOM order; keep points 1 to 7 "
                                "in source order")
                break
            position = found + len(heading)
    fail_if(problems, "do not read the seven points in order")


def test_no_sheet_links_to_a_file(sheets):
    """Only web, mail and phone links: a relative address would become a file:/// link carrying
    the builder's paths (issue 13). sheet.write_pdf refuses one; this reads every sheet back."""
    problems = []
    for path in sheets.values():
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for annot in page.obj.get("/Annots", pikepdf.Array()):
                    uri = str(annot.get("/A", {}).get("/URI", ""))
                    if uri and not re.match(r"(?i)(https?://[^/]|mailto:|tel:)", uri):
                        problems.append(f"{path.name}: links to {uri}")
    fail_if(problems, "link to something other than a web page, email address or phone number")
