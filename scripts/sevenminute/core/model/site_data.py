"""The shared data's classes, written once for many briefings: partnerships and their contacts,
themes, review types, formats and their seven points, the site settings, and the files that map
an id to each entry (data/*.yml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, RootModel, field_validator, model_validator

from sevenminute.core import colour as wcag

from sevenminute.core.model.briefing import Link, Point
from sevenminute.core.model.fields import (
    Abbreviation,
    Audience,
    EmailAddress,
    InlineMarkdown,
    PhoneNumber,
    PointKey,
    RecentDate,
    Slug,
    Str,
    Strict,
    Text,
    WebAddress,
)


class Phone(Strict):
    label: Text = Field(description="What the number is for")
    number: PhoneNumber = Field(description="The number, with spaces where it is read out")


class Email(Strict):
    label: Text = Field(description="What the address is for")
    address: EmailAddress = Field(description="The email address")


ContactPurpose = Literal["referral", "general", "training"]
_PURPOSE = Field(
    "general",
    description="What this contact is for: `referral` (to make a safeguarding referral), "
    "`general` (questions) or `training`; only referral contacts go under 'Make a referral'",
)


class ContactPhone(Phone):
    label: Text = Field(description="What the number is for, as the source says it")
    purpose: ContactPurpose = _PURPOSE


class ContactEmail(Email):
    label: Text = Field(description="What the address is for, as the source says it")
    purpose: ContactPurpose = _PURPOSE


class Contact(Strict):
    """The contact block printed on every briefing of a partnership: only what its sources give."""

    verified: RecentDate | None = Field(
        None, description="When these details were last checked (YYYY-MM-DD); needed once there "
        "are any"
    )
    phones: list[ContactPhone] = Field(
        default_factory=list, max_length=10, description="Phone numbers, each with what it is for"
    )
    emails: list[ContactEmail] = Field(
        default_factory=list, max_length=10, description="Email addresses, each with what it is for"
    )
    out_of_hours: Phone | None = Field(None, description="The out-of-hours number")
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
    name: Text = Field(description="The partnership's full name")
    short_name: Annotated[Str, Field(min_length=1, max_length=30)] | None = Field(
        None, description="A short name for tight spaces, usually the abbreviation (optional: "
        "the full name is used without it)"
    )
    website: WebAddress | None = Field(None, description="The partnership's own website")
    contact: Contact = Field(
        default_factory=Contact,
        description="The contacts printed on every briefing of this partnership; leave out what "
        "the sources do not give (with none, the block gives the emergency number and the website)",
    )
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
    name: Text = Field(description="The theme's name as readers see it")
    description: InlineMarkdown | None = Field(
        None, description="A sentence on what the theme covers"
    )


class ReviewType(Strict):
    name: Text = Field(description="The review type's name as readers see it")
    abbreviation: Annotated[Str, Field(min_length=1, max_length=12)] | None = Field(
        None, description="Its abbreviation, if it has one"
    )
    description: InlineMarkdown | None = Field(None, description="What this kind of review is")
    audience: Audience | None = Field(
        None, description="Whom reviews of this type concern, for briefings that do not say"
    )


class PointHeading(Strict):
    """One of a format's seven points."""

    key: PointKey = Field(description="The key briefings use for this point under `points:`")
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
    points: list[PointHeading] = Field(
        min_length=7, max_length=7, description="The format's seven points, in order"
    )

    @model_validator(mode="after")
    def _unique_keys(self) -> Format:
        keys = [p.key for p in self.points]
        if len(set(keys)) != len(keys):
            raise ValueError("each of the seven points needs its own key")
        return self


