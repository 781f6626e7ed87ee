"""The PDF/UA-1 gates on every sheet the site build writes (site/sheets/*.pdf) and on a training
pack of every briefing.

Two independent validators from PyPI check the whole of PDF/UA-1 that a machine can check:
`page` (page-validation: the PDF/UA-1 profile, which passes the veraPDF test corpus) must find no
failed rule, and `outloud` (Matterhorn checkpoints and WCAG 2.2) no error and no warning beyond
ACCEPTED_WARNINGS. What they cannot know is checked here by hand: the seven points read 1 to 7
with the headings from the site's settings, the page paints its text in exactly the order of the
tag tree, and the QR code says what it is for (README: "What the PDF gates check")."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import page
import pikepdf
import pypdf
import pytest

from sevenminute.core.loading import load_collection

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.org/seven-minute-briefings/"
# outloud warnings that are accepted, rule id -> why (also listed in the README). None today.
ACCEPTED_WARNINGS: dict[str, str] = {}


@pytest.fixture(scope="session")
def collection():
    # With SEVENMINUTE_TEST_SITE, SEVENMINUTE_TEST_BRIEFINGS names the briefings that site was
    # built from (for example a site holding one briefing of each format).
    import os

    result = load_collection(Path(os.environ.get("SEVENMINUTE_TEST_BRIEFINGS", REPO / "briefings")))
    assert result.ok, "\n".join(d.plain() for d in result.diagnostics)
    return result.collection


# The one-page sheets and the clear-print copies (12 pt or more, as many pages as they need)
# pass the same checks: both are tagged PDF/UA-1 documents of the whole briefing.
@pytest.fixture(scope="session", params=["sheets", "clear-print"])
def sheets(request, built_site: Path, collection) -> dict[str, Path]:
    """slug -> the sheet's (or the clear-print copy's) PDF, for every briefing."""
    if importlib.util.find_spec("sevenminute.printing.sheets") is None:
        pytest.skip("sevenminute.printing.sheets does not exist yet: the site build writes no sheets")
    folder = request.param
    found = {p.stem: p for p in sorted((built_site / folder).glob("*.pdf"))}
    missing = sorted(set(collection.briefings) - set(found))
    assert not missing, (f"the site build wrote no {folder} PDF for {', '.join(missing)} "
                         f"(expected site/{folder}/<slug>.pdf; is BRIEFING_SHEETS=false set?)")
    return found


@pytest.fixture(scope="session")
def pack(collection, tmp_path_factory) -> Path:
    """A training pack of every briefing, as `sevenminute pack --slugs ...` makes it."""
    from sevenminute.printing.pack import build_pack

    folder = tmp_path_factory.mktemp("pack")
    path = folder / "pack.pdf"
    path.write_bytes(build_pack(collection, sorted(collection.briefings), folder / "cache",
                                "Training pack: every briefing", site_url=SITE_URL, jobs=1))
    return path


@pytest.fixture(scope="session")
def pdfs(sheets, pack) -> list[Path]:
    return [*sheets.values(), pack]


def fail_if(problems: list[str], what: str) -> None:
    assert not problems, f"{len(problems)} PDFs {what}:\n" + "\n".join(f"- {p}" for p in problems)


def page_failures(path: Path) -> list[str]:
    report = page.validate_pdf(str(path), profile="ua1")
    return [f"{path.name}: [{f.rule_id}] {f.message}" for f in report.failures]


def outloud_findings(paths: list[Path]) -> dict[str, list[dict]]:
    outloud = Path(sys.executable).with_name("outloud")
    result = subprocess.run([str(outloud), "--json", "-", "--fail-on", "never", *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return {Path(r["path"]).name: r["findings"] for r in json.loads(result.stdout)["results"]}


def test_page_finds_no_failed_pdf_ua_1_rule(pdfs):
    fail_if([problem for path in pdfs for problem in page_failures(path)],
            "fail PDF/UA-1 rules in `page` (page-validation)")


def test_outloud_finds_no_error_and_no_unexplained_warning(pdfs):
    problems = []
    for name, findings in outloud_findings(pdfs).items():
        for f in findings:
            if f["severity"] == "error" or (f["severity"] == "warning" and f["rule"] not in ACCEPTED_WARNINGS):
                problems.append(f"{name}: {f['severity']} {f['rule']}: {f['message']}")
    fail_if(problems, "have outloud findings")


def test_the_validators_do_fail_a_sheet_made_without_the_fixes(collection, tmp_path):
    """Proof the gates can fail: the raw template output (whitespace between list items) written
    without the Print-flag finisher is what WeasyPrint gave before, and both validators say so."""
    from sevenminute.printing import pdf, sheet_html
    from sevenminute.rendering.environment import THEME_DIR, render

    source = sheet_html.sheet_source(collection, "child-i", SITE_URL)
    raw = render("sheet/sheet.html", THEME_DIR, **sheet_html.sheet_context(collection, "child-i", SITE_URL))
    assert raw != source.html  # the sheet's own HTML has the list whitespace taken out
    document = pdf.render_document(raw, source.base_url, source.start)
    path = tmp_path / "unfixed.pdf"
    path.write_bytes(document.write_pdf(**pdf.OPTIONS))
    assert any("PDFUA1-L-KIDS-001" in p for p in page_failures(path))
    rules = {f["rule"] for f in outloud_findings([path])["unfixed.pdf"]}
    assert {"LST-003", "LNK-004"} <= rules


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


def tag_order(pdf: pikepdf.Pdf) -> list[int]:
    """The marked-content ids of page 1 in the order the structure tree reads them."""
    order = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/Type") == "/MCR":
                order.append(int(node.MCID))
            elif "/K" in node and node.get("/Type") != "/OBJR":
                walk(node.K)
        elif isinstance(node, int):
            order.append(node)

    walk(pdf.Root.StructTreeRoot.K)
    return order


def paint_order(page_: pikepdf.Page) -> list[int]:
    """The marked-content ids in the order the page's content stream paints them."""
    ids = []
    for operands, operator in pikepdf.parse_content_stream(page_):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
            ids.append(int(operands[1].MCID))
    return ids


