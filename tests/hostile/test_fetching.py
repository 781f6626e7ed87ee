"""A printed document fetches nothing it is told to: only the theme's own files.

With WeasyPrint's default fetcher one CSS line embeds a file from outside the project into every
sheet, another makes HTTP requests from the build, and `<link rel=attachment>` attaches any file
to the PDF. Each case here is planted in a copy of the toolkit (its code and its theme, so the
copy's theme is the one printed), the `sevenminute` command of that copy makes the
documents, and a local HTTP server records every request that reaches it. The control at the end
shows the same plants do fetch and attach with WeasyPrint's default fetcher, so the tests can fail."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pikepdf
import pytest

from sevenminute.rendering.environment import THEME_DIR

from .project import REPO

SECRET = "OUTSIDE-SECRET-7f3a"


@pytest.fixture(scope="module")
def server():
    """A local HTTP server that answers every request and remembers its path."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            seen.append(self.path)
            body = f".sheet::before {{ content: '{SECRET}'; }}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()


@pytest.fixture
def toolkit(tmp_path: Path) -> Path:
    """A copy of the toolkit (code, theme, briefings) to plant in, and a secret file beside it."""
    copy = tmp_path / "toolkit"
    shutil.copytree(REPO / "scripts", copy / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    # The theme is the package sevenminute.theme: inside the copy's package, it is the one found.
    shutil.copytree(THEME_DIR, theme(copy), ignore=shutil.ignore_patterns("__pycache__"))
    (theme(copy) / "__init__.py").touch()
    shutil.copytree(REPO / "briefings", copy / "briefings")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.css").write_text(f".sheet::after {{ content: '{SECRET}'; }}\n")
    (tmp_path / "outside" / "secret.txt").write_text(SECRET + "\n")
    return copy


def theme(toolkit: Path) -> Path:
    return toolkit / "scripts" / "sevenminute" / "theme"


def run(toolkit: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(toolkit / "scripts"),
           "SEVENMINUTE_CACHE": str(toolkit.parent / "cache"), "SITE_URL": "https://briefings.example/"}
    return subprocess.run([sys.executable, "-m", "sevenminute", *args], cwd=toolkit, env=env,
                          capture_output=True, text=True, timeout=300)


def append(path: Path, text: str, *, before: str | None = None) -> int:
    """Add `text` to a theme file (before the first `before`, or at the end); its line number."""
    content = path.read_text(encoding="utf-8")
    at = content.index(before) if before else len(content)
    path.write_text(content[:at] + text + content[at:], encoding="utf-8")
    return content.count("\n", 0, at) + 1


def no_attachment_or_outside_file(pdf: Path) -> None:
    """Read back: no embedded file, no file-attachment annotation, no outside text."""
    with pikepdf.open(pdf) as document:
        assert len(document.attachments) == 0
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/Type") not in ("/EmbeddedFile", "/Filespec"), obj
                assert obj.get("/Subtype") != "/FileAttachment", obj
    assert SECRET.encode() not in pdf.read_bytes()


PLANTS = {
    # name: (file in the theme, what to add, where)
    "css-import-over-http": ("sheet/sheet.css", '@import url("{server}/import.css");\n', "@import"),
    "css-image-over-http": ("sheet/sheet.css", '.sheet {{ background: url("{server}/image.png"); }}\n', None),
    "font-over-http": ("assets/stylesheets/fonts.css",
                       '@font-face {{ font-family: "X"; src: url("{server}/font.woff2"); }}\n', None),
    "outside-css-absolute": ("sheet/sheet.css", '@import url("file://{outside}/secret.css");\n', "@import"),
    "outside-css-relative": ("sheet/sheet.css", '@import url("{relative}/secret.css");\n', "@import"),
    "attachment-outside": ("sheet/sheet.html", '<link rel="attachment" href="file://{outside}/secret.txt">\n',
                           "</head>"),
    "attachment-own-file": ("sheet/sheet.html", '<link rel="attachment" href="sheet.css">\n', "</head>"),
    "attachment-over-http": ("sheet/sheet.html", '<a rel="attachment" href="{server}/x.txt">x</a>\n', "</body>"),
}


def plant(toolkit: Path, name: str, server: str) -> tuple[Path, int]:
    file, text, before = PLANTS[name]
    path = theme(toolkit) / file
    outside = toolkit.parent / "outside"
    relative = os.path.relpath(outside, path.parent)
    return path, append(path, text.format(server=server, outside=outside, relative=relative), before=before)


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_a_sheet_fetches_and_attaches_nothing_outside_its_theme(toolkit, server, name):
    address, seen = server
    seen.clear()
    path, line = plant(toolkit, name, address)
    out = toolkit.parent / "sheet.pdf"
    result = run(toolkit, "sheet", "child-i", "-o", str(out))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
    shown = os.path.relpath(path, toolkit)
    assert f"{shown}:{line}:" in output, output[-3000:]
    assert "error:" in output and ("may not carry an attached file" in output or "not one of the theme's files" in output
                                   or "from the network" in output), output[-3000:]
    assert not out.exists()
    assert seen == []


def test_clear_print_copies_blank_records_and_packs_fetch_nothing_outside(toolkit, server):
    address, seen = server
    seen.clear()
    cases = {"clearprint/clearprint.css": f'@import url("{address}/clear.css");\n',
             "record/blank.css": f'@import url("file://{toolkit.parent}/outside/secret.css");\n'}
    for file, text in cases.items():
        path = theme(toolkit) / file
        line = append(path, text, before="@import")
        result = run(toolkit, "sheets", "--jobs", "1")
        output = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
        assert f"{os.path.relpath(path, toolkit)}:{line}:" in output, output[-3000:]
        path.write_text(path.read_text().replace(text, ""))
    pack_html = theme(toolkit) / "sheet" / "pack.html"
    line = append(pack_html, '<link rel="attachment" href="pack.html">\n', before="</head>")
    out = toolkit.parent / "pack.pdf"
    result = run(toolkit, "pack", "--slugs", "child-i", "-o", str(out))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
    assert "may not carry an attached file" in output and not out.exists(), output[-3000:]
    assert seen == []


def test_the_theme_own_files_are_served_and_the_pdfs_carry_no_attachment(toolkit, server):
    address, seen = server
    out = toolkit.parent / "pack.pdf"
    assert run(toolkit, "sheets", "--jobs", "1").returncode == 0
    result = run(toolkit, "pack", "--slugs", "child-i,family-t", "-o", str(out))
    assert result.returncode == 0, result.stderr
    pdfs = [out, *sorted((toolkit.parent / "cache").rglob("*.pdf"))]
    # The pack; each briefing's sheet, clear-print copy and blank record.
    assert len(pdfs) == 1 + 3 * len(list((toolkit / "briefings").glob("*.yml")))
    for pdf in pdfs:
        no_attachment_or_outside_file(pdf)
        with pikepdf.open(pdf) as document:  # the theme's font was served: it is embedded
            fonts = {str(f.get("/BaseFont")) for page in document.pages
                     for f in page.Resources.get("/Font", {}).values()}
            assert any("Atkinson" in f for f in fonts), fonts


def test_control_weasyprints_default_fetcher_does_fetch_and_attach(toolkit, server, tmp_path):
    """Without the theme's fetcher the same plants reach the server and attach the file."""
    from weasyprint import HTML

    address, seen = server
    seen.clear()
    for name in ("css-import-over-http", "attachment-outside"):
        plant(toolkit, name, address)
    sheet = theme(toolkit) / "sheet" / "sheet.html"
    html = sheet.read_text().replace("{", "").replace("}", "")  # the template's frame is enough
    target = tmp_path / "control.pdf"
    HTML(string=html, base_url=str(sheet)).write_pdf(target)
    assert seen == ["/import.css"]
    with pikepdf.open(target) as document:
        assert len(document.attachments) == 1
