"""`sevenminute gates [SITE]`: the gates every partnership's site passes before it is published,
run on that site's own built pages and PDFs (no briefing or partnership assumed): axe-core
(WCAG 2.x A and AA) and the Nu HTML Checker on its pages in a real Chromium, and two PDF/UA-1
validators (`page`, `outloud`) on its sheets and clear-print copies. A generated site's
`make test` and its CI run it; the toolkit's own tests run fuller gates (tests/browser/)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import click

from sevenminute.editors.site_init import TEST_TOOLS

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def sample(pages: list[Path], limit: int) -> list[Path]:
    """All pages, or `limit` of them spread evenly (the home page first), the same every run."""
    if not limit or len(pages) <= limit:
        return pages
    step = len(pages) / limit
    return [pages[int(i * step)] for i in range(limit)]


def vnu(jar: Path, files: list[Path]) -> list[str]:
    found = []
    for start in range(0, len(files), 200):  # one JVM per batch: ~1.4 GB for 1,000 pages at once
        run = subprocess.run(["java", "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json",
                              *map(str, files[start:start + 200])], capture_output=True, text=True)
        output = run.stderr.strip() or run.stdout.strip()
        for message in json.loads(output)["messages"] if output else []:
            if message.get("type") in ("error", "non-document-error"):
                found.append(f"{message.get('url', '').removeprefix('file:')}:{message.get('lastLine', '?')}: "
                             f"vnu: {message.get('message', '')}")
    return found


def axe(site: Path, axe_js: Path, pages: list[Path]) -> list[str]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            for path in pages:
                url = base + path.relative_to(site).as_posix().removesuffix("index.html")
                page.goto(url, wait_until="load")
                page.evaluate("() => document.fonts.ready.then(() => true)")
                page.add_script_tag(path=str(axe_js))
                result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
                                       "resultTypes: ['violations']})", AXE_TAGS)
                for violation in result["violations"]:
                    for node in violation["nodes"]:
                        found.append(f"{url}: axe {violation['id']}: {violation['help']} "
                                     f"({' > '.join(map(str, node['target']))})")
            browser.close()
    finally:
        server.shutdown()
    return found


def pdfs(files: list[Path]) -> list[str]:
    import page as pdf_ua  # page-validation

    found = [f"{p}: page [{f.rule_id}] {f.message}" for p in files
             for f in pdf_ua.validate_pdf(str(p), profile="ua1").failures]
    if files:
        outloud = Path(sys.executable).with_name("outloud")
        run = subprocess.run([str(outloud), "--json", "-", "--fail-on", "never", *map(str, files)],
                             capture_output=True, text=True, timeout=600)
        for result in json.loads(run.stdout)["results"]:
            found += [f"{result['path']}: outloud {f['severity']} {f['rule']}: {f['message']}"
                      for f in result["findings"] if f["severity"] in ("error", "warning")]
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise click.ClickException("Chromium is not installed: install Debian's `chromium` package "
                                   "(apt-get install chromium), or set CHROMIUM to its path")
    return found


@click.command()
@click.argument("site", default="site", type=click.Path(path_type=Path, file_okay=False))
@click.option("--tools", default="node_modules", show_default=True, type=click.Path(path_type=Path),
              help="The folder holding axe-core and vnu-jar (`npm ci` installs them)")
@click.option("--pages", "limit", default=0, show_default=True,
              help="Check at most this many pages, spread over the site (0: every page)")
@click.option("--sheets", "sheet_limit", default=0, show_default=True,
              help="Check at most this many PDFs (0: every PDF)")
def gates(site: Path, tools: Path, limit: int, sheet_limit: int) -> None:
    """Run the accessibility and validity gates on a built site (default: site/)."""
    axe_js = tools / "axe-core" / "axe.min.js"
    jar = tools / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not (site / "index.html").is_file():
        raise click.ClickException(f"{site}/index.html not found: build the site first (`make site`)")
    missing = [str(p) for p in (axe_js, jar) if not p.is_file()]
    if missing:
        raise click.ClickException(f"missing {', '.join(missing)}: run `npm ci` (package.json pins "
                                   f"{', '.join(f'{k} {v}' for k, v in TEST_TOOLS.items())})")
    pages = sorted(site.rglob("*.html"), key=lambda p: (p != site / "index.html", str(p)))
    pages = sample([p for p in pages if p.name != "404.html" or p.parent == site], limit)
    files = sample(sorted(site.rglob("*.pdf")), sheet_limit)
    click.echo(f"checking {len(pages)} pages (vnu, axe in Chromium) and {len(files)} PDFs (page, outloud)")
    found = vnu(jar, pages) + axe(site, axe_js, pages) + pdfs(files)
    for line in found:
        click.echo(line, err=True)
    if found:
        click.echo(f"{len(found)} problems: fix them and run `make test` again", err=True)
        sys.exit(1)
    click.echo("all gates pass")
