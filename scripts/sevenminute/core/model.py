"""The briefing model: one set of pydantic classes drives validation, the JSON Schema and the
field reference. Plain Python; nothing here knows about MkDocs or WeasyPrint."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    Tag,
    model_validator,
)

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
    return textrules.plausible(value)


def _scheduled(value: date) -> date:
    # A review can be planned a few years ahead; further is a typo (2206 for 2026).
    return textrules.plausible(value, years_ahead=5)


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


class ListItem(Strict):
    """A list item with sub-items, for lists whose points have parts of their own."""

    text: InlineMarkdown
    items: list[InlineMarkdown] = Field(min_length=1, max_length=30)
    # Some source lists go on after their sub-list ("...with regard to: a, b, c AND assurance is
    # sought..."); keeping that text in place keeps the source's order.
    after: InlineMarkdown | None = None


def _item_kind(value: Any) -> str:
    # Called with raw data when validating and with model instances when serialising.
    return "nested" if isinstance(value, (dict, BaseModel)) else "plain"


Item = Annotated[
    Union[
        Annotated[InlineMarkdown, Tag("plain")],
        Annotated[ListItem, Tag("nested")],
    ],
    Discriminator(_item_kind),
]


class Point(Strict):
    """One of the seven numbered points: short text for the sheet, detail for the web."""

    heading: Text | None = Field(
        None,
        description="The point's own heading, in formats whose headings the briefing gives "
        "(such as learning-points); other formats set the heading in data/formats.yml",
    )
    text: InlineMarkdown | None = Field(
        None, description="A short paragraph, printed on the sheet and shown on the page"
    )
    items: list[Item] = Field(
        default_factory=list,
        max_length=40,
        description="List items, printed on the sheet and shown on the page",
    )
    numbered: bool = Field(
        False, description="true when the source numbers the items (lessons 1 to 9): page and "
        "sheet keep the numbers"
    )
    detail: BlockMarkdown | None = Field(
        None, description="Longer material for the web page; the printed sheet leaves it out"
    )

    @model_validator(mode="after")
    def _has_content(self) -> Point:
        if self.text is None and not self.items and self.detail is None:
            raise ValueError("a point needs text, items or detail")
        if self.text is None and not self.items:
            raise ValueError(
                "a point needs text or items for the printed sheet, not only web detail"
            )
        return self


class KeyMessage(Strict):
    """The boxed message a reader should remember (ICON in Rapid Review 16)."""

    title: Text
    text: InlineMarkdown | None = None
    items: list[InlineMarkdown] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _has_content(self) -> KeyMessage:
        if self.text is None and not self.items:
            raise ValueError("a key message needs text or items")
        return self


class Link(Strict):
    """A document or web page. Without a url it is shown as text, not as a link."""

    title: Annotated[
        Str,
        Field(
            min_length=1,
            max_length=200,
            description="Link text that makes sense on its own, never 'click here'",
        ),
    ]
    url: WebAddress | None = Field(
        None, description="Leave out when the address is not known: the title is shown as text"
    )
    publisher: Text | None = None
    description: InlineMarkdown | None = None
    format: Literal["PDF", "Word", "PowerPoint", "Excel", "video", "web page"] | None = Field(
        None, description="What the reader will open; documents should say so"
    )
    size: Annotated[Str, *_matching(r"\d+(?:\.\d+)? ?(?:KB|MB)", "a file size", "1.2 MB")] | None = (
        None
    )


def _resource_kind(value: Any) -> str:
    return "inline" if isinstance(value, (dict, BaseModel)) else "ref"


ResourceEntry = Annotated[
    Union[Annotated[Slug, Tag("ref")], Annotated[Link, Tag("inline")]],
    Discriminator(_resource_kind),
]


class Briefing(Strict):
    """One 7-minute briefing. Its slug is its file name."""

    title: Annotated[Str, Field(min_length=1, max_length=120, description="The briefing's title")]
    partnership: Slug = Field(description="The id of a partnership in data/partnerships.yml")
    format: Slug | None = Field(
        None,
        description="The id of a format in data/formats.yml: which seven points the briefing has "
        "(default: the site's `default_format`)",
    )
    review_type: Slug | None = Field(
        None,
        description="The id of a review type in data/review-types.yml; a topic briefing leaves "
        "it out (or writes `none`)",
    )
    audience: Audience | None = Field(
        None,
        description="Whom the briefing concerns (default: the review type's audience); a topic "
        "briefing about no single group leaves it out",
    )
    held: YearMonth | None = Field(None, description="When the review was held (year and month)")
    published: YearMonth | None = Field(None, description="When the learning was published")
    age_band: AgeBand | None = Field(
        None, description="The age band of the child or adult, if the source says"
    )
    themes: list[Slug] = Field(
        min_length=1, max_length=6, description="1 to 6 theme ids from data/themes.yml"
    )
    agencies: list[Text] = Field(
        default_factory=list, max_length=40, description="Agencies involved"
    )
    summary: Annotated[
        Str,
        Field(
            min_length=20,
            max_length=400,
            description="One or two sentences for listings and feeds",
        ),
    ]
    last_reviewed: RecentDate = Field(description="When the content was last checked (YYYY-MM-DD)")
    next_review: ScheduledDate | None = Field(None, description="When the content should next be checked")
    key_message: KeyMessage | None = None
    points: dict[PointKey, Point] = Field(
        description="The seven points, keyed by the keys in data/site.yml"
    )
    glossary: dict[Abbreviation, Text] = Field(
        default_factory=dict,
        description="Abbreviations in this briefing's own sense, with their meaning: on its page they "
        "win over data/glossary.yml (for example `MAT: Multi Agency Team`)",
    )
    related_reviews: list[Link] = Field(
        default_factory=list, max_length=10, description="Related national or local reviews"
    )
    resources: list[ResourceEntry] = Field(
        default_factory=list,
        max_length=30,
        description="Resource ids from data/resources.yml, or links written here",
    )

    @property
    def month(self) -> str | None:
        """The month a reader would file it under: publication, else when it was held.
        None when the source gives neither (such briefings are listed as undated)."""
        return self.published or self.held


class Phone(Strict):
    label: Text
    number: PhoneNumber


class Email(Strict):
    label: Text
    address: EmailAddress


ContactPurpose = Literal["referral", "general", "training"]
_PURPOSE = Field(
    "general",
    description="What this contact is for: `referral` (to make a safeguarding referral), "
    "`general` (questions) or `training`; only referral contacts go under 'Make a referral'",
)


class ContactPhone(Phone):
    purpose: ContactPurpose = _PURPOSE


class ContactEmail(Email):
    purpose: ContactPurpose = _PURPOSE


class Contact(Strict):
    """The contact block printed on every briefing of a partnership: only what its sources give."""

    verified: RecentDate | None = Field(
        None, description="When these details were last checked (YYYY-MM-DD); needed once there "
        "are any"
    )
    phones: list[ContactPhone] = Field(default_factory=list, max_length=10)
    emails: list[ContactEmail] = Field(default_factory=list, max_length=10)
    out_of_hours: Phone | None = None
    referral_page: WebAddress | None = Field(
        None, description="Where to make a referral online, if the partnership has such a page"
    )

    @property
    def has_details(self) -> bool:
        return bool(self.phones or self.emails or self.out_of_hours or self.referral_page)

    @property
    def has_referral(self) -> bool:
        """Whether the block says how to make a referral (and may be headed so)."""
        return bool(self.referral_page) or any(
            c.purpose == "referral" for c in [*self.phones, *self.emails])

    @model_validator(mode="after")
    def _verified_when_given(self) -> Contact:
        if self.has_details and self.verified is None:
            raise ValueError("'verified' is missing: contact details need the date they were last "
                             "checked; add `verified: YYYY-MM-DD` with the day you checked them")
        return self


class Partnership(Strict):
    name: Text
    short_name: Annotated[Str, Field(min_length=1, max_length=30)] | None = Field(
        None, description="A short name for tight spaces, usually the abbreviation (optional: "
        "the full name is used without it)"
    )
    website: WebAddress | None = None
    contact: Contact = Field(default_factory=Contact)
    defaults: dict[PointKey, Point] = Field(
        default_factory=dict,
        description="Text for generic points (such as what to do now) where a briefing gives none",
    )
    records_email: EmailAddress | None = Field(
        None,
        description="Where teams send the record of a team meeting about a briefing: the action "
        "record page then offers to open the reader's own email with the record written in",
    )

    @property
    def label(self) -> str:
        """The short name where there is one, else the full name."""
        return self.short_name or self.name


class Theme(Strict):
    name: Text
    description: InlineMarkdown | None = None


class ReviewType(Strict):
    name: Text
    abbreviation: Annotated[Str, Field(min_length=1, max_length=12)] | None = None
    description: InlineMarkdown | None = None
    audience: Audience | None = Field(
        None, description="Whom reviews of this type concern, for briefings that do not say"
    )


class PointHeading(Strict):
    """One of a format's seven points."""

    key: PointKey
    heading: Text | None = Field(
        None, description="The heading on pages and sheets; leave out when each briefing gives "
        "its own (`heading:` in the point)"
    )
    required: bool = Field(
        True, description="false: a briefing whose source says nothing on this point leaves it "
        "out, and the point is not shown"
    )
    generic: bool = Field(
        False, description="Generic points may take default text from the partnership or site"
    )
    suggestion: Text | None = Field(
        None, description="The heading shown instead when a generic point's text comes from the "
        "defaults, so that it reads as a suggestion, not the review's own (\"Suggested questions\")"
    )

    @model_validator(mode="after")
    def _generic_has_heading(self) -> PointHeading:
        if self.generic and self.heading is None:
            raise ValueError("a generic point needs a heading; add `heading:`")
        if self.generic and self.suggestion is None:
            raise ValueError("a generic point needs a suggestion heading, used when its text "
                             "comes from the defaults; add for example `suggestion: Suggested questions`")
        return self


