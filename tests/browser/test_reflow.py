"""Reflow (WCAG 1.4.10) and text spacing (WCAG 1.4.12).

At 320 CSS pixels wide (1280 px zoomed to 400%) no page scrolls sideways; with the text-spacing
overrides of 1.4.12 applied, no text on the home page, the briefing pages and the listings is
cut off by a box that hides its overflow.
"""

from __future__ import annotations

import pytest

from conftest import new_context
from gates import clipped_text_findings, horizontal_scroll_findings, report

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_at_320_px(browser, base_url, page_paths):
    context = new_context(browser, width=320, height=640)
    page = context.new_page()
    findings = []
    try:
        for path in page_paths:
            findings += horizontal_scroll_findings(page, base_url + path)
    finally:
        context.close()
    assert not findings, report(findings, "pages that scroll sideways at 320 CSS px")


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_clips_no_text(browser, base_url, page_paths, width):
    spaced = [p for p in page_paths if p == "" or p.startswith("briefings/")]
    spaced += [p for p in page_paths if p.count("/") == 1 and p not in spaced]  # listings, glossary
    context = new_context(browser, width=width, height=800)
    page = context.new_page()
    findings = []
    try:
        for path in spaced:
            findings += clipped_text_findings(page, base_url + path)
    finally:
        context.close()
    assert not findings, report(findings, f"texts clipped with WCAG 1.4.12 spacing at {width} px")
