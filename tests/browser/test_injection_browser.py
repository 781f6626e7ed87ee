"""A script payload in every string field of every briefing and data file, checked on the finished
site in Chromium.

tests/browser/payload_site.py puts each payload (an <img onerror>, a </title><script>, an
attribute break-out, a javascript: address, a Markdown javascript: link, the same written with
entities) in every string field the model has, at once; a field that refuses one must do so with
an error on its own line. The site is then built once by `mkdocs build` from what the fields
took, and every page (the 404 page, present views, action records, listings, guide pages), the
feeds, the sitemap and the search index (each entry rendered as the search page renders it,
and a real search) is loaded in Chromium, which must show each payload as text: no script runs
(a payload calls _x(n), which records n), no element or attribute made by a payload is in the
DOM, no payload is escaped twice, and nothing is fetched from another site.

A control page with live payloads on the same site proves that the recorders and scans see what
they are meant to see."""

from __future__ import annotations

import html
import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from conftest import CHROMIUM, CHROMIUM_ARGS, new_context, serve
from gates import foreign_request_findings
from hostile.project import build_command, build_env, make_project
from payload_site import PAYLOADS, PayloadFolder, dict_keys, model_fields_of_files
from sevenminute.core import model as m
from sevenminute.core.collection import DATA_FILES

pytestmark = pytest.mark.browser

# Before any page script: every way a payload could run reports to the test.
RECORDERS = """(() => {
    const report = what => window.__xssReport(`${what} in ${location.href}`);
    window._x = n => report(`_x(${n})`);
    window._e = n => report(`_e(${n})`);
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        window[name] = (...args) => { report(`${name}(${args.join(', ')})`); return null; };
    }
})();"""

# What a payload would leave in the DOM if it were markup: event handler attributes, script
# addresses, embedded or base elements, an <img src=x>, scripts that call the payload's function,
# and any attribute holding a payload's call other than those that carry text (a page's
# description, a label, a title, the record form's briefing title that record.js reads as text,
# an Atom category's label) or a mailto: link whose subject is percent-encoded.
# data-value: a briefing's search filters and result fields (overrides/briefing/search-facets.html),
# read as text by Pagefind and shown by the search page as text.
TEXT_ATTRIBUTES = ["content", "aria-label", "title", "alt", "value", "placeholder", "data-title", "label",
                   "data-value"]
SCAN_JS = """textAttributes => {
    const live = [], texts = [];
    const marker = /_[xe]\\(\\d+\\)/;
    for (const el of document.querySelectorAll('*')) {
        const name = el.localName;
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
            if (attr.name.startsWith('on')) live.push(`${attr.name}="${attr.value.slice(0, 60)}" on <${name}>`);
            else if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(attr.name) &&
                     /^(javascript|vbscript|data:text)/.test(value))
                live.push(`${attr.name}="${attr.value.slice(0, 60)}" on <${name}>`);
            else if (marker.test(attr.value) && !textAttributes.includes(attr.name) &&
                     !(attr.name === 'href' && value.startsWith('mailto:') && !/[<>" ]/.test(attr.value)))
                live.push(`${attr.name}="${attr.value.slice(0, 60)}" on <${name}> carries a payload`);
            if (marker.test(attr.value) && textAttributes.includes(attr.name)) texts.push(attr.value);
        }
        if (['iframe', 'object', 'embed', 'frame', 'base'].includes(name)) live.push(`<${name}>`);
        if (name === 'img' && el.getAttribute('src') === 'x') live.push('<img src=x>');
        if (name === 'script' && /_[xe]\\(|alert\\(/.test(el.textContent))
            live.push(`<script>${el.textContent.slice(0, 60)}</script>`);
    }
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentNode && node.parentNode.localName;
        if (parent !== 'script' && parent !== 'style' && marker.test(node.data)) texts.push(node.data);
    }
    if (marker.test(document.title)) texts.push(document.title);
    return {live, texts};
}"""

