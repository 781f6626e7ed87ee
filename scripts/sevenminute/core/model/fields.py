"""The field rules and named types of the model: strict classes, plain-English pattern checks,
Markdown, date and character checks, and the named strings (Slug, WebAddress, ...) the briefing
and the shared data share. Plain Python; nothing here knows about MkDocs or WeasyPrint."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sevenminute.core import textrules


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt field must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _matching(pattern: str, what: str, example: str, json_pattern: str | None = None):
    """A string constraint whose failure reads as plain English rather than a regex."""
    rx = re.compile(pattern)

    def check(value: str) -> str:
        if not rx.fullmatch(value):
            raise ValueError(f"{value!r} is not {what}; write it like {example}")
        return value

    return [
        AfterValidator(check),
        Field(json_schema_extra={"pattern": json_pattern or pattern, "examples": [example]}),
    ]


# Every string in every file passes the character check (textrules.check_characters).
Str = Annotated[str, AfterValidator(textrules.check_characters)]


def _inline_markdown(value: str) -> str:
    return textrules.check_markdown(value, block=False)


def _block_markdown(value: str) -> str:
    return textrules.check_markdown(value, block=True)


def _recent(value: date) -> date:
    # The day something was checked: never in the future (a page would say it was checked then).
    return textrules.not_future(textrules.plausible(value))


def _scheduled(value: date) -> date:
    # A review can be planned a few years ahead; further is a typo (2206 for 2026).
    return textrules.plausible(value, years_ahead=5)


def _to_its_site(value: str) -> str:
    textrules.check_host(value)
    return value


def _recent_month(value: str) -> str:
    textrules.plausible(date(int(value[:4]), int(value[5:7]), 1))
    return value


# Dates before 1990 or over a year ahead are typos (a year past 2106 even broke the sitemap).
RecentDate = Annotated[date, AfterValidator(_recent)]
ScheduledDate = Annotated[date, AfterValidator(_scheduled)]

Text = Annotated[Str, Field(min_length=1, max_length=300)]
InlineMarkdown = Annotated[
    Str,
    AfterValidator(_inline_markdown),
    Field(
        min_length=1,
        max_length=3000,
        description="Text with inline Markdown: **bold**, _italic_, [link text](https://...)",
    ),
]
BlockMarkdown = Annotated[
    Str,
    AfterValidator(_block_markdown),
    Field(
        min_length=1,
        max_length=20000,
        description="Markdown with paragraphs and lists; shown on the web page only",
    ),
]
Slug = Annotated[
    Str,
    *_matching(
        r"[a-z0-9]+(?:-[a-z0-9]+)*",
        "an id (lower-case letters, digits and single hyphens)",
        "safer-sleep",
        r"^[a-z0-9]+(-[a-z0-9]+)*$",
    ),
    Field(max_length=80),
]
PointKey = Annotated[
    Str,
    *_matching(
        r"[a-z][a-z0-9_]*",
        "a point key (lower-case letters, digits and underscores)",
        "worked_well",
        r"^[a-z][a-z0-9_]*$",
    ),
]
YearMonth = Annotated[
    Str,
    *_matching(
        r"\d{4}-(?:0[1-9]|1[0-2])",
        "a year and month",
        "2022-09",
        r"^[0-9]{4}-(0[1-9]|1[0-2])$",
    ),
    AfterValidator(_recent_month),
]
WebAddress = Annotated[
    Str,
    *_matching(
        # A host after the scheme (http:///x is not a web address); no spaces, quotes or <>.
        r"https?://[^\s<>\x22\x27`\\/][^\s<>\x22\x27`\\]*",
        "a web address that starts with https:// or http://",
        "https://www.example.org.uk/page",
        "^https?://[^\\s<>\"'`\\\\/][^\\s<>\"'`\\\\]*$",
    ),
    Field(max_length=2000),
    AfterValidator(_to_its_site),
]
PhoneNumber = Annotated[
    Str,
    *_matching(
        r"\+?[0-9][0-9 ]{1,18}[0-9]",
        "a phone number (digits and spaces only)",
        "0300 121 3 121",
        r"^\+?[0-9][0-9 ]{1,18}[0-9]$",
    ),
]
EmailAddress = Annotated[
    Str,
    *_matching(
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
        "an email address",
        "team@example.gov.uk",
        r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$",
    ),
]
# Children's bands, then adults' (for safeguarding adults reviews and domestic homicide reviews).
ChildAgeBand = Literal["unborn", "under 1", "1 to 4", "5 to 10", "11 to 15", "16 to 17"]
AdultAgeBand = Literal["18 to 24", "25 to 44", "45 to 64", "65 to 74", "75 and over"]
AgeBand = Literal[ChildAgeBand, AdultAgeBand]
# Whom a briefing concerns. A topic briefing may concern no single group: leave it out.
Audience = Literal["children", "adults", "all ages"]
Abbreviation = Annotated[Str, *_matching(r"[A-Z][A-Za-z0-9&]{1,11}", "an abbreviation", "SUDI")]
# The size of a linked document, as its page gives it.
FileSize = Annotated[Str, *_matching(r"\d+(?:\.\d+)? ?(?:KB|MB)", "a file size", "1.2 MB")]
