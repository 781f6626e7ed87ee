"""axe-core's WCAG 2.0/2.1/2.2 A and AA rules on every page of the built site, in both palettes."""

from __future__ import annotations

import pytest

from conftest import new_context
from gates import axe_findings, report

pytestmark = pytest.mark.browser

# mkdocs.yml: the light palette is Material's `default` scheme, the dark one `slate`; a fresh
# browser follows the reader's prefers-color-scheme.
SCHEMES = {"light": "default", "dark": "slate"}


def test_every_page_passes_axe_in_the_light_palette(light_visits):
    findings = []
    for url, visit in light_visits.items():
        assert visit.structure["scheme"] == SCHEMES["light"], f"{url} is not in the light palette"
        findings += visit.axe
    assert not findings, report(findings, "axe-core violations in the light palette")


def test_every_page_passes_axe_in_the_dark_palette(browser, base_url, page_paths):
    context = new_context(browser, scheme="dark")
    page = context.new_page()
    findings = []
    try:
        for path in page_paths:
            findings += axe_findings(page, base_url + path)
            shown = page.evaluate("() => document.body.dataset.mdColorScheme")
            assert shown == SCHEMES["dark"], (
                f"{base_url + path} shows the '{shown}' scheme to a reader who prefers dark: "
                "the dark palette was not tested (mkdocs.yml: palette `media` queries)")
    finally:
        context.close()
    assert not findings, report(findings, "axe-core violations in the dark palette")
