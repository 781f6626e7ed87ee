"""Injection: every payload in every field is refused with a located error or shown as inert text.

The page body, the sheet's HTML, the listings and the feeds are all checked; a browser proof of the
same payloads runs in tests/browser/test_injection_browser.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from sevenminute.core.loading import load_collection
from sevenminute.printing.sheet_html import sheet_html
from sevenminute.web import feeds
from sevenminute.web.catalogue import Catalogue, catalogue_pages, home_sections
from sevenminute.web.pages import render_briefing_page

from .payloads import cases, write_case

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "hostile" / "minimal.yml"
CASES = cases()
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "#", "../", "./", "/")
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "input", "base", "meta",
                  "frame", "frameset", "applet", "details", "body"}


def live_markup(html: str, *, document: bool = False) -> list[str]:
    """Everything in `html` that could run or load something: tags, handlers, URL schemes."""
    problems = []
    tree = lxml.html.document_fromstring(html) if document else lxml.html.fragment_fromstring(html, create_parent="div")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        in_head = any(a.tag == "head" for a in element.iterancestors())
        template_head = in_head and element.tag in ("meta", "link", "style", "title")
        if element.tag in DANGEROUS_TAGS and not (document and element.tag == "body") and not template_head:
            problems.append(f"<{element.tag}>")
        if element.tag in ("style", "link") and not in_head:
            problems.append(f"<{element.tag}> in the body")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{name}= on <{element.tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                v = value.strip()
                ours = element.tag == "img" and "qr" in element.get("class", "") and v.startswith("data:image/")
                if not ours and not (v.startswith(SAFE_SCHEMES) or v == "" or ":" not in v.split("/")[0]):
                    problems.append(f"{name}={v!r} on <{element.tag}>")
                if element.tag == "img" and not ours:
                    problems.append(f"<img src={v!r}>")
    return problems


def test_there_are_at_least_a_hundred_injection_cases():
    assert len(CASES) >= 100
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case_id,payload,apply", CASES, ids=[c[0] for c in CASES])
def test_payload_is_refused_or_inert(tmp_path, case_id, payload, apply):
    root = tmp_path / "briefings"
    shutil.copytree(REPO / "briefings", root)
    write_case(root, BASE, "payload", payload, apply)
    result = load_collection(root)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        # Refused: each error names a file, a line and a column, and no output is made.
        for d in errors:
            assert d.line >= 1 and d.column >= 1 and d.path.endswith(".yml"), d.plain()
        return
    collection = result.collection
    assert collection is not None and "payload" in collection.briefings
    site_url = "https://briefings.example/"
    body = render_briefing_page(collection, "payload", site_url=site_url)
    assert live_markup(body) == [], body
    sheet = sheet_html(collection, "payload", site_url=site_url)
    assert live_markup(sheet, document=True) == []
    catalogue = Catalogue(collection)
    assert live_markup(home_sections(catalogue, "")) == []
    for page in catalogue_pages(catalogue, "Seven-minute briefings"):
        if "payload" in page.body or "Key" in page.body:
            assert live_markup(page.body) == [], page.path
    atom = feeds.atom(collection, site_url, "Site", "Description")
    atom = atom.decode() if isinstance(atom, bytes) else atom
    assert "<script" not in atom.replace("&lt;script", "")
    parsed = json.loads(feeds.json_feed(collection, site_url, "Site", "Description"))  # bytes or str
    for item in parsed["items"]:
        if "content_html" in item:
            assert live_markup(item["content_html"]) == []
    if "{{ 7*7 }}" in payload:
        assert "{{ 7*7 }}" in lxml.html.fromstring(body).text_content()
