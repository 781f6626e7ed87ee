"""Each gate fails on a page that breaks its rule (tests/browser/broken/): the gates that pass
on the site are the same functions, so a pass means something."""

from __future__ import annotations

import pytest

from conftest import BROKEN, new_context
from gates import (axe_findings, clipped_text_findings, focus_findings, foreign_request_findings,
                   horizontal_scroll_findings, record_requests, vnu_findings)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_file, rule", [
    ("low-contrast.html", "color-contrast"),
    ("image-without-alt.html", "image-alt"),
])
def test_axe_reports_a_broken_page(desktop, broken_url, page_file, rule):
    findings = axe_findings(desktop, broken_url + page_file)
    rules = [f.rule.split()[0] for f in findings]
    assert rule in rules, f"axe did not report {rule} on {page_file}: {findings}"
    # What a person needs to fix it is in the message.
    message = str(next(f for f in findings if f.rule.startswith(rule)))
    assert page_file in message and "dequeuniversity.com" in message


def test_request_recorder_reports_an_external_font(browser, broken_url):
    context = new_context(browser)
    page = context.new_page()
    try:
        url = broken_url + "external-font.html"
        findings = foreign_request_findings(url, record_requests(context, page, url))
    finally:
        context.close()
    assert [f.element for f in findings] == ["https://fonts.googleapis.com/css2?family=Roboto&display=swap"]


def test_vnu_reports_an_invalid_page(vnu_jar):
    findings = vnu_findings([BROKEN / "invalid.html", BROKEN / "low-contrast.html"])
    pages = {f.page.split(":")[0] for f in findings}
    assert pages == {str(BROKEN / "invalid.html")}
    hints = " ".join(f.hint for f in findings)
    assert "tabindex" in hints and "“div” not allowed as child of element “ul”" in hints


def test_reflow_gates_report_a_wide_and_a_clipped_box(browser, broken_url):
    context = new_context(browser, width=320, height=640)
    page = context.new_page()
    try:
        url = broken_url + "wide.html"
        wide = horizontal_scroll_findings(page, url)
        clipped = clipped_text_findings(page, url)
    finally:
        context.close()
    assert len(wide) == 1 and "600 pixels" in wide[0].element
    assert [f.element.split()[0] for f in clipped] == ["p"]


def test_focus_gate_reports_an_invisible_focus(desktop, broken_url):
    findings = focus_findings(desktop, broken_url + "no-focus-outline.html")
    assert len(findings) == 1 and "A link with its focus outline removed" in findings[0].element
