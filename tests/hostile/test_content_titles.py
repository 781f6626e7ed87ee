"""Titles and summaries in any script, emoji included, reach the page title, the description, the
search index and both feeds intact. Before, an emoji (outside the Basic Multilingual Plane) was
written into the page's front matter as a JSON surrogate pair that YAML refuses, and MkDocs silently
dropped the whole front matter: the page lost its title, search title and description."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest

from sevenminute.mkdocs.front_matter import front_matter as _front_matter

from .project import REPO, make_project, run_build

SITE_URL = "https://briefings.example/"
# The title is printed on the sheet, so it keeps to the sheet font's letters; the summary is not.
TITLE = "Café “Child Z”: <b>bold</b> & 'quotes' \\ back"
SUMMARY = "Learning for every team 😀 儿童保护 — देवनागरी, Ŵales, 🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f."


@pytest.mark.parametrize("text", [TITLE, SUMMARY, "😀", "tab\there", "a\nb", '"::"', "\\U0001f600"])
def test_front_matter_round_trips_through_mkdocs(text):
    from mkdocs.utils.meta import get_data

    _, meta = get_data(_front_matter(text, text) + "body")
    import html

    assert meta == {"title": html.escape(text), "description": html.escape(text)}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    briefings = tmp_path_factory.mktemp("b") / "briefings"
    shutil.copytree(REPO / "briefings", briefings)
    minimal = (REPO / "tests" / "hostile" / "minimal.yml").read_text(encoding="utf-8")
    text = minimal.replace("title: Minimal briefing", f"title: {json.dumps(TITLE, ensure_ascii=False)}").replace(
        "summary: A short summary of what happened and why it matters.", f"summary: {json.dumps(SUMMARY, ensure_ascii=False)}")
    (briefings / "child-z.yml").write_text(text, encoding="utf-8")
    project = make_project(tmp_path_factory.mktemp("p") / "project", briefings)
    result = run_build(project, SITE_URL, sheets=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_page_title_and_description_are_intact(site):
    page = next(site.glob("**/child-z/index.html"))
    tree = lxml.html.fromstring(page.read_bytes())
    assert TITLE in tree.findtext(".//title")
    assert tree.xpath("string(//meta[@name='description']/@content)") == SUMMARY
    assert tree.xpath("string(//h1)").strip() == TITLE


def test_search_index_has_the_title(site):
    from search_entries import search_entries

    [entry] = [e for e in search_entries(site) if e["url"].rstrip("/").endswith("child-z")]
    assert entry["meta"]["title"] == TITLE  # the search page shows it as text


def test_feeds_are_well_formed_and_carry_the_text(site):
    atom = ET.parse(site / "feed.xml").getroot()  # raises on an ill-formed feed
    texts = " ".join(atom.itertext())
    assert TITLE in texts and SUMMARY in texts
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if "child-z" in i["url"])
    assert item["title"] == TITLE and SUMMARY in json.dumps(item, ensure_ascii=False)
