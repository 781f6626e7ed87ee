"""Keyboard use: the first Tab reaches a skip link to the main content, focus is always visible,
and search, the palette toggle and the navigation (desktop sidebar and narrow-screen menu) work
from the keyboard alone."""

from __future__ import annotations

import pytest

from conftest import new_context
from gates import Finding, focus_findings, report, settle

pytestmark = pytest.mark.browser

SKIP_LINK_JS = """() => {
    const a = document.activeElement;
    if (!a || a.tagName !== 'A') return {ok: false, html: a ? a.outerHTML.slice(0, 160) : '(nothing)'};
    const href = a.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
    const r = a.getBoundingClientRect();
    return {ok: true, html: a.outerHTML.slice(0, 160).replace(/\\s+/g, ' '), text: a.innerText.trim(), href,
            inMain: !!(target && target.closest('main')),
            visible: r.width >= 1 && r.height >= 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight};
}"""


def tab_until(page, predicate_js: str, limit: int = 40) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!(e && ({predicate_js})); }}"):
            return True
    return False


def test_first_tab_reaches_a_skip_link_on_every_page(browser, base_url, page_paths):
    context = new_context(browser)
    page = context.new_page()
    findings = []
    try:
        for path in page_paths:
            url = base_url + path
            page.goto(url, wait_until="load")
            page.keyboard.press("Tab")
            s = page.evaluate(SKIP_LINK_JS)
            if not (s["ok"] and "skip" in s["text"].lower() and s["inMain"] and s["visible"]):
                findings.append(Finding(
                    page=url, rule="WCAG 2.4.1 bypass blocks", element=s["html"],
                    hint="the first Tab must reach a visible 'Skip to content' link whose target "
                         "(#id) is inside <main>; Material renders it from the page's first heading"))
                continue
            page.keyboard.press("Enter")
            moved = page.evaluate("h => location.hash === h", s["href"])
            if not moved:
                findings.append(Finding(page=url, rule="WCAG 2.4.1 bypass blocks", element=s["html"],
                                        hint="pressing Enter on the skip link does not move to its target"))
    finally:
        context.close()
    assert not findings, report(findings, "pages without a working skip link")


@pytest.mark.parametrize("width", [1280, 320])
def test_focus_is_always_visible(browser, base_url, page_paths, width):
    context = new_context(browser, width=width)
    page = context.new_page()
    findings = []
    try:
        for path in page_paths:  # every page: focus styles come from shared CSS, but content differs
            findings += focus_findings(page, base_url + path)
    finally:
        context.close()
    assert not findings, report(findings, f"places where keyboard focus is invisible at {width} px")


def test_search_works_from_the_keyboard(desktop, base_url, page_paths):
    page = desktop
    page.goto(base_url, wait_until="load")
    settle(page)
    # The search form of every page: Tab reaches it, Enter opens the search page with the words.
    assert tab_until(page, "e.matches('input[name=q]')"), "Tab never reaches the search box"
    page.keyboard.type("Family T")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/" in page.url, f"Enter in the search box led to {page.url}"
    page.wait_for_function("() => document.getElementById('search-results').dataset.for === 'q=Family+T'")
    assert page.input_value("#search-q") == "Family T", "the search page lost the words typed"
    page.focus("#search-q")  # where a reader goes back to, to change the words
    # Tab goes on from the words through the filters, each a select a keyboard can change.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('button[type=submit]')"), "Tab from the words skips the Search button"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('select[data-filter]')"), "Tab never reaches the filters"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.id === 'search-q'"), "Shift+Tab does not lead back to the words"
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.closest('#search-results li') !== null")
    assert focused, "ArrowDown from the search box does not move to the first result"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/briefings/family-t/" in page.url, f"Enter on the first result for 'Family T' led to {page.url}"


def test_a_filter_is_chosen_from_the_keyboard(desktop, base_url):
    page = desktop
    page.goto(base_url + "search/", wait_until="load")
    settle(page)
    select = "select[data-filter=year]"
    page.focus(select)
    first = page.eval_on_selector(select, "s => s.options[1].value")
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrow keys
    page.wait_for_function("v => new URLSearchParams(location.search).get('year') === v "
                           "&& document.getElementById('search-results').dataset.for === 'year=' + encodeURIComponent(v)",
                           arg=first)
    assert page.locator("#search-results > li").count() > 0, f"choosing the year {first} by keyboard lists nothing"


def test_palette_toggle_works_from_the_keyboard(browser, base_url):
    context = new_context(browser, scheme="light")
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        settle(page)
        assert tab_until(page, "e.matches('input.md-option')"), "Tab never reaches the palette toggle"
        before = page.evaluate("() => document.body.dataset.mdColorScheme")
        page.keyboard.press("Enter")
        page.wait_for_function("b => document.body.dataset.mdColorScheme !== b", arg=before)
        after = page.evaluate("() => document.body.dataset.mdColorScheme")
        assert (before, after) == ("default", "slate")
        # The choice is kept on the next page.
        page.goto(base_url + "glossary/", wait_until="load")
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    finally:
        context.close()


def test_navigation_works_from_the_keyboard(desktop, base_url):
    page = desktop
    page.goto(base_url, wait_until="load")
    settle(page)
    assert tab_until(page, "e.matches('nav.md-nav--primary a[href$=\"glossary/\"]')"), \
        "Tab never reaches the Glossary link in the navigation"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/glossary/")


def test_menu_works_from_the_keyboard_on_a_narrow_screen(browser, base_url):
    context = new_context(browser, width=320, height=640)
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        settle(page)
        assert tab_until(page, "e.matches('[for=\"__drawer\"]')", limit=5), \
            "Tab never reaches the menu button on a narrow screen"
        button = "document.activeElement"
        assert page.evaluate(f"() => {button}.getAttribute('aria-expanded')") == "false", \
            "the closed menu's button does not say it is collapsed (aria-expanded)"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.getElementById('__drawer').checked"), "Enter does not open the menu"
        assert page.evaluate(f"() => {button}.getAttribute('aria-expanded')") == "true", \
            "the open menu's button does not say it is expanded (aria-expanded)"
        page.keyboard.press("Escape")
        assert not page.evaluate("() => document.getElementById('__drawer').checked"), "Escape does not close the menu"
        assert page.evaluate("() => document.activeElement.matches('[for=\"__drawer\"]') "
                             "&& document.activeElement.getAttribute('aria-expanded') === 'false'"), \
            "after Escape, focus is not back on the menu button, or it still says expanded"
        page.keyboard.press(" ")
        assert page.evaluate("() => document.getElementById('__drawer').checked"), "Space does not open the menu"
        assert tab_until(page, "e.matches('nav.md-nav--primary a[href$=\"glossary/\"]')"), \
            "Tab never reaches the Glossary link in the open menu"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/glossary/")
    finally:
        context.close()