class AccessibilityStatement(Strict):
    organisation: Text = Field(description="Who is responsible for the site")
    contact_email: EmailAddress | None = Field(
        None, description="Where to report an accessibility problem"
    )
    contact_page: WebAddress | None = Field(
        None, description="A contact page, instead of or as well as the email"
    )
    last_tested: RecentDate = Field(description="When the site was last tested for accessibility")
    compliance: Literal["fully", "partially", "not"] = Field(
        "partially", description="How far the site meets WCAG 2.2 AA"
    )
    known_issues: list[InlineMarkdown] = Field(
        default_factory=list, description="Problems known and not yet fixed"
    )


class TeamMeeting(Strict):
    """What the site offers a manager who takes a team through a briefing."""

    record: bool = Field(
        True,
        description="Offer the action record: a form for the team's record of the meeting (kept "
        "only in the reader's browser) and a blank printable record beside each sheet",
    )


class WebEditor(Strict):
    """How the web editor at /admin/ reaches the repository (see docs/web-editor-setup.md)."""

    branch: Annotated[Str, Field(min_length=1, max_length=100)] = Field(
        "main", description="The branch the site is published from: each save opens a pull "
        "request against it"
    )
    auth_url: WebAddress | None = Field(
        None, description="The sign-in relay editors sign in to GitHub through (an OAuth client "
        "for the site's GitHub OAuth app), for example https://sign-in.example.org; without "
        "it, sign-in goes through Netlify's GitHub sign-in service"
    )
    auth_endpoint: Annotated[Str, Field(min_length=1, max_length=100)] | None = Field(
        None, description="The relay's sign-in path, when it is not `auth`"
    )
    site_domain: Annotated[Str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="With Netlify's sign-in service (no `auth_url`): the Netlify site's "
        "domain that holds the GitHub OAuth app, for example our-briefings.netlify.app"
    )


class Brand(Strict):
    """The partnership's brand: its site's name, logo and colour, on the pages, the sheets, the
    clear-print copies and the present view. Data, not code: no stylesheet to edit."""

    name: Text = Field(description="The site's name, in the page header and the browser's title bar")
    colour: Annotated[Str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = Field(
        description="The primary colour as #rrggbb: the header band of pages and sheets, with white "
        "text on it (it must give at least 4.5:1 contrast with white)"
    )
    logo: Annotated[Str, Field(pattern=r"^[A-Za-z0-9_./-]+\.(svg|png)$")] | None = Field(
        None, description="The logo, an SVG or PNG file under docs/ (for example assets/logo.svg), "
        "shown in the page header"
    )

    @field_validator("colour")
    @classmethod
    def _readable(cls, value: str) -> str:
        ratio = wcag.contrast(value, wcag.WHITE)
        if ratio < wcag.AA:
            shade = wcag.nearest_passing(value)
            raise ValueError(
                f"white text on {value} has a contrast of {ratio:.2f}:1, below the 4.5:1 WCAG AA asks for; "
                f"use {shade} (the nearest darker shade that passes, "
                f"{wcag.contrast(shade, wcag.WHITE):.2f}:1) or another darker colour")
        return value.lower()


# The data version these classes read (site.yml's `data_version`); `sevenminute upgrade` rewrites a
# site's files written for an older one (editors/upgrade.py, CHANGELOG.md).
DATA_VERSION = 2


class Site(Strict):
    """Settings written once for the whole site."""

    data_version: int = Field(
        1, ge=1, description="The toolkit data version these files were written for; "
        "`sevenminute upgrade` brings older files up to date"
    )
    brand: Brand | None = Field(None, description="The site's name, logo and primary colour")

    language: Annotated[Str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = Field(
        "en-GB", description="The language of the content, as a language tag"
    )
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
    emergency: Phone = Field(description="The emergency number shown on every briefing")
    accessibility: AccessibilityStatement = Field(
        description="What the accessibility statement page says"
    )
    team_meeting: TeamMeeting = Field(
        default_factory=TeamMeeting,
        description="The present view, the action record and the clear-print copy",
    )
    web_editor: WebEditor = Field(
        default_factory=WebEditor,
        description="Where the web editor at /admin/ saves (`sevenminute cms` writes it into the "
        "editor's configuration)",
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
