"""The briefings as feeds, newest first: Atom (feed.xml) and JSON Feed 1.1 (feed.json).

Every link is absolute, made from the site URL. Dates come from the content (the month a briefing
was published or held, and its last-reviewed date), never from the clock, so the same input
gives the same bytes."""

from __future__ import annotations

import json
from datetime import date
from xml.etree import ElementTree as ET

from sevenminute.core.collection import Collection
from sevenminute.rendering.template_data import page_path

ATOM_PATH = "feed.xml"
JSON_PATH = "feed.json"
ATOM_NS = "http://www.w3.org/2005/Atom"


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def _day(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _published(collection: Collection, slug: str) -> str | None:
    month = collection.briefings[slug].month
    return f"{month}-01T00:00:00Z" if month else None


def newest_update(collection: Collection) -> date | None:
    """The newest last-reviewed date: the feed's own update time, and the build's date."""
    return max((b.last_reviewed for b in collection.briefings.values()), default=None)


def atom(collection: Collection, site_url: str, site_name: str, description: str = "") -> bytes:
    base = _base(site_url)
    ET.register_namespace("", ATOM_NS)
    q = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": collection.site.language})
    ET.SubElement(feed, q("title")).text = site_name
    if description:
        ET.SubElement(feed, q("subtitle")).text = description
    ET.SubElement(feed, q("id")).text = base
    ET.SubElement(feed, q("link"), {"rel": "alternate", "type": "text/html", "href": base})
    ET.SubElement(feed, q("link"), {"rel": "self", "type": "application/atom+xml", "href": base + ATOM_PATH})
    updated = newest_update(collection)
    ET.SubElement(feed, q("updated")).text = _day(updated) if updated else "1970-01-01T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, q("author")), q("name")).text = site_name
    for slug in collection.newest_first():
        b = collection.briefings[slug]
        url = base + page_path(slug)
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("title")).text = b.title
        ET.SubElement(entry, q("id")).text = url
        ET.SubElement(entry, q("link"), {"rel": "alternate", "type": "text/html", "href": url})
        published = _published(collection, slug)
        if published:
            ET.SubElement(entry, q("published")).text = published
        ET.SubElement(entry, q("updated")).text = _day(b.last_reviewed)
        ET.SubElement(ET.SubElement(entry, q("author")), q("name")).text = collection.partnerships[b.partnership].name
        for theme in b.themes:
            ET.SubElement(entry, q("category"), {"term": theme, "label": collection.themes[theme].name,
                                                 "scheme": base + "themes/"})
        ET.SubElement(entry, q("summary"), {"type": "text"}).text = b.summary
    ET.indent(feed, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def json_feed(collection: Collection, site_url: str, site_name: str, description: str = "") -> bytes:
    base = _base(site_url)
    items = []
    for slug in collection.newest_first():
        b = collection.briefings[slug]
        item: dict[str, object] = {
            "id": base + page_path(slug),
            "url": base + page_path(slug),
            "title": b.title,
            "summary": b.summary,
            "content_text": b.summary,
        }
        published = _published(collection, slug)
        if published:
            item["date_published"] = published
        item["date_modified"] = _day(b.last_reviewed)
        item["authors"] = [{"name": collection.partnerships[b.partnership].name}]
        item["tags"] = [collection.themes[t].name for t in b.themes]
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site_name,
        "home_page_url": base,
        "feed_url": base + JSON_PATH,
        "language": collection.site.language,
        **({"description": description} if description else {}),
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
