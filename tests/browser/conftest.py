"""A real Chromium looking at the built site, served over HTTP from localhost.

The site is built once per session (tests/conftest.py: built_site); every browser test shares
the server and the browser. Debian's chromium is driven through Playwright's executable_path
because Playwright's own browser download does not work on these machines.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# How Chromium runs on these machines: the same flags `sevenminute gates` uses, named once there.
from sevenminute.cli.gates import CHROMIUM_ARGS

from gates import AXE_JS, STRUCTURE_JS, VNU_JAR, Finding, record_requests, run_axe

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BROKEN = Path(__file__).resolve().parent / "broken"


def _require(path: Path, what: str) -> None:
    if not path.exists():
        pytest.fail(f"{what} is missing ({path}): run `bash scripts/install-test-tools.sh` "
                    "(or `make test`), which installs it")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, *args) -> None:  # the gates report what matters
        pass

    def translate_path(self, path: str) -> str:
        # The site lives below its site_url's path, as it will when deployed.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(self.prefix):])


def site_prefix(site: Path) -> str:
    """The path of the site_url the site was built for (its 404 page links to absolute paths
    below it), read back from the sitemap MkDocs writes."""
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        match = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
        if match:
            path = urlsplit(match.group(1)).path
            return path if path.endswith("/") else path + "/"
    return "/"


def serve(directory: Path, prefix: str = "/"):
    """Serve a folder on 127.0.0.1 at a free port from a thread; returns (server, base URL)."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}),
                                directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="session")
def base_url(site: Path):
    server, url = serve(site, site_prefix(site))
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def broken_url():
    server, url = serve(BROKEN)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def page_paths(site: Path) -> list[str]:
    """Every page of the built site as a path below the base URL: each index.html's folder
    (the URL readers use) and the 404 page."""
    paths = sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        # The web editor is Decap CMS's own app, checked on its screens by test_cms_browser.py.
        if not p.relative_to(site).as_posix().startswith("admin/")
    )
    if (site / "404.html").exists():
        paths.append("404.html")
    assert paths, f"the built site at {site} has no pages"
    return paths


@pytest.fixture(scope="session")
def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing ({CHROMIUM}): run `bash scripts/install-test-tools.sh`")
    _require(AXE_JS, "axe-core")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Browser tests wait for a condition (a selector, a URL, a function that becomes true), never for
# a length of time. Every wait also has this limit, a safety net for a machine too busy to answer,
# set far above what any condition takes (Playwright's own default is 30 s): a test fails on it only
# when the condition never comes.
SAFETY_NET_MS = 180_000


def new_context(browser, *, scheme: str = "light", width: int = 1280, height: int = 900, **options):
    # A fresh context has empty local storage, so Material's palette follows the emulated
    # prefers-color-scheme (mkdocs.yml: palette entries with `media`). `options` go to
    # Playwright's new_context (java_script_enabled=False, reduced_motion=...).
    context = browser.new_context(**{
        "viewport": {"width": width, "height": height}, "color_scheme": scheme,
        "reduced_motion": "reduce", "service_workers": "block", **options,
    })
    context.set_default_timeout(SAFETY_NET_MS)
    context.set_default_navigation_timeout(SAFETY_NET_MS)
    return context


@pytest.fixture
def desktop(browser):
    context = new_context(browser)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    _require(VNU_JAR, "vnu.jar (npm package vnu-jar)")
    if not shutil.which("java"):
        pytest.fail("java is missing: run `bash scripts/install-test-tools.sh`")
    return VNU_JAR


@dataclass(frozen=True)
class Visit:
    requested: list[str]     # every URL the browser asked for while loading the page
    structure: dict          # gates.STRUCTURE_JS: title, lang, headings, landmarks
    axe: list[Finding]       # axe-core violations in the light palette


@pytest.fixture(scope="session")
def light_visits(browser, base_url, page_paths) -> dict[str, Visit]:
    """Every page loaded once in the light palette at desktop width, for the gates that read
    the same load: requests (test_requests), structure (test_structure), axe (test_axe)."""
    context = new_context(browser, scheme="light")
    page = context.new_page()
    visits = {}
    try:
        for path in page_paths:
            url = base_url + path
            requested = record_requests(context, page, url)
            structure = page.evaluate(STRUCTURE_JS)
            structure["scheme"] = page.evaluate("() => document.body.dataset.mdColorScheme")
            visits[url] = Visit(requested, structure, run_axe(page, url))
    finally:
        context.close()
    return visits
