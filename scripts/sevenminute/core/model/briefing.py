"""A briefing's classes: the briefing itself, its seven points, its key message and its links.
A briefing names its partnership, format, themes and review type by id (see site_data.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Discriminator, Field, Tag, model_validator

from sevenminute.core.model.fields import (
    Abbreviation,
    AgeBand,
    Audience,
    BlockMarkdown,
    FileSize,
    InlineMarkdown,
    PointKey,
    RecentDate,
    ScheduledDate,
    Slug,
    Str,
    Strict,
    Text,
    WebAddress,
    YearMonth,
)


class ListItem(Strict):
    """A list item with sub-items, for lists whose points have parts of their own."""

    text: InlineMarkdown
    items: list[InlineMarkdown] = Field(min_length=1, max_length=30, description="Its sub-items")
    # Some source lists go on after their sub-list ("...with regard to: a, b, c AND assurance is
    # sought..."); keeping that text in place keeps the source's order.
    after: InlineMarkdown | None = Field(
        None, description="Text that follows the sub-items, still part of this item"
    )


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


# The words one point may print (its text and items). The whole sheet holds about a tenth of
# this, so more can never fit; the bound is there so that the sheet's fitting says so quickly:
# laying out 73,000 words only to find they do not fit took 7 s, and a 1 MB file could hold 170,000.
MAX_POINT_WORDS = 1_500


def _word_count(*texts: str | None) -> int:
    return sum(len(t.split()) for t in texts if t)


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
        printed = _word_count(self.text, *(i if isinstance(i, str) else " ".join([i.text, *i.items, i.after or ""])
                                           for i in self.items))
        if printed > MAX_POINT_WORDS:
            raise ValueError(
                f"this point's text and items hold {printed:,} words, far more than the printed "
                f"sheet can hold (at most {MAX_POINT_WORDS:,} are allowed in one point); keep the "
                "point's text and items short and move the rest to `detail:`, which the web page shows"
            )
        return self


class KeyMessage(Strict):
    """The boxed message a reader should remember (ICON in Rapid Review 16)."""

    title: Text = Field(description="The message's heading, for example a campaign name")
    text: InlineMarkdown | None = Field(None, description="A short paragraph")
    items: list[InlineMarkdown] = Field(
        default_factory=list,
        max_length=10,
        description="List items, such as what each letter of the campaign name stands for",
    )

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
    publisher: Text | None = Field(None, description="Who published the document or page")
    description: InlineMarkdown | None = Field(
        None, description="A sentence on what the reader will find"
    )
    format: Literal["PDF", "Word", "PowerPoint", "Excel", "video", "web page"] | None = Field(
        None, description="What the reader will open; documents should say so"
    )
    size: FileSize | None = Field(
        None, description="The file size of a document, such as 1.2 MB or 850 KB"
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
    key_message: KeyMessage | None = Field(
        None,
        description="A boxed message readers should remember, shown before the seven points",
    )
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
