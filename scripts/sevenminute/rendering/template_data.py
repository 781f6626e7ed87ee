"""What a page or a sheet shows of a briefing: plain data for the templates, built once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from sevenminute.core import model as m
from sevenminute.core.collection import Collection, ResolvedPoint

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def month_name(year_month: str) -> str:
    year, month = year_month.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def tel_href(number: str) -> str:
    digits = re.sub(r"[^0-9+]", "", number)
    return f"tel:{digits}"


TOPIC_LABEL = "Topic briefing"
AUDIENCE_LABELS = {"children": "Children", "adults": "Adults", "all ages": "All ages"}
AGE_LABELS = {"children": "Age of child", "adults": "Age of adult"}


def review_type_label(review_type: m.ReviewType) -> str:
    return f"{review_type.name} ({review_type.abbreviation})" if review_type.abbreviation else review_type.name


@dataclass(frozen=True)
class SheetLink:
    href: str  # relative to the briefing page
    size_bytes: int

    @property
    def size_label(self) -> str:
        return f"{max(1, round(self.size_bytes / 1024))} KB"


@dataclass(frozen=True)
class MeetingLinks:
    """What a briefing's page links to for a team meeting; hrefs are relative to that page."""

    present: str
    record: str | None = None  # None when the site has turned the action record off
    clear_print: SheetLink | None = None  # None when the site is built without PDFs
    blank_record: SheetLink | None = None


@dataclass(frozen=True)
class BriefingView:
    slug: str
    briefing: m.Briefing
    partnership_id: str
    partnership: m.Partnership
    format_id: str
    format: m.Format
    review_type_id: str  # "none" for a topic briefing
    review_type: m.ReviewType | None  # None for a topic briefing
    audience: str | None  # "children", "adults", "all ages" or None (no single group)
    themes: list[tuple[str, m.Theme]]
    points: list[ResolvedPoint]
    resources: list[m.Link]
    site: m.Site
    emergency: m.Phone
    page_url: str | None  # absolute, when the site URL is known
    edit_url: str | None
    content_hash: str

    @property
    def date_label(self) -> str:
        b = self.briefing
        if b.published:
            return f"Published {month_name(b.published)}"
        if b.held:
            return f"Review held {month_name(b.held)}"
        return "Date not given in the source"

    @property
    def at_risk(self) -> str:
        """Whom a reader may be worried about, in the contact block: the briefing's audience, so an
        adults' review never tells its readers what to do about "a child"."""
        return {"children": "a child", "adults": "an adult"}.get(self.audience or "", "a child or an adult")

    @property
    def kind_label(self) -> str:
        """What kind of briefing this is, on every page, sheet and card."""
        return review_type_label(self.review_type) if self.review_type else TOPIC_LABEL

    @property
    def audience_label(self) -> str | None:
        return AUDIENCE_LABELS.get(self.audience) if self.audience else None

    @property
    def age_label(self) -> str:
        """'Age of child' only where the briefing concerns children."""
        return AGE_LABELS.get(self.audience or "", "Age")

    @property
    def last_reviewed_label(self) -> str:
        return long_date(self.briefing.last_reviewed)


def content_hash(collection: Collection, slug: str) -> str:
    """A short hash of everything that decides what this briefing shows: the version stamp."""
    return content_digest(collection, slug)[:10]


def content_digest(collection: Collection, slug: str) -> str:
    """The full SHA-256 behind content_hash: a cache key that needs no rendering."""
    b = collection.briefings[slug]
    parts = [
        b.model_dump_json(),
        collection.partnerships[b.partnership].model_dump_json(),
        collection.site.model_dump_json(),
        collection.format_of(slug).model_dump_json(),
        repr(collection.review_types.get(collection.review_type_id(slug))),
        *(collection.themes[t].model_dump_json() for t in b.themes),
        *(link.model_dump_json() for link in collection.resources_of(slug)),
        repr(sorted(collection.glossary.items())),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def briefing_view(collection: Collection, slug: str, site_url: str | None = None) -> BriefingView:
    b = collection.briefings[slug]
    base = site_url.rstrip("/") + "/" if site_url else None
    repo = collection.site.repository_url
    return BriefingView(
        slug=slug,
        briefing=b,
        partnership_id=b.partnership,
        partnership=collection.partnerships[b.partnership],
        format_id=collection.format_id(b),
        format=collection.format_of(slug),
        review_type_id=collection.review_type_id(slug),
        review_type=None if collection.is_topic(slug) else collection.review_types[b.review_type],
        audience=collection.audience(slug),
        themes=[(t, collection.themes[t]) for t in b.themes],
        points=collection.points(slug),
        resources=collection.resources_of(slug),
        site=collection.site,
        emergency=collection.site.emergency,
        page_url=f"{base}{page_path(slug)}" if base else None,
        edit_url=f"{repo.rstrip('/')}/edit/main/briefings/{collection.sources[slug].name}" if repo else None,
        content_hash=content_hash(collection, slug),
    )


# Where things live on the site: one place, used by the pages, the sheets and the feeds.
def page_path(slug: str) -> str:
    return f"briefings/{slug}/"


def sheet_path(slug: str) -> str:
    return f"sheets/{slug}.pdf"


def present_path(slug: str) -> str:
    return f"briefings/{slug}/present/"


def record_path(slug: str) -> str:
    return f"briefings/{slug}/record/"


def clear_print_path(slug: str) -> str:
    return f"clear-print/{slug}.pdf"


def blank_record_path(slug: str) -> str:
    return f"records/{slug}.pdf"


# The PDFs that go with each sheet, by kind, and where each is published (printing/companions.py
# makes them; the site links to them).
CLEAR_PRINT = "clear-print"
RECORD = "record"
COMPANION_PATHS = {CLEAR_PRINT: clear_print_path, RECORD: blank_record_path}


def theme_path(theme: str) -> str:
    return f"themes/{theme}/"


def partnership_path(pid: str) -> str:
    return f"partnerships/{pid}/"


def review_type_path(rid: str) -> str:
    return f"review-types/{rid}/"


def kind_path(kind: str) -> str:
    return f"kinds/{kind}/"


def audience_path(audience: str) -> str:
    return f"audiences/{audience.replace(' ', '-')}/"


def year_path(year: str) -> str:
    return f"years/{year}/"


# Turns a link target in briefing text into the href the medium uses (None: show it as text).
Linker = Callable[[str], "str | None"]


def template_context(view: BriefingView, medium: str, link: Linker) -> dict[str, object]:
    """What every briefing partial may use, on a page ("web") or a sheet ("sheet")."""
    return {
        "v": view,
        "medium": medium,
        "link": link,
        "partnership_page": partnership_path(view.partnership_id),
        "review_type_page": review_type_path(view.review_type_id) if view.review_type else None,
        "audience_page": audience_path(view.audience) if view.audience else None,
        "kind_pages": {"topic": kind_path("topic"), "review": kind_path("review")},
        "theme_pages": {tid: theme_path(tid) for tid, _ in view.themes},
        "verified": (long_date(view.partnership.contact.verified)
                     if view.partnership.contact.verified else None),
    }