class Format(Strict):
    """A kind of briefing: its name and its seven points, in order."""

    name: Text
    description: InlineMarkdown | None = None
    review: bool = Field(
        False, description="true when briefings of this format come from a review: they must name "
        "their `review_type`"
    )
    points: list[PointHeading] = Field(min_length=7, max_length=7)

    @model_validator(mode="after")
    def _unique_keys(self) -> Format:
        keys = [p.key for p in self.points]
        if len(set(keys)) != len(keys):
            raise ValueError("each of the seven points needs its own key")
        return self


class AccessibilityStatement(Strict):
    organisation: Text
    contact_email: EmailAddress | None = None
    contact_page: WebAddress | None = None
    last_tested: RecentDate
    compliance: Literal["fully", "partially", "not"] = "partially"
    known_issues: list[InlineMarkdown] = Field(default_factory=list)


class TeamMeeting(Strict):
    """What the site offers a manager who takes a team through a briefing."""

    record: bool = Field(
        True,
        description="Offer the action record: a form for the team's record of the meeting (kept "
        "only in the reader's browser) and a blank printable record beside each sheet",
    )


class Site(Strict):
    """Settings written once for the whole site."""

    language: Annotated[Str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en-GB"
    repository_url: WebAddress | None = Field(
        None, description="Where the source lives, for 'edit this briefing' links"
    )
    default_format: Slug = Field(
        "case-review",
        description="The id of the format in data/formats.yml that briefings without `format` get"
    )
    not_covered: InlineMarkdown | None = Field(
        None,
        description="Shown in place of an optional point a briefing leaves out (for example "
        "\"The published review does not cover this.\"); without it such points are left off",
    )
    defaults: dict[PointKey, Point] = Field(
        default_factory=dict, description="Default text for generic points, for every partnership"
    )
    emergency: Phone
    accessibility: AccessibilityStatement
    team_meeting: TeamMeeting = Field(
        default_factory=TeamMeeting,
        description="The present view, the action record and the clear-print copy",
    )
    lints: dict[str, Literal["off", "warning", "error"]] = Field(
        default_factory=dict,
        description="How seriously `sevenminute check` takes each content lint, by lint code or "
        "group (for example `anonymisation: error`); lints not listed are warnings",
    )


# The shared data files: each maps an id to an entry.
Partnerships = RootModel[dict[Slug, Partnership]]
Themes = RootModel[dict[Slug, Theme]]
ReviewTypes = RootModel[dict[Slug, ReviewType]]
Formats = RootModel[dict[Slug, Format]]
Resources = RootModel[dict[Slug, Link]]
Glossary = RootModel[dict[Abbreviation, Text]]