def test_each_sheet_paints_its_text_in_the_order_of_its_tags(sheets):
    """A reader that follows the page (copy and paste, reflow, some screen readers) and one that
    follows the tags get the same order: the two columns read 1 to 7 either way."""
    problems = []
    for path in sheets.values():
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) > 1:
                # A clear-print copy runs to several pages; outloud's ORD-001 (above) compares
                # paint and tag order page by page for it.
                continue
            painted, tagged = paint_order(pdf.pages[0]), tag_order(pdf)
            if painted != tagged:
                moved = sum(1 for a, b in zip(painted, tagged) if a != b)
                problems.append(f"{path.name}: {moved} of {len(painted)} marked-content sequences are "
                                "painted out of tag order (a list marker, float or positioned box?)")
    fail_if(problems, "paint in a different order from their tags")


def test_each_sheet_has_a_title_heading_the_seven_point_headings_and_a_described_qr_code(sheets, collection):
    problems = []
    for slug, path in sheets.items():
        with pikepdf.open(path) as pdf:
            elements = list(struct_elements(pdf))
            if sum(1 for kind, _ in elements if kind == "/H1") != 1:
                problems.append(f"{path.name}: not exactly one H1 (the briefing's title)")
            h2s = sum(1 for kind, _ in elements if kind == "/H2")
            points = len(collection.points(slug))  # seven, less optional points a format leaves out
            if h2s < points:
                problems.append(f"{path.name}: {h2s} H2 structure elements, fewer than its {points} points")
            # The QR code is there only when the sheet has a real site address to point to.
            figures = [str(node.get("/Alt", "")) for kind, node in elements if kind == "/Figure"]
            if figures not in ([], ["QR code that opens the full briefing online"]):
                problems.append(f"{path.name}: the QR code's alternative text is {figures}, not what it is for")
    fail_if(problems, "lack the structure a screen reader navigates by")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_sheet_text_gives_the_seven_points_in_order(sheets, collection):
    problems = []
    for slug, path in sheets.items():
        text = normalise(" ".join(p.extract_text() or "" for p in pypdf.PdfReader(path).pages))
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


def test_a_point_continued_in_the_next_column_repeats_its_heading_unread(sheets, collection):
    """On paper the continued point is labelled at the top of the next column; in the tags (what a
    screen reader reads) the heading is there once, and the repeat is an artifact."""
    from outloud.model import Document

    if all(path.parent.name == "clear-print" for path in sheets.values()):
        pytest.skip("a clear-print copy is one column on as many pages as it needs: nothing continues")
    continued = 0
    for slug, path in sheets.items():
        doc = Document(str(path))
        runs = doc.content(0).runs
        tagged = normalise(" ".join(r.text for r in runs if r.tagged))
        repeats = [r for r in runs if r.artifact and "(continued)" in r.text]
        assert "(continued)" not in tagged, f"{path.name}: a continuation heading would be read aloud"
        for run in repeats:
            continued += 1
            match = re.fullmatch(r"(\d) (.+) \(continued\)", normalise(run.text))
            assert match, f"{path.name}: continuation heading {run.text!r} is not 'N heading (continued)'"
            point = collection.points(slug)[int(match[1]) - 1]
            assert match[2] == point.heading
            assert tagged.count(f"{point.number} {point.heading}") == 1
            page_width = float(doc.pages[0].width)
            assert run.bbox[0] > page_width / 2, f"{path.name}: the repeat is not in the right-hand column"
    # Family T and Child I each have a point that runs on into the second column.
    assert continued >= 1, "no sheet has a continued point any more: pick a briefing that does"


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
