"""A loaded collection: the shared data files and the briefings, and what they say together (a
briefing's points in its format's order, whom it concerns, its glossary and resources).
core/loading.py reads a folder into one; core/references.py checks a briefing against it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from sevenminute.core import model as m

DATA_DIR = "data"
# Each shared data file, the model that reads it, and the name the schema file takes.
DATA_FILES: dict[str, type[BaseModel]] = {
    "site": m.Site,
    "formats": m.Formats,
    "partnerships": m.Partnerships,
    "themes": m.Themes,
    "review-types": m.ReviewTypes,
    "resources": m.Resources,
    "glossary": m.Glossary,
}
# Shared data the toolkit ships defaults for (sevenminute/defaults/): a site's own file of the same
# name adds entries and replaces those of the same id; without one the defaults stand alone.
DEFAULTS_DIR = Path(__file__).resolve().parents[1] / "defaults"
DEFAULT_DATA = ("formats", "review-types", "themes", "glossary")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NO_REVIEW = "none"  # the review type of a topic briefing, written or left out


@dataclass(frozen=True)
class ResolvedPoint:
    number: int
    key: str
    heading: str
    point: m.Point | None  # None: an optional point left out, shown as the site's `not_covered`
    source: str  # "briefing", "partnership" or "site": where the text came from; "none" if left out

    @property
    def suggested(self) -> bool:
        """Default text from the partnership or site: a suggestion, not the review's own."""
        return self.source in ("partnership", "site")


@dataclass
class Collection:
    root: Path
    site: m.Site
    formats: dict[str, m.Format]
    partnerships: dict[str, m.Partnership]
    themes: dict[str, m.Theme]
    review_types: dict[str, m.ReviewType]
    resources: dict[str, m.Link]
    glossary: dict[str, str]
    briefings: dict[str, m.Briefing] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def format_id(self, briefing: m.Briefing) -> str:
        return briefing.format or self.site.default_format

    def format_of(self, slug: str) -> m.Format:
        return self.formats[self.format_id(self.briefings[slug])]

    def points(self, slug: str) -> list[ResolvedPoint]:
        """The briefing's points in its format's order, numbered from 1 as shown: generic points
        take default text (headed as a suggestion); optional points the briefing leaves out are
        left off, or shown with the site's `not_covered` line."""
        briefing = self.briefings[slug]
        partnership = self.partnerships[briefing.partnership]
        resolved: list[ResolvedPoint] = []
        for heading in self.format_of(slug).points:
            number = len(resolved) + 1
            for source, points in (
                ("briefing", briefing.points),
                ("partnership", partnership.defaults),
                ("site", self.site.defaults),
            ):
                if heading.key in points and (source == "briefing" or heading.generic):
                    point = points[heading.key]
                    title = (point.heading if source == "briefing" and heading.heading is None
                             else heading.heading if source == "briefing" else heading.suggestion)
                    resolved.append(ResolvedPoint(number, heading.key, title or "", point, source))
                    break
            else:
                if self.site.not_covered and heading.heading:
                    resolved.append(ResolvedPoint(number, heading.key, heading.heading, None, "none"))
        return resolved

    def review_type_id(self, slug: str) -> str:
        """The briefing's review type; 'none' for a topic briefing."""
        return self.briefings[slug].review_type or NO_REVIEW

    def is_topic(self, slug: str) -> bool:
        return self.review_type_id(slug) == NO_REVIEW

    def audience(self, slug: str) -> str | None:
        """Whom the briefing concerns: its own `audience`, else its review type's."""
        briefing = self.briefings[slug]
        if briefing.audience:
            return briefing.audience
        review_type = self.review_types.get(self.review_type_id(slug))
        return review_type.audience if review_type else None

    def glossary_of(self, slug: str) -> dict[str, str]:
        """The abbreviations explained on a briefing's page: its own meanings win over the site's."""
        return {**self.glossary, **self.briefings[slug].glossary}

    def resources_of(self, slug: str) -> list[m.Link]:
        return [
            self.resources[entry] if isinstance(entry, str) else entry
            for entry in self.briefings[slug].resources
        ]

    def newest_first(self) -> list[str]:
        """Slugs by date, newest first; undated briefings last, each group by slug."""
        dated = sorted((s for s in self.briefings if self.briefings[s].month),
                       key=lambda s: (self.briefings[s].month, s), reverse=True)
        return dated + sorted(s for s in self.briefings if not self.briefings[s].month)
