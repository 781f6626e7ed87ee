"""The Nu HTML Checker (vnu) on every HTML file of the built site: zero errors."""

from __future__ import annotations

import pytest

from gates import report, vnu_findings

pytestmark = pytest.mark.browser


def test_every_page_is_valid_html(vnu_jar, html_files):
    findings = vnu_findings(html_files)
    assert not findings, report(findings, "Nu HTML Checker errors")