CONTROL = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>control</title></head><body>
<img src="x" onerror="_x(900001)"><script>_x(900002)</script><a href="javascript:_x(900003)">a</a>
<p>&amp;lt;img src=x onerror=_x(900004)&amp;gt;</p>
<img src="https://evil.example/tracker.png" alt="">
</body></html>"""

# The heading-like fields: each must have taken the markup payloads, or the test is not
# testing the places that were live (the "On this page" list, the present view, the 404 page).
HEADINGS = ["KeyMessage.title", "Point.heading", "PointHeading.heading", "PointHeading.suggestion",
            "Partnership.name", "Partnership.short_name", "Phone.label"]


@pytest.fixture(scope="module")
def offline_browser(browser):
    """Chromium launched so that no host outside 127.0.0.1 resolves: a request to another site
    is seen (and recorded) but fails on this machine."""
    offline = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    yield offline
    offline.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> PayloadFolder:
    folder = PayloadFolder(tmp_path_factory.mktemp("payload-folder") / "briefings")
    stray = folder.try_payloads()
    assert not stray, "errors that point at no poisoned field:\n" + "\n".join(e.plain() for e in stray)
    errors = folder.write_poisoned()
    assert not errors, "the poisoned folder does not load:\n" + "\n".join(e.plain() for e in errors)
    return folder


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory, folder):
    """The finished site built once from the poisoned folder (without the PDFs, which run no
    script), served at the address it was built for."""
    root = tmp_path_factory.mktemp("payload-site")
    project = make_project(root / "project", folder.root)
    server, base_url = serve(project / "site")
    try:
        build = subprocess.run(build_command(project), cwd=project,
                               env=build_env(base_url, sheets=False, project=project),
                               capture_output=True, text=True, timeout=900)
        assert build.returncode == 0, f"the payload site does not build:\n{build.stderr[-4000:]}"
        yield project / "site", base_url
    finally:
        server.shutdown()


def test_every_string_field_takes_the_payloads_or_refuses_them_on_its_line(folder):
    reached = {leaf.field for leaf in folder.leaves}
    missing = model_fields_of_files() - reached
    assert not missing, ("string fields of the model that no file in the payload folder reaches; "
                         "give payload_site.py a file with one: " + ", ".join(sorted(missing)))
    for leaf in folder.leaves:
        for kind, error in leaf.refused.items():
            assert Path(error.path).resolve() == (folder.root / leaf.file).resolve(), (leaf, error)
            assert error.message and error.hint, f"{leaf.file} {leaf.field}: refused without a reason and a fix"
    took = {leaf.field for leaf in folder.leaves if {"img", "attr"} <= set(leaf.accepted)}
    assert set(HEADINGS) <= took, f"heading fields that took no markup payload: {set(HEADINGS) - took}"
    fields = sorted(reached)
    print(f"\n{len(folder.leaves)} strings in {len(fields)} fields; "
          f"{sum(bool(leaf.accepted) for leaf in folder.leaves)} took a payload, "
          f"{sum(len(leaf.refused) for leaf in folder.leaves)} refusals, each on the field's line")


# Dict keys the model lets hold any text. Site.lints names lints for `sevenminute check`, which
# refuses a name it does not know; the name is printed on no page.
FREE_KEYS = {"Site.lints{}"}


def test_every_dict_key_is_an_id_no_payload_can_be():
    """The payloads go in every field's value; a dict's keys (ids, point keys, abbreviations) are
    not poisoned, so each must refuse every payload by its type, or be named in FREE_KEYS."""
    keys = {}
    for model in [m.Briefing, *DATA_FILES.values()]:
        keys.update(dict_keys(model))
    free = set()
    for name, key_type in keys.items():
        adapter = TypeAdapter(key_type)
        for template in PAYLOADS.values():
            try:
                adapter.validate_python(template.format(n=0))
            except ValidationError:
                continue
            free.add(name)
    assert free == FREE_KEYS, f"dict keys that take a payload: {sorted(free)}"
    assert len(keys) >= 8, sorted(keys)


def site_urls(site: Path) -> list[str]:
    """Every page (each index.html's folder and the 404 page) and every other file a reader's
    browser may open: feeds, sitemap, search index."""
    pages = sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                   for p in site.rglob("index.html"))
    others = sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                    if p.suffix in (".xml", ".json") and p.is_file())
    return pages + ["404.html"] + others


def search_entries_page(site: Path) -> str:
    """Every search index entry (Pagefind's, read back from its files) as the search page shows
    it (assets/javascripts/search.js): the title and the result fields as text, and the text
    read as HTML of which only the text (and Pagefind's <mark>) is kept."""
    import lxml.html

    from search_entries import search_entries

    def shown(text: str) -> str:
        return lxml.html.fragment_fromstring(text, create_parent="div").text_content() if text.strip() else ""

    entries = "".join(
        f"<article><h2>{html.escape(e['meta'].get('title', ''))}</h2>"
        f"<p>{html.escape(' · '.join(v for k, v in sorted(e['meta'].items()) if k != 'title'))}</p>"
        f"<div>{html.escape(shown(e['content']))}</div></article>" for e in search_entries(site))
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>search entries</title></head><body>{entries}</body></html>'


class Recorder:
    """One browser context with the recorders installed, and every report and request noted."""

    def __init__(self, browser) -> None:
        self.context = new_context(browser)
        self.ran: list[str] = []
        self.requested: list[str] = []
        self.context.expose_binding("__xssReport", lambda source, what: self.ran.append(what))
        self.context.add_init_script(RECORDERS)
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: (self.ran.append(f"a {dialog.type} dialog on {self.page.url}"),
                                               dialog.dismiss()))

    def scan(self) -> dict:
        return self.page.evaluate(SCAN_JS, TEXT_ATTRIBUTES)

    def visit(self, url: str) -> tuple[dict, list[str]]:
        requested = len(self.requested)
        self.page.goto(url, wait_until="load")
        return self.scan(), [str(f) for f in foreign_request_findings(url, self.requested[requested:])]


def twice_escaped(folder: PayloadFolder, texts: list[str]) -> list[str]:
    """Payloads shown escaped twice (a reader would see &lt; or &amp;)."""
    joined = "\n".join(texts)
    found = []
    for leaf in folder.leaves:
        for kind in leaf.accepted:
            payload = PAYLOADS[kind].format(n=leaf.number)
            escaped = html.escape(payload)
            if escaped != payload and escaped in joined:
                found.append(f"{leaf.file} {leaf.field}: {escaped}")
    return found


@pytest.fixture(scope="module")
def findings(offline_browser, payload_site, folder):
    site, base_url = payload_site
    urls = site_urls(site)
    (site / "xss-search-entries.html").write_text(search_entries_page(site), encoding="utf-8")
    (site / "xss-control.html").write_text(CONTROL, encoding="utf-8")
    recorder = Recorder(offline_browser)
    live, foreign, texts = [], [], []
    by_url: dict[str, list[str]] = {}
    started = time.monotonic()
    try:
        for path in [*urls, "xss-search-entries.html"]:
            scan, f = recorder.visit(base_url + path)
            by_url[path] = scan["texts"]
            live += [f"{path}: {m}" for m in scan["live"]]
            if not path.endswith(".json"):  # JSON shown raw holds HTML; its entries are rendered below
                texts += scan["texts"]
            foreign += f
        # A real search renders its results from the index: wait for them (conftest's safety net
        # is the only limit).
        recorder.visit(base_url + "search/")
        recorder.page.focus("#search-q")
        recorder.page.keyboard.type("briefing")  # typed: the search page searches as words are typed
        recorder.page.wait_for_selector("#search-results li")
        scan = recorder.scan()
        live += [f"search results: {m}" for m in scan["live"]]
        texts += scan["texts"]
        ran = list(recorder.ran)
        control, control_foreign = recorder.visit(base_url + "xss-control.html")
        control_ran = recorder.ran[len(ran):]
    finally:
        recorder.context.close()
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    texts += [item[key] for item in feed["items"] for key in ("title", "summary", "content_text") if key in item]
    shown = {int(n) for t in texts for n in re.findall(r"_[xe]\((\d+)\)", t)}
    print(f"\n{len(urls)} pages and files loaded in {time.monotonic() - started:.0f} s; payloads of "
          f"{len(shown)} strings shown as text; scripts run: {len(ran)}; live markup: {len(live)}")
    return {"ran": ran, "live": live, "foreign": foreign, "texts": texts, "shown": shown, "urls": urls,
            "by_url": by_url,
            "control": (control, control_ran, control_foreign)}


def test_the_checks_see_live_payloads(findings, folder):
    control, ran, foreign = findings["control"]
    assert {"_x(900001)", "_x(900002)"} <= {r.split(" in ")[0] for r in ran}, ran
    assert any("onerror" in m for m in control["live"]) and any("javascript:" in m for m in control["live"]), control
    assert any("evil.example" in f for f in foreign), foreign
    assert any("&lt;img" in t for t in control["texts"]), "the control's text escaped twice is not seen"
    # The pages carry the payloads as text: this test is testing them.
    assert {"404.html", "feed.xml", "sitemap.xml", "pagefind/pagefind-entry.json"} <= set(findings["urls"])
    assert any(u.endswith("/present/") for u in findings["urls"]) and any(u.endswith("/record/") for u in findings["urls"])
    took = {leaf.number for leaf in folder.leaves if leaf.accepted}
    assert len(findings["shown"] & took) >= 0.8 * len(took), \
        f"only {len(findings['shown'] & took)} of {len(took)} poisoned strings are shown on the site"
    for field in HEADINGS:
        numbers = {leaf.number for leaf in folder.leaves if leaf.field == field}
        assert numbers & findings["shown"], f"no page shows the payload in {field}"
    # The 404 page shows site.yml's emergency label: that payload is on it, as text.
    emergency = next(leaf for leaf in folder.leaves if leaf.file == "data/site.yml" and leaf.path == ("emergency", "label"))
    assert any(f"_x({emergency.number})" in t for t in findings["by_url"]["404.html"]), "the 404 page lacks the label"


def named(folder: PayloadFolder, lines: list[str]) -> str:
    """The findings with the file and field each payload's number stands for."""
    def name(match: re.Match) -> str:
        leaf = folder.leaves[int(match.group(1))] if int(match.group(1)) < len(folder.leaves) else None
        return match.group(0) + (f" [{leaf.file} {leaf.field}]" if leaf else "")
    return "\n".join(re.sub(r"_[xe]\((\d+)\)", name, line, count=1) for line in lines[:50])


def test_no_payload_runs_script_on_any_page(findings, folder):
    ran = sorted(set(findings["ran"]))
    assert not ran, f"{len(ran)} payloads ran:\n" + named(folder, ran)


def test_no_payload_leaves_markup_in_any_page(findings, folder):
    live = findings["live"]
    assert not live, f"{len(live)} live payloads in the DOM:\n" + named(folder, live)


def test_no_payload_is_shown_escaped_twice(findings, folder):
    twice = twice_escaped(folder, findings["texts"])
    assert not twice, f"{len(twice)} payloads a reader sees escaped twice:\n" + "\n".join(twice[:50])


def test_no_payload_fetches_from_another_site(findings):
    assert not findings["foreign"], "requests to other sites:\n" + "\n".join(findings["foreign"][:50])
