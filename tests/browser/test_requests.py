"""Nothing is fetched from another site by the reader's browser: every request made while a
page loads (the page, its workers, its fonts) goes to the site's own origin."""

from __future__ import annotations

import pytest

from gates import foreign_request_findings, report

pytestmark = pytest.mark.browser


def test_every_page_requests_only_its_own_origin(light_visits):
    findings = []
    for url, visit in light_visits.items():
        findings += foreign_request_findings(url, visit.requested)
    # The recorder must see the site's own files (page, styles, scripts, fonts, search index),
    # or it would pass by seeing nothing.
    own = [r for visit in light_visits.values() for r in visit.requested]
    assert len(own) > 3 * len(light_visits)
    assert any(r.endswith(".woff2") for r in own), "no self-hosted font was requested"
    assert not findings, report(findings, "requests to other sites")
