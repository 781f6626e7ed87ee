"""The training pack and the preview command, from the command line as a trainer would run them."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdf
from click.testing import CliRunner

from sevenminute.cli.main import main
from sevenminute.core.loading import load_collection

REPO = Path(__file__).resolve().parents[1]


def test_pack_by_slugs_has_contents_then_one_page_per_sheet(briefings_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    slugs = sorted(load_collection(briefings_copy).collection.briefings)
    out = tmp_path / "pack.pdf"
    result = CliRunner().invoke(main, ["pack", "--root", str(briefings_copy), "--slugs", ",".join(slugs),
                                       "-o", str(out), "--cache", str(tmp_path.parent / f"{tmp_path.name}-cache")])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 1 + len(slugs)
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
    reader = pypdf.PdfReader(out)
    contents = " ".join(reader.pages[0].extract_text().split())
    collection = load_collection(briefings_copy).collection
    for n, slug in enumerate(slugs, start=2):
        title = collection.briefings[slug].title
        assert title in contents
        assert f"page {n}" in contents
        assert title in reader.pages[n - 1].extract_text()


def test_pack_by_theme_and_unknown_theme(briefings_copy, tmp_path):
    collection = load_collection(briefings_copy).collection
    theme = next(iter(collection.briefings.values())).themes[0]
    expected = [s for s in collection.briefings if theme in collection.briefings[s].themes]
    out = tmp_path / "theme.pdf"
    runner = CliRunner()
    ok = runner.invoke(main, ["pack", "--root", str(briefings_copy), "--theme", theme, "-o", str(out),
                              "--cache", str(tmp_path.parent / f"{tmp_path.name}-cache")])
    assert ok.exit_code == 0, ok.output
    assert len(pypdf.PdfReader(out).pages) == 1 + len(expected)
    bad = runner.invoke(main, ["pack", "--root", str(briefings_copy), "--theme", "no-such-theme",
                               "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1 and "unknown theme 'no-such-theme'" in bad.output
    assert not (tmp_path / "x.pdf").exists()


def test_sheet_preview_command_writes_one_page(briefings_copy, tmp_path):
    out = tmp_path / "preview.pdf"
    result = CliRunner().invoke(main, ["sheet", str(briefings_copy / "child-i.yml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "one A4 page" in result.output
    assert len(pypdf.PdfReader(out).pages) == 1
