"""What a new editor meets (issue 15): adding a partnership, the scaffold's placeholders, the sheet
preview agreeing with the build, the site address on sheets, the contact block, abbreviations,
and the whole way from `sevenminute new` to a built page and sheet, step by step as the authoring
guide tells it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest
import yaml
from sevenminute.core.loading import load_collection
from sevenminute.editors.lints import lint_collection
from sevenminute.printing.siteaddress import printable_url
from sevenminute.web.pages import render_briefing_page

from placeholders import fill_placeholders

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUIDE = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
for name in ("GITHUB_ACTIONS", "SITE_URL", "SOURCE_DATE_EPOCH"):
    ENV.pop(name, None)
SITE_URL = "https://briefings.example.org/learning/"


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, capture_output=True, text=True,
                          env={**ENV, **env}, timeout=600)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A clean clone's content and site configuration."""
    shutil.copytree(REPO / "briefings", tmp_path / "briefings")
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)  # a build refuses links out of the project
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def documented(command: str) -> None:
    """The step the test takes is the one the guide gives."""
    assert command in GUIDE, f"the authoring guide does not show `{command}`"


def write_from_source(path: Path) -> None:
    """Step 3 of the guide: replace every placeholder with the source's words (here, a made-up
    test briefing), removing what the source does not give."""
    fill_placeholders(path, {
        "format:": "format: case-review",
        "review_type:": "review_type: lcspr",
        "published:": 'published: "2025-03"',
        "- \"Replace this with the id of a theme": "  - neglect",
        "- Replace this with an agency": "  - Children's Social Care",
        "summary:": "summary: A test briefing about a baby whose needs were not seen by agencies.",
        "last_reviewed:": "last_reviewed: 2026-11-23",
        "text:": "    text: Agencies did not share what they knew about the baby's care.",
    })


# --- the whole way, as the guide tells it ---------------------------------------------------

