"""The injection payloads in a real browser: a site built from every case the validator accepts
(tests/hostile/payloads.py; the refused cases never reach a page) is loaded page by page in
Chromium, and no payload runs script, opens a dialog or makes the browser fetch from elsewhere.

alert, confirm, prompt and print are replaced before any page script runs, in every frame, with
recorders; a real dialog would be recorded too. A control page with live payloads proves the
recorders and the request check see what they are meant to see."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, new_context, serve
from gates import foreign_request_findings
from hostile.project import build_command, build_env, make_project
from payload_site import accepted_cases, write_payload_briefings

pytestmark = pytest.mark.browser

RECORDERS = """(() => {
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        window[name] = (...args) => {
            window.__xssReport(`${name}(${args.join(', ')}) in ${location.href}`);
            return name === 'confirm' ? false : null;
        };
    }
})();"""

# Live markup left in the page as the browser built it: handlers, script URLs, embedded content
# and scripts that mention alert. Material's own markup has none of these.
LIVE_MARKUP_JS = """() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const value = attr.value.trim().toLowerCase();
            if (attr.name.startsWith('on')) found.push(`${attr.name}= on <${el.localName}>`);
            if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(attr.name) &&
                /^(javascript|vbscript|data:text)/.test(value.replace(/[\\s\\u0000-\\u001f]/g, '')))
                found.push(`${attr.name}="${attr.value.slice(0, 60)}" on <${el.localName}>`);
        }
        if (['iframe', 'object', 'embed', 'frame', 'base'].includes(el.localName))
            found.push(`<${el.localName}>`);
        if (el.localName === 'script' && /alert|prompt|confirm|msgbox/.test(el.textContent))
            found.push(`<script>${el.textContent.slice(0, 60)}</script>`);
    }
    return found;
}"""

CONTROL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>control</title></head><body>
<img src="x" onerror="alert(1)"><script>confirm('control')</script>
<img src="https://evil.example/tracker.png" alt="">
</body></html>"""


@pytest.fixture(scope="module")
def offline_browser(browser):
    """The shared Chromium's kind, launched so that no host name or address outside 127.0.0.1
    resolves: a request to another site is seen (and recorded) but fails on this machine, and
    the browser cache stays on (routing requests through Playwright would turn it off)."""
    offline = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    yield offline
    offline.close()


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    """The site built from every accepted case, served on 127.0.0.1 at the address it was
    built for (its site_url), so that its absolute links stay on the same origin."""
    root = tmp_path_factory.mktemp("payload-site")
    accepted, refused = accepted_cases(root / "scratch")
    assert len(accepted) + len(refused) >= 100 and len(accepted) >= 100
    briefings = root / "briefings"
    slugs = write_payload_briefings(briefings, accepted)
    project = make_project(root / "project", briefings)
    server, base_url = serve(project / "site")
    try:
        build = subprocess.run(build_command(project), cwd=project, env=build_env(base_url, sheets=False),
                               capture_output=True, text=True, timeout=600)
        assert build.returncode == 0, f"the payload site does not build:\n{build.stderr[-4000:]}"
        yield project / "site", base_url, slugs
    finally:
        server.shutdown()


def site_pages(site: Path) -> list[str]:
    """Every page as a path below the base URL (each index.html's folder, and the 404 page)."""
    paths = sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                   for p in site.rglob("index.html"))
    return paths + (["404.html"] if (site / "404.html").exists() else [])


class Recorder:
    """One browser context with the recorders installed, and every dialog and request noted."""

    def __init__(self, browser, base_url: str) -> None:
        self.context = new_context(browser)
        self.ran: list[str] = []
        self.requested: list[str] = []
        self.context.expose_binding("__xssReport", self._report)
        self.context.add_init_script(RECORDERS)
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)

    def _report(self, source, what: str) -> None:
        self.ran.append(f"{what} (page {source['page'].url})")

    def _dialog(self, dialog) -> None:
        self.ran.append(f"a {dialog.type} dialog opened: {dialog.message!r} on {self.page.url}")
        dialog.dismiss()

    def visit(self, url: str) -> tuple[list[str], list[str], list[str], bool]:
        """Load `url`; returns (script that ran, live markup in the DOM, foreign requests,
        whether the page shows a payload as text)."""
        ran, requested = len(self.ran), len(self.requested)
        self.page.goto(url, wait_until="load")
        live, shows = self.page.evaluate(f"() => [({LIVE_MARKUP_JS})(), document.body.innerText.includes('alert(')]")
        foreign = foreign_request_findings(url, self.requested[requested:])
        return self.ran[ran:], live, [str(f) for f in foreign], shows

    def close(self) -> None:
        self.context.close()


def test_no_payload_runs_script_or_fetches_from_elsewhere_in_chromium(offline_browser, payload_site):
    site, base_url, slugs = payload_site
    pages = site_pages(site)
    assert all(f"briefings/{slug}/" in pages for slug in slugs), "a payload briefing has no page"
    recorder = Recorder(offline_browser, base_url)
    live, foreign = [], []
    carrying = 0
    started = time.monotonic()
    try:
        for path in pages:
            url = base_url + path
            _, markup, f, shows = recorder.visit(url)
            live += [f"{url}: {m}" for m in markup]
            foreign += f
            carrying += shows
        loaded = time.monotonic()
        # The search page renders results from the index of every page: search for the payloads
        # too, and show every result (each "Show more results" adds a batch).
        recorder.visit(base_url + "search/")
        # The payload briefings all say "A summary long enough" or "Minimal briefing".
        for query in ("summary", "Minimal", "Partnership"):
            recorder.page.fill("#search-q", query)
            recorder.page.wait_for_function(
                "q => document.getElementById('search-results').dataset.for === new URLSearchParams({q}).toString()",
                arg=query, timeout=60000)
            while recorder.page.is_visible("#search-more"):
                shown = recorder.page.locator("#search-results > li").count()
                recorder.page.click("#search-more")
                recorder.page.wait_for_function(
                    "n => document.querySelectorAll('#search-results > li').length > n", arg=shown, timeout=60000)
            live += [f"search results for {query}: {m}" for m in recorder.page.evaluate(LIVE_MARKUP_JS)]
        searched = time.monotonic()
        ran = list(recorder.ran)  # every recorder call and dialog, on any page or in search

        # The control: live payloads on a page of the same site are seen by the same checks.
        (site / "xss-control.html").write_text(CONTROL, encoding="utf-8")
        control_ran, control_live, control_foreign, _ = recorder.visit(base_url + "xss-control.html")
    finally:
        recorder.close()
    print(f"\n{len(pages)} pages loaded in {loaded - started:.0f} s, search {searched - loaded:.0f} s ({len(slugs)} payload briefings, {carrying} pages showing a "
          f"payload as text); scripts run: {len(ran)}; live markup: {len(live)}; foreign requests: {len(foreign)}")

    assert any("alert(1)" in r for r in control_ran) and any("confirm(control)" in r for r in control_ran), control_ran
    assert any("onerror" in m for m in control_live), control_live
    assert any("evil.example" in f for f in control_foreign), control_foreign
    assert carrying >= 100, "the payloads are not on the pages as text: the test is not testing them"

    assert not ran, f"{len(ran)} payloads ran script:\n" + "\n".join(sorted(set(ran))[:50])
    assert not live, f"{len(live)} live payloads in the DOM:\n" + "\n".join(live[:50])
    assert not foreign, f"{len(foreign)} requests to other sites:\n" + "\n".join(foreign[:50])
