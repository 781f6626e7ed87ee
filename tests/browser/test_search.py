"""Search in a real Chromium, on the built site served under its site_url path: the results show
each briefing's title, partnership, kind and date; every filter narrows to exactly the briefings
that have its value; a phrase printed only on a sheet finds its briefing; every request stays on
the site, under its path; the page with results on show passes axe. Keyboard use is in
test_keyboard.py. Waits are on conditions the page reaches, never on a clock."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import SAFETY_NET_MS, new_context
from gates import report, run_axe

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def collection():
    from sevenminute.core.loading import load_collection

    result = load_collection(REPO / "briefings")
    assert result.collection is not None
    return result.collection


def search(page, base_url: str, words: str = "", **filters: str) -> list[dict]:
    """Open the search page, type `words`, choose `filters` (key -> value), wait until the
    results on show are for them, show them all, and return them as a reader sees them."""
    page.goto(base_url + "search/", wait_until="load")
    if words:
        page.focus("#search-q")
        page.keyboard.type(words)
    for key, value in filters.items():
        page.select_option(f"select[data-filter={key}]", value)
    wanted = {"q": words, **filters} if words else dict(filters)
    page.wait_for_function(
        "w => document.getElementById('search-results').dataset.for === new URLSearchParams(w).toString()",
        arg=wanted)
    while page.is_visible("#search-more"):
        count = page.locator("#search-results > li").count()
        page.click("#search-more")
        page.wait_for_function("n => document.querySelectorAll('#search-results > li').length > n",
                               arg=count)
    return page.evaluate("""() => [...document.querySelectorAll('#search-results > li')].map(li => ({
        title: li.querySelector('h2').innerText.trim(),
        href: li.querySelector('h2 a').getAttribute('href'),
        url: li.querySelector('h2 a').href,
        meta: (li.querySelector('.search-result__meta') || {}).innerText || '',
        excerpt: (li.querySelector('.search-result__excerpt') || {}).innerText || '',
    }))""")


def briefing_slug(url: str) -> str | None:
    match = re.search(r"/briefings/([^/]+)/$", urlsplit(url).path)
    return match.group(1) if match else None


def test_results_show_title_partnership_kind_and_date(desktop, base_url, collection):
    from sevenminute.rendering.template_data import briefing_view

    for slug, briefing in collection.briefings.items():
        results = search(desktop, base_url, briefing.title)
        found = [r for r in results if briefing_slug(r["url"]) == slug]
        assert found, f"searching for {briefing.title!r} does not list its briefing: {results}"
        first = found[0]
        view = briefing_view(collection, slug)
        assert first["title"] == briefing.title
        assert view.partnership.name in first["meta"], first
        assert view.kind_label in first["meta"], first
        if view.review_type or briefing.month:
            assert view.date_label in first["meta"], first


@pytest.mark.parametrize("key", ["kind", "audience", "theme", "partnership", "review_type", "year"])
def test_each_filter_lists_exactly_the_briefings_with_its_value(desktop, base_url, collection, key):
    from sevenminute.web.search_facets import briefing_facets, filter_choices

    choices = filter_choices(collection)[key]
    desktop.goto(base_url + "search/", wait_until="load")
    options = desktop.eval_on_selector_all(f"select[data-filter={key}] option",
                                           "os => os.map(o => o.value).filter(Boolean)")
    assert options == choices, f"the {key} filter offers {options}, the briefings have {choices}"
    for value in choices:
        expected = {s for s in collection.briefings if value in briefing_facets(collection, s).filters.get(key, [])}
        results = search(desktop, base_url, **{key: value})
        got = {briefing_slug(r["url"]) for r in results}
        assert got == expected, f"{key} = {value!r} lists {sorted(got)}, expected {sorted(expected)}"


def test_a_filter_narrows_a_search_for_words(desktop, base_url, collection):
    from sevenminute.web.search_facets import briefing_facets

    everything = {briefing_slug(r["url"]) for r in search(desktop, base_url, "safeguarding")} - {None}
    assert len(everything) > 1, "a common word should find several briefings"
    slug = sorted(everything)[0]
    partnership = briefing_facets(collection, slug).filters["partnership"][0]
    narrowed = search(desktop, base_url, "safeguarding", partnership=partnership)
    got = {briefing_slug(r["url"]) for r in narrowed}
    expected = {s for s in everything if collection.partnerships[collection.briefings[s].partnership].name == partnership}
    assert got == expected, f"'safeguarding' in {partnership!r}: {sorted(got)}, expected {sorted(expected)}"


def test_a_phrase_only_on_a_sheet_finds_its_briefing(desktop, base_url, site, collection):
    from sevenminute.printing.sheet_text import sheet_text
    from sevenminute.printing.siteaddress import printable_url

    if not list((site / "sheets").glob("*.pdf")):
        pytest.skip("this site was built without sheets (BRIEFING_SHEETS=false)")
    # The address the sheets were printed for: the sitemap's, when the build had a real one.
    found = re.search(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    address = printable_url(found.group(1)) if found else None
    checked = 0
    for slug in collection.briefings:
        page_html = " ".join((site / "briefings" / slug / "index.html").read_text(encoding="utf-8").split())
        # A line of words (no numbers or symbols, which a search splits its own way) of at least
        # six words that the page does not show.
        only_on_sheet = [line for line in sheet_text(collection, slug, address).splitlines()
                         if len(line.split()) >= 6 and line not in page_html
                         and all(w.strip(".,;:").isalpha() for w in line.split())]
        if not only_on_sheet:
            continue
        phrase = " ".join(only_on_sheet[0].split()[:8]).rstrip(".,")
        results = search(desktop, base_url, f'"{phrase}"')
        found = [r for r in results if briefing_slug(r["url"]) == slug]
        assert found, f"the sheet of {slug} prints {phrase!r}, which its page does not show; a search " \
                      f"for it does not lead to the briefing: {results}"
        assert found[0]["title"].startswith(collection.briefings[slug].title)
        checked += 1
    assert checked, "no sheet prints a phrase its page does not show: nothing to check"


def test_search_requests_stay_on_the_site_under_its_path(browser, base_url):
    context = new_context(browser)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        results = search(page, base_url, "Family T")
    finally:
        context.close()
    assert results, "no results for 'Family T'"
    prefix = base_url  # scheme, host, port and the site_url path
    outside = [u for u in requested if not u.startswith(prefix) and not u.startswith(("data:", "blob:"))]
    assert not outside, "requests outside the site's address and path:\n" + "\n".join(outside)
    assert any("/pagefind/" in u for u in requested), "the search fetched nothing from the index"
    assert not any(u.endswith("search_index.json") for u in requested), "Material's lunr index is still fetched"
    for r in results:
        assert r["url"].startswith(prefix), f"the result {r['title']!r} leads outside the site: {r['url']}"


def test_search_works_with_the_site_served_under_a_sub_path(browser, site):
    # Wherever the site is deployed (a project page is below /repository-name/), the search finds
    # its index and its results lead to pages below that path.
    from conftest import serve

    server, base = serve(site, "/a/deeper/sub-path/")
    context = new_context(browser)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        results = search(page, base, "Family T")
    finally:
        context.close()
        server.shutdown()
    assert any(briefing_slug(r["url"]) == "family-t" for r in results), results
    assert all(r["url"].startswith(base) for r in results), [r["url"] for r in results]
    assert [u for u in requested if "/pagefind/" in u] and all(
        u.startswith(base) for u in requested if "/pagefind/" in u), requested


def test_the_search_page_with_results_passes_axe(browser, base_url):
    findings = []
    for scheme in ("light", "dark"):
        context = new_context(browser, scheme=scheme)
        page = context.new_page()
        try:
            results = search(page, base_url, "safeguarding")
            assert results
            findings += run_axe(page, page.url)
        finally:
            context.close()
    assert not findings, report(findings, "accessibility violations on the search page with results")


@pytest.fixture
def preview(tmp_path):
    """`make serve` (mkdocs serve --livereload) on a copy of this repository, without sheets."""
    import os
    import shutil
    import signal
    import subprocess
    import sys

    from test_preview import free_port, wait_for

    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "briefings"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SEVENMINUTE_PROGRESS": "0", "BRIEFING_SHEETS": "false"}
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--livereload",
                                   "-a", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}/seven-minute-briefings/"
        try:
            wait_for(base + "pagefind/pagefind-entry.json", lambda text: "languages" in text)
            yield project, base
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def test_the_preview_keeps_a_working_search(browser, preview):
    from test_preview import wait_for

    project, base = preview
    context = new_context(browser)

    def search_once(words: str) -> list[dict]:
        # A page of its own each time: live reload reloads an open page when the site is rebuilt.
        page = context.new_page()
        try:
            return search(page, base, words)
        finally:
            page.close()

    try:
        assert any(briefing_slug(r["url"]) == "family-t" for r in search_once("Family T"))
        # An edit while previewing: the rebuilt site's index finds the new words.
        source = project / "briefings" / "family-t.yml"
        source.write_text(source.read_text(encoding="utf-8").replace(
            "summary: ", "summary: Okapiword appears here. ", 1), encoding="utf-8")
        wait_for(base + "briefings/family-t/", lambda html: "Okapiword" in html)
        # The page is written before the index is rebuilt: search again until the new index is
        # there (each search loads the search page and its index afresh).
        deadline = time.monotonic() + SAFETY_NET_MS / 1000  # a safety net: the wait is for the index
        found = search_once("Okapiword")
        while not found and time.monotonic() < deadline:
            found = search_once("Okapiword")
        # The briefing, and the home page, whose newest briefings show their summaries.
        assert "family-t" in [briefing_slug(r["url"]) for r in found], found
    finally:
        context.close()
