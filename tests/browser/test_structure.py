"""Every page has one h1, a unique <title>, lang="en-GB", the landmarks a screen-reader user
jumps between, and headings that form an outline without skipped levels."""

from __future__ import annotations

from collections import defaultdict

import pytest

from gates import Finding, report

pytestmark = pytest.mark.browser


def outline_findings(url: str, s: dict) -> list[Finding]:
    found = []

    def add(rule, element, hint):
        found.append(Finding(page=url, rule=rule, element=element, hint=hint))

    if s["lang"] != "en-GB":
        add("html-lang", f'<html lang="{s["lang"]}">',
            'set `theme.language: en-GB` in mkdocs.yml (partials/languages/en-GB.html)')
    if not s["title"].strip():
        add("document-title", "<title>", "give the page a title")
    h1s = [h for h in s["headings"] if h["level"] == 1]
    if len(h1s) != 1:
        add("one-h1", "; ".join(h["html"] for h in h1s) or "(none)",
            f"a page has exactly one h1 (its title); this one has {len(h1s)}")
    previous = 0
    for h in s["headings"]:
        if h["level"] > previous + 1:
            add("heading-order", h["html"],
                f"an h{h['level']} follows an h{previous} ({h['text']!r}): use h{previous + 1}, "
                "or the outline skips a level")
        previous = h["level"]
    for landmark, want in (("main", "exactly one"), ("banner", "one"), ("contentinfo", "one")):
        if s[landmark] != 1:
            add(f"landmark-{landmark}", f"{s[landmark]} found",
                f"a page has {want} {landmark} landmark")
    if s["nav"] < 1:
        add("landmark-navigation", "none found", "a page has a navigation landmark (<nav>)")
    return found


def test_every_page_has_a_sound_structure(light_visits):
    findings, titles = [], defaultdict(list)
    for url, visit in light_visits.items():
        titles[visit.structure["title"]].append(url)
        findings += outline_findings(url, visit.structure)
    for title, urls in titles.items():
        if len(urls) > 1:
            findings += [Finding(page=u, rule="unique-title", element=f"<title>{title}</title>",
                                 hint=f"{len(urls)} pages share this title: name each page for what it holds")
                         for u in urls]
    assert not findings, report(findings, "structure problems")


def test_outline_check_reports_a_skipped_level():
    """The outline check itself can fail: an h3 straight after the h1 is a skipped level."""
    s = {"lang": "en-GB", "title": "T", "main": 1, "nav": 1, "banner": 1, "contentinfo": 1,
         "headings": [{"level": 1, "text": "T", "html": "<h1>"}, {"level": 3, "text": "x", "html": "<h3>"}]}
    assert [f.rule for f in outline_findings("page", s)] == ["heading-order"]
