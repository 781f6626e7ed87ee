"""Link targets: only full https://, http://, mailto: and tel: addresses reach a page or a sheet.

A relative address (guidance.pdf) became a file:/// link carrying the builder's paths in the PDF;
an entity-written scheme (java&#9;script:) passed validation and was silently dropped; a remote
picture vanished without a word. Each is now refused at its line, in plain English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sevenminute.core.loading import load_collection
from sevenminute.printing.pdf import UnsafeLink, render_document, write_pdf

REPO = Path(__file__).resolve().parents[2]
MINIMAL = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
HAPPENED = "    text: Something happened.\n"
HAPPENED_LINE = MINIMAL.splitlines().index(HAPPENED.rstrip("\n")) + 1


def load_with(tmp_path: Path, replacement: str, data: dict[str, str] | None = None):
    """The minimal briefing with its first point's text line replaced; errors of that file."""
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    for name, text in (data or {}).items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    (root / "case.yml").write_text(MINIMAL.replace(HAPPENED, replacement), encoding="utf-8")
    result = load_collection(root)
    return [d for d in result.diagnostics if d.severity == "error"], result


REFUSED_INLINE = {
    "relative file": "[the guidance](guidance.pdf)",
    "path climbing out": "[notes](../../../../etc/passwd)",
    "protocol-relative": "[host](//evil.example/x)",
    "fragment only": "[below](#section)",
    "file scheme": "[f](file:///etc/passwd)",
    "tab-split scheme": "[x](java&#9;script:alert(1))",
    "entity letter": "[x](&#106;avascript:alert(1))",
    "entity colon": "[x](javascript&#58;alert(1))",
    "newline entity": "[x](java&#10;script:alert(1))",
    "autolink scheme": "<javascript:alert(1)>",
    "empty target": "[nothing]()",
    "no host": "[x](http:///etc/passwd)",
    "space in brackets": "[x](<https://a.example/a b>)",
    "remote picture": "![a chart](https://evil.example/tracker.png)",
    "picture in link": "[![x](https://e.example/p.png)](https://e.example/)",
    "data scheme": "[x](data:text/html;base64,PHNjcmlwdD4=)",
}


@pytest.mark.parametrize("markdown", REFUSED_INLINE.values(), ids=REFUSED_INLINE.keys())
def test_unsafe_link_targets_are_refused_at_their_line(tmp_path, markdown):
    errors, result = load_with(tmp_path, f"    text: 'See {markdown} now.'\n")
    assert errors, f"{markdown!r} was accepted"
    assert "case" not in result.collection.briefings
    [error] = [e for e in errors if e.path.endswith("case.yml")]
    assert error.line == HAPPENED_LINE
    assert "link" in error.message or "picture" in error.message
    assert "Traceback" not in error.plain()


def test_a_picture_is_refused_with_what_to_do_instead(tmp_path):
    errors, _ = load_with(tmp_path, "    text: '![Safer sleep poster](https://e.example/p.png)'\n")
    [error] = errors
    assert "pictures are not allowed" in error.message
    assert "link to the picture" in error.hint


def test_relative_address_message_says_what_is_allowed(tmp_path):
    errors, _ = load_with(tmp_path, "    text: '[the guidance](guidance.pdf)'\n")
    [error] = errors
    assert "'guidance.pdf' is not a full web address" in error.message
    assert "https://" in error.hint


def test_a_reference_definition_in_detail_is_checked_at_its_own_line(tmp_path):
    detail = ("    text: Something happened.\n    detail: |\n      First paragraph.\n\n"
              "      See [the notes][n].\n\n      [n]: //evil.example/notes\n")
    errors, _ = load_with(tmp_path, detail)
    [error] = errors
    assert "has no scheme" in error.message
    assert (error.line, error.column) == (HAPPENED_LINE + 6, 12), error.plain()


ACCEPTED = [
    "[NSPCC guidance](https://www.nspcc.org.uk/keeping-children-safe/)",
    "[HTTP page](http://example.org/page?x=1#top)",
    "[email the team](mailto:team@example.gov.uk)",
    "[call us](tel:+443001234567)",
    "<https://www.gov.uk/>",
    "Prices rose by 3 [sic] and a [bracket] stays text",
]


@pytest.mark.parametrize("markdown", ACCEPTED)
def test_full_addresses_are_accepted(tmp_path, markdown):
    errors, result = load_with(tmp_path, f"    text: '{markdown}'\n")
    assert errors == [], [e.plain() for e in errors]
    assert "case" in result.collection.briefings


@pytest.mark.parametrize("url", ["//evil.example/x", "http:///etc/passwd", "guidance.pdf", "file:///etc/passwd"])
def test_resource_addresses_must_be_full_web_addresses(tmp_path, url):
    text = MINIMAL + f"resources:\n  - title: A resource\n    url: '{url}'\n"
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    (root / "case.yml").write_text(text, encoding="utf-8")
    errors = [d for d in load_collection(root).diagnostics if d.severity == "error"]
    [error] = errors
    assert error.line == len(text.splitlines())


def test_no_pdf_is_written_with_a_file_link():
    """The check behind validation: WeasyPrint would resolve `notes.pdf` to file:///... ."""
    html = ('<html lang="en"><body><p><a href="https://example.org/">fine</a> '
            '<a href="notes.pdf">relative</a></p></body></html>')
    document = render_document(html, str(REPO / "overrides" / "sheet" / "sheet.html"), 10)
    with pytest.raises(UnsafeLink, match="notes.pdf"):
        write_pdf(document, "0" * 32)
    safe = render_document(html.replace("notes.pdf", "mailto:a@example.org"),
                           str(REPO / "overrides" / "sheet" / "sheet.html"), 10)
    assert write_pdf(safe, "0" * 32).startswith(b"%PDF")


def test_a_run_of_brackets_is_refused_before_the_parser_sees_it(tmp_path):
    fine, _ = load_with(tmp_path / "a", "    text: '" + "[a](https://e.example/) " * 40 + "'\n")
    assert fine == []
    errors, _ = load_with(tmp_path / "b", "    detail: '" + "[" * 20_000 + "'\n    text: x\n")
    [error] = errors
    assert "square brackets" in error.message