def test_a_new_briefing_for_a_new_partnership_goes_from_scaffold_to_page_and_sheet(checkout):
    # 1. The partnership is not there: `new` says so, and says how to add it.
    documented("sevenminute new --partnership north-yorkshire --title \"Child J\"")
    first = run("sevenminute", "new", "--partnership", "west-sussex", "--title", "Child W", cwd=checkout)
    assert first.returncode == 1
    assert "unknown partnership 'west-sussex'" in first.stderr
    assert "sevenminute partnership new --id west-sussex" in first.stderr
    assert "Add a partnership" in first.stderr and "## Add a partnership" in GUIDE

    documented("sevenminute partnership new --id west-sussex")
    partnerships = checkout / "briefings" / "data" / "partnerships.yml"
    comments = [line for line in partnerships.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    added = run("sevenminute", "partnership", "new", "--id", "west-sussex", "--name",
                "West Sussex Safeguarding Children Partnership", "--website",
                "https://www.westsussexscp.org.uk/", cwd=checkout)
    assert added.returncode == 0, added.stderr
    after = partnerships.read_text(encoding="utf-8")
    assert all(line in after.splitlines() for line in comments), "the file's comments are kept"
    assert yaml.safe_load(after)["west-sussex"]["name"] == "West Sussex Safeguarding Children Partnership"
    assert "short_name" not in yaml.safe_load(after)["west-sussex"]  # optional, and not invented

    # 2. Start the file.
    made = run("sevenminute", "new", "--partnership", "west-sussex", "--title", "Child W", cwd=checkout)
    assert made.returncode == 0, made.stderr
    path = checkout / "briefings" / "child-w.yml"

    # 3. The placeholders are refused until replaced.
    refused = run("sevenminute", "validate", "briefings/child-w.yml", cwd=checkout)
    assert refused.returncode == 1 and "still holds the template's placeholder" in refused.stderr
    write_from_source(path)

    # 4. Check: no errors, and the sheet's fit and type size.
    documented("sevenminute check briefings/child-j.yml")
    checked = run("sevenminute", "check", "briefings/child-w.yml", cwd=checkout, SITE_URL=SITE_URL)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert re.search(r"^0 errors, \d+ warnings?$", checked.stdout, re.M)
    fits = re.search(r"^briefings/child-w\.yml: the printed sheet fits one A4 page at ([\d.]+) pt$",
                     checked.stdout, re.M)
    assert fits, checked.stdout

    # 5. The sheet preview, then 6. the build: the same bytes for the same site address.
    documented("sevenminute sheet briefings/child-j.yml -o child-j.pdf")
    preview = run("sevenminute", "sheet", "briefings/child-w.yml", "-o", "child-w.pdf", cwd=checkout,
                  SITE_URL=SITE_URL)
    assert preview.returncode == 0, preview.stderr
    assert f"at {fits.group(1)} pt" in preview.stdout
    documented("mkdocs build --strict")
    built = run("mkdocs", "build", "--strict", cwd=checkout, SITE_URL=SITE_URL)
    assert built.returncode == 0, built.stderr[-3000:]
    assert "no site address" not in built.stderr
    sheet = checkout / "site" / "sheets" / "child-w.pdf"
    assert sheet.read_bytes() == (checkout / "child-w.pdf").read_bytes()
    text = "".join(pypdf.PdfReader(sheet).pages[0].extract_text().split())  # the address wraps
    assert f"{SITE_URL}briefings/child-w/" in text
    with pikepdf.open(sheet) as opened:
        assert "Figure" in struct_tags(opened)  # the QR code, with a real address
    page = (checkout / "site" / "briefings" / "child-w" / "index.html").read_text(encoding="utf-8")
    assert "Child W" in page and "West Sussex Safeguarding Children Partnership" in page
    # A partnership with no contacts: no referral heading over nothing, no date of checking.
    assert ">If you are worried about a child</h2>" in page
    assert "Make a referral<" not in page and "contact details checked" not in page


# --- the site address on sheets -------------------------------------------------------------

def struct_tags(pdf: pikepdf.Pdf) -> list[str]:
    """The tags of the PDF's structure tree (a QR code is its only Figure)."""
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(str(node.S)[1:])
            kids = node.get("/K")
            todo += list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return found


def test_without_a_real_site_address_sheets_print_no_address_and_the_build_says_so(checkout):
    built = run("mkdocs", "build", "--strict", cwd=checkout)  # mkdocs.yml's placeholder address
    assert built.returncode == 0, built.stderr[-3000:]
    assert built.stderr.count("no site address (set SITE_URL") == 1  # said once
    # No page, sitemap or feed publishes the placeholder address (canonical links, <loc>, entry ids).
    made_up = re.compile(rb"https?://(www\.)?example\.(org|com)[/\"'<\s]")
    leaks = [p.name for p in (checkout / "site").rglob("*") if p.suffix in (".html", ".xml", ".json")
             and made_up.search(p.read_bytes())]
    assert not leaks
    for pdf in sorted((checkout / "site" / "sheets").glob("*.pdf")):
        reader = pypdf.PdfReader(pdf)
        text = reader.pages[0].extract_text()
        assert "example.org" not in text and "Full briefing online" not in text, pdf.name
        with pikepdf.open(pdf) as opened:
            assert "Figure" not in struct_tags(opened), f"{pdf.name}: a QR code is drawn"
    preview = run("sevenminute", "sheet", "child-i", "-o", "child-i.pdf", cwd=checkout,
                  SITE_URL="http://127.0.0.1:8000/")
    assert preview.returncode == 0 and "no site address" in preview.stderr
    assert (checkout / "child-i.pdf").read_bytes() == (checkout / "site" / "sheets" / "child-i.pdf").read_bytes()


@pytest.mark.parametrize("url, printable", [
    (None, False), ("", False), ("https://example.org/seven-minute-briefings/", False),
    ("http://localhost:8000/", False), ("http://127.0.0.1:8000/", False),
    ("https://briefings.test/", False), ("https://x.invalid/", False),
    ("https://briefings.nyscp.org.uk/", True), ("https://briefings.example.org/learning/", True),
])
def test_which_site_addresses_are_printed(url, printable):
    assert (printable_url(url) is not None) == printable


def _deploy_step() -> str:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "briefings.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    return next(s["run"] for s in steps if s.get("name") == "Build the site and the printable sheets")


@pytest.mark.parametrize("deploying, pages_url, builds", [
    ("true", "", False), ("true", "https://example.org/", False),
    ("true", "https://briefings.nyscp.org.uk", True), ("false", "", True),
])
def test_the_workflow_deploys_only_with_a_real_site_address(tmp_path, deploying, pages_url, builds):
    # The step's own script, with mkdocs replaced by a stand-in that records that it ran.
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(f"#!/bin/sh\nexec {sys.executable} \"$@\"\n")
    (venv / "python").chmod(0o755)
    (venv / "mkdocs").write_text("#!/bin/sh\necho \"built for $SITE_URL\"\n")
    (venv / "mkdocs").chmod(0o755)
    env = {**ENV, "DEPLOYING": deploying, "PAGES_URL": pages_url}
    result = subprocess.run(["bash", "-e", "-c", _deploy_step()], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode == 0) == builds, result.stdout + result.stderr
    assert ("built for" in result.stdout) == builds
    if not builds:
        assert "not a real site address" in result.stderr


# --- the contact block ----------------------------------------------------------------------

def _page_with_contact(briefings: Path, contact: dict | None, slug: str = "family-t") -> str:
    path = briefings / "data" / "partnerships.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pid = yaml.safe_load((briefings / f"{slug}.yml").read_text(encoding="utf-8"))["partnership"]
    if contact is None:
        data[pid].pop("contact", None)
    else:
        data[pid]["contact"] = contact
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = load_collection(briefings)
    assert result.ok, [d.plain() for d in result.diagnostics]
    return render_briefing_page(result.collection, slug)


def _contact_section(page: str) -> str:
    return page[page.index('<section class="contact"'):page.index("</section>", page.index('<section class="contact"'))]


@pytest.mark.parametrize("contact, heading, checked", [
    ({"verified": "2026-11-23", "phones": [{"label": "To make a referral", "number": "0300 121 3 121",
                                            "purpose": "referral"}]}, "Make a referral", True),
    ({"verified": "2026-11-23", "referral_page": "https://www.example.gov.uk/refer"}, "Make a referral", True),
    ({"verified": "2026-11-23", "emails": [{"label": "For training", "address": "training@example.gov.uk",
                                            "purpose": "training"}]}, "Contact BSCP", True),
    ({"verified": "2026-11-23", "emails": [{"label": "Questions", "address": "team@example.gov.uk"}]},
     "Contact BSCP", True),
    (None, "If you are worried about a child", False),
    ({"verified": "2026-11-23", "phones": [], "emails": []}, "If you are worried about a child", False),
])
def test_the_contact_block_is_headed_by_what_the_partnership_gives(briefings_copy, contact, heading, checked):
    block = _contact_section(_page_with_contact(briefings_copy, contact))
    shown = re.search(r'<h2 id="contact-heading">(.*?)</h2>', block).group(1)
    assert re.sub(r"<[^>]+>", "", shown) == heading  # (an abbreviation may be marked up)
    assert ("contact details checked" in block) == checked
    if heading != "Make a referral":
        # Somewhere to turn, but not named a referral line when it is not one.
        assert "For how to make a referral, see the" in block


def test_contact_details_need_the_day_they_were_checked(briefings_copy):
    path = briefings_copy / "data" / "partnerships.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["buckinghamshire"]["contact"] = {"emails": [{"label": "Questions", "address": "a@example.gov.uk"}]}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = load_collection(briefings_copy)
    assert not result.ok
    assert any("'verified' is missing" in d.message and d.path.endswith("partnerships.yml")
               for d in result.diagnostics)


def test_the_default_what_to_do_now_never_points_at_contacts_that_are_not_there(briefings_copy):
    page = _page_with_contact(briefings_copy, None, slug="rapid-review-16")
    start = page.index("Suggested actions")  # the site's default "What to do now", labelled as such
    do_now = page[start:page.index("</section>", start)]
    assert "contact" not in do_now.lower(), do_now


# --- abbreviations --------------------------------------------------------------------------

def _with_mat(briefings: Path, own: str = "") -> Path:
    path = briefings / "child-i.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("points:\n", own + "points:\n", 1)
    text = text.replace("  happened:\n", "  happened:\n    # The review's own sense of MAT\n", 1)
    text = re.sub(r"(  happened:\n(?:    #.*\n)?    text: )", r"\1The Multi Agency Team (MAT) met weekly. ", text, 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_site_wide_expansion_that_differs_from_the_briefings_own_is_flagged(briefings_copy):
    path = _with_mat(briefings_copy)
    result = load_collection(briefings_copy)
    assert result.ok, [d.plain() for d in result.diagnostics]
    found = [d for d in lint_collection(result.collection) if d.code == "abbreviation-meaning"]
    assert len(found) == 1 and Path(found[0].path).name == path.name
    assert "'MAT' is spelled out here as 'Multi Agency Team'" in found[0].message
    assert "Multi-academy trust" in found[0].message
    assert "glossary:" in found[0].hint


def test_a_briefing_can_give_an_abbreviation_its_own_meaning(briefings_copy):
    _with_mat(briefings_copy, own="glossary:\n  MAT: Multi Agency Team\n")
    result = load_collection(briefings_copy)
    assert result.ok, [d.plain() for d in result.diagnostics]
    assert not [d for d in lint_collection(result.collection) if d.code == "abbreviation-meaning"]
    page = render_briefing_page(result.collection, "child-i")
    assert '<abbr title="Multi Agency Team">MAT</abbr>' in page
    assert "Multi-academy trust" not in page
    # Only on its own page: the site's meaning stays for every other briefing.
    assert result.collection.glossary["MAT"] == "Multi-academy trust"


def test_the_spelled_out_meaning_matching_the_glossary_is_not_flagged(briefings_copy):
    result = load_collection(briefings_copy)
    assert not [d for d in lint_collection(result.collection) if d.code == "abbreviation-meaning"]


def test_partnership_new_refuses_what_it_cannot_add_and_leaves_the_file_alone(checkout):
    path = checkout / "briefings" / "data" / "partnerships.yml"
    before = path.read_bytes()
    for args, said in (
        (["--id", "north-yorkshire", "--name", "Again"], "already in"),
        (["--id", "West Sussex", "--name", "West Sussex"], "cannot be a partnership's id"),
        (["--id", "west-sussex", "--name", "West Sussex", "--website", "www.westsussex.gov.uk"],
         "--website: 'www.westsussex.gov.uk' is not a web address"),
    ):
        result = run("sevenminute", "partnership", "new", *args, cwd=checkout)
        assert result.returncode == 1 and said in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_sheet_names_no_website_the_partnership_does_not_have(briefings_copy):
    from sevenminute.printing.sheet_html import sheet_html

    path = briefings_copy / "data" / "partnerships.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["buckinghamshire"].pop("website")
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = load_collection(briefings_copy)
    assert result.ok, [d.plain() for d in result.diagnostics]
    html = sheet_html(result.collection, "family-t")
    assert "website" not in re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1]).lower()


def test_check_says_when_a_sheet_does_not_fit_before_the_build_does(checkout):
    path = checkout / "briefings" / "child-i.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    filler = ("Practitioners should record what they saw, who they told and what happened next, "
              "and check that the plan still fits the child's needs.")
    data["points"]["improve"]["items"] = [filler] * 30
    data["points"]["happened"]["text"] = " ".join([filler] * 4)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    checked = run("sevenminute", "check", "briefings/child-i.yml", cwd=checkout)
    assert checked.returncode == 1
    assert re.search(r"^briefings/child-i\.yml:\d+:\d+: error: the printed sheet does not fit one A4 "
                     r"page even at 9 pt", checked.stdout, re.M), checked.stdout
    assert "fits one A4 page at" not in checked.stdout
    quick = run("sevenminute", "check", "--no-sheets", "briefings/child-i.yml", cwd=checkout)
    assert quick.returncode == 0 and "does not fit" not in quick.stdout
