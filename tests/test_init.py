"""`sevenminute init` makes a partnership's site: every question a flag, --no-input naming each
missing answer, the brand in data (refused when white text on it is unreadable), nothing
unfilled published, and page titles unique whatever the content. The sites here are made by
init, not copied from the demo briefings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf  # the sheet's drawn header band
import pypdf
import pytest
from click.testing import CliRunner

from partnership_site import ANSWERS, BRIEFING, REPO, build, init_args, topic_briefing
from sevenminute.cli.main import main
from sevenminute.core.loading import load_collection
from sevenminute.editors.site_init import TEST_TOOLS


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """An init'ed site with a logo and one topic briefing, built with its sheets."""
    where = tmp_path_factory.mktemp("init") / "anytown"
    logo = where.parent / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" '
                    'fill="#fff"/></svg>', encoding="utf-8")
    result = CliRunner().invoke(main, init_args(where, logo=str(logo)))
    assert result.exit_code == 0, result.output
    (where / "briefings" / f"{BRIEFING}.yml").write_text(topic_briefing(), encoding="utf-8")
    built = build(where)
    assert built.returncode == 0, built.stderr[-3000:]
    return where


def test_no_input_names_every_missing_answer_in_one_run(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "s"), "--no-input", "--name", "Anytown"])
    assert result.exit_code == 2
    for flag in ANSWERS:
        if flag != "--name":
            assert f"{flag}: missing" in result.output, flag
    assert not (tmp_path / "s").exists(), "nothing written"


def test_a_colour_white_text_cannot_be_read_on_is_refused_with_the_nearest_shade_that_passes(tmp_path):
    result = CliRunner().invoke(main, init_args(tmp_path / "s", colour="#ff9900"))
    assert result.exit_code == 2
    assert "--colour: white text on #ff9900 has a contrast of 2.14:1" in result.output
    assert "use #a86500" in result.output  # 4.64:1, the nearest darker shade of the same hue


def test_an_unreadable_colour_in_site_settings_is_a_located_error(site, tmp_path):
    import shutil

    copy = tmp_path / "briefings"
    shutil.copytree(site / "briefings", copy)
    settings = copy / "data" / "site.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('"#0b6e4f"', '"#7fb8a5"'), encoding="utf-8")
    [error] = [d for d in load_collection(copy).diagnostics if d.severity == "error"]
    line = settings.read_text(encoding="utf-8").splitlines().index('  colour: "#7fb8a5"') + 1
    assert (Path(error.path).name, error.line, error.column) == ("site.yml", line, 11)
    assert "4.5:1" in error.message and re.fullmatch(r"use #[0-9a-f]{6} .*", error.hint)


def test_the_site_holds_its_content_and_settings_and_no_copy_of_the_toolkit(site):
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()
                   and not str(p.relative_to(site)).startswith("site/"))
    assert not [f for f in files if f.endswith((".html", ".css", ".js", ".woff2"))], files
    assert (site / "overrides").is_dir() and [p.name for p in (site / "overrides").iterdir()] == ["README.md"]
    assert re.fullmatch(r"sevenminute\[gates\]==\d+\.\d+\.\d+\S*",
                        (site / "requirements.txt").read_text().splitlines()[-1])
    assert json.loads((site / "package.json").read_text())["devDependencies"] == TEST_TOOLS
    # The toolkit's own package.json also pins the web editor's packages (vendored into the
    # theme, and decap-server for its test); the checkers are the same versions.
    assert TEST_TOOLS.items() <= json.loads((REPO / "package.json").read_text())["devDependencies"].items()


def test_the_brand_reaches_page_header_sheet_band_clear_print_and_present_view(site):
    out = site / "site"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Home - ASCP 7-minute briefings</title>" in home
    assert 'src="assets/logo.svg"' in home  # the header's logo
    assert "--md-primary-fg-color: #0b6e4f" in (out / "assets" / "stylesheets" / "brand.css").read_text()
    present = next(out.glob(f"briefings/{BRIEFING}/present/index.html")).read_text(encoding="utf-8")
    assert "assets/stylesheets/brand.css" in present
    sheet = pymupdf.open(out / "sheets" / f"{BRIEFING}.pdf")
    fills = {tuple(round(c * 255) for c in d["fill"]) for d in sheet[0].get_drawings() if d.get("fill")}
    assert (0x0b, 0x6e, 0x4f) in fills, "the sheet's header band is drawn in the brand colour"
    clear = out / "clear-print" / f"{BRIEFING}.pdf"
    assert "ASCP 7-minute briefings" in pypdf.PdfReader(clear).pages[0].extract_text()


def test_a_build_for_publishing_refuses_every_unfilled_setting_located(site, tmp_path):
    import shutil

    copy = tmp_path / "anytown"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("site"))
    settings = copy / "briefings" / "data" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("organisation: \"Anytown Safeguarding Children Partnership\"",
                        "organisation: The partnership publishing this site")
    text = text.replace("  contact_email: ascp@anytown.gov.uk\n", "")
    text = text.replace("https://github.com/anytown-scp/briefings",
                        "https://github.com/seven-minute-briefings/seven-minute-briefings")
    settings.write_text(text, encoding="utf-8")
    refused = build(copy, sheets=False, SEVENMINUTE_PUBLISH="1", SITE_URL="https://example.org/")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    lines = text.splitlines()
    # Each error at its setting: the line of the key (the accessibility block: its first line).
    for needle, below, message in (("repository_url:", 0, "'Suggest a change'"),
                                   ("  organisation:", 0, "does not name who runs the site"),
                                   ("accessibility:", 1, "no way to report a problem")):
        line = next(n for n, text in enumerate(lines, 1) if text.startswith(needle)) + below
        assert f"site.yml:{line}:" in next(l for l in refused.stderr.splitlines() if message in l), message
    config = (copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(config, 1) if text.startswith("site_url:"))
    assert f"mkdocs.yml:{line}:1: error: the site has no real address" in refused.stderr
    assert not (copy / "site").exists()
    # The same site, filled in, publishes.
    assert build(site, sheets=False, SEVENMINUTE_PUBLISH="1").returncode == 0


def test_a_briefing_and_a_theme_of_the_same_name_get_different_page_titles(site, tmp_path):
    import shutil

    copy = tmp_path / "anytown"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("site"))
    # The toolkit's theme "Professional curiosity" and a briefing of that title.
    built = build(copy, sheets=False)
    assert built.returncode == 0, built.stderr[-2000:]
    titles = [re.search(r"<title>(.*?)</title>", p.read_text(encoding="utf-8")).group(1)
              for p in (copy / "site").rglob("index.html")]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    assert "Professional curiosity (briefing) - ASCP 7-minute briefings" in titles
    assert "Professional curiosity (theme) - ASCP 7-minute briefings" in titles
