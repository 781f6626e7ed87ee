"""The site's ways in: listings by kind (topic or review), audience, theme, partnership, review
type and year, the catalogue of all
briefings, the home page's sections, the glossary and the accessibility statement.

Plain Python and Jinja (templates in overrides/catalogue/): each page is a path on the site, a
title, a description and an HTML body with links relative to that page. Listings are split into
pages of PER_PAGE cards so that no page grows with the number of briefings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sevenminute.core.collection import NO_REVIEW, Collection
from sevenminute.rendering import markdown as content
from sevenminute.rendering.environment import THEME_DIR, render
from sevenminute.rendering.template_data import (
    AUDIENCE_LABELS,
    audience_path,
    briefing_view,
    kind_path,
    review_type_label,
    long_date,
    page_path,
    partnership_path,
    review_type_path,
    theme_path,
    year_path,
)

PER_PAGE = 20  # cards on one listing page
NEWEST_ON_HOME = 6
UNDATED = "undated"  # the year group of briefings whose source gives no date
# Group names that listings and search filters share (web/search_facets.py).
TOPIC_GROUP, REVIEW_GROUP, UNDATED_GROUP = "Topic briefings", "Review briefings", "Undated"
CATALOGUE_PATH = "briefings/"
GLOSSARY_PATH = "glossary/"
ACCESSIBILITY_PATH = "accessibility/"


@dataclass(frozen=True)
class Card:
    """What a listing shows of one briefing."""

    slug: str
    path: str
    title: str
    summary: str
    partnership: str
    kind: str  # "Topic briefing" or the review type's name
    date_label: str
    themes: list[tuple[str, str]]  # (name, path of the theme's page)


@dataclass(frozen=True)
class Group:
    """The briefings sharing one theme, partnership, review type or year, newest first."""

    name: str
    path: str
    slugs: list[str]
    description: str | None = None  # inline Markdown
    website: str | None = None


@dataclass(frozen=True)
class Facet:
    """One way in: its index page lists its groups, and each group has pages of its own."""

    key: str
    title: str  # "Themes"
    by: str  # "By theme", on the home page
    path: str
    intro: str
    groups: list[Group]


@dataclass(frozen=True)
class Page:
    """A generated page: `path` is its directory URL relative to the site root."""

    path: str
    title: str
    description: str
    body: str
    searchable: bool = True  # listings repeat the briefings' summaries: keep them out of search


@dataclass
class Catalogue:
    """The cards of a collection, built once and shared by every listing."""

    collection: Collection
    cards: dict[str, Card] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for slug in self.collection.newest_first():
            view = briefing_view(self.collection, slug)
            self.cards[slug] = Card(
                slug=slug,
                path=page_path(slug),
                title=view.briefing.title,
                summary=view.briefing.summary,
                partnership=view.partnership.name,
                kind=view.kind_label,
                date_label=view.date_label if (view.review_type or view.briefing.month) else "",
                themes=[(theme.name, theme_path(tid)) for tid, theme in view.themes],
            )

    @property
    def newest(self) -> list[str]:
        return list(self.cards)


def root_of(path: str) -> str:
    """The relative link from a page at `path` back to the site root."""
    return "../" * path.count("/")


def year_of(collection: Collection, slug: str) -> str:
    month = collection.briefings[slug].month
    return month[:4] if month else UNDATED


def facets(catalogue: Catalogue) -> list[Facet]:
    c = catalogue.collection
    newest = catalogue.newest

    def members(test) -> list[str]:
        return [s for s in newest if test(c.briefings[s])]

    themes = [
        Group(theme.name, theme_path(tid), members(lambda b, t=tid: t in b.themes), theme.description)
        for tid, theme in sorted(c.themes.items(), key=lambda item: item[1].name.lower())
    ]
    partnerships = [
        Group(p.name, partnership_path(pid), members(lambda b, i=pid: b.partnership == i),
              website=p.website)
        for pid, p in sorted(c.partnerships.items(), key=lambda item: item[1].name.lower())
    ]
    review_types = [
        Group(review_type_label(r), review_type_path(rid),
              members(lambda b, i=rid: b.review_type == i), r.description)
        for rid, r in c.review_types.items() if rid != NO_REVIEW
    ]
    topic = lambda b: (b.review_type or NO_REVIEW) == NO_REVIEW  # noqa: E731
    kinds = [
        Group(TOPIC_GROUP, kind_path("topic"), members(topic),
              "Briefings on a subject, a procedure or a form rather than on one review."),
        Group(REVIEW_GROUP, kind_path("review"), members(lambda b: not topic(b)),
              "Briefings on the learning from a review or audit; the review types list them by "
              "which review."),
    ]
    audience_of = {s: c.audience(s) for s in newest}
    audiences = [
        Group(label, audience_path(key), [s for s in newest if audience_of[s] == key])
        for key, label in AUDIENCE_LABELS.items()
    ]
    years = sorted({year_of(c, s) for s in newest} - {UNDATED}, reverse=True)
    year_groups = [Group(y, year_path(y), [s for s in newest if year_of(c, s) == y]) for y in years]
    undated = [s for s in newest if year_of(c, s) == UNDATED]
    if undated:
        year_groups.append(Group(UNDATED_GROUP, year_path(UNDATED), undated,
                                 "Briefings whose source does not say when the review was held or published."))
    keep = lambda groups: [g for g in groups if g.slugs]  # noqa: E731 - no page for an empty group
    return [
        Facet("kinds", "Kinds", "By kind", "kinds/",
              "Topic briefings, and briefings from reviews (listed by review type as well).", keep(kinds)),
        Facet("audiences", "Audiences", "By audience", "audiences/",
              "Whom each briefing concerns: children, adults or people of all ages. Topic briefings "
              "about no single group are not listed here.", keep(audiences)),
        Facet("themes", "Themes", "By theme", "themes/",
              "Each briefing is filed under up to six themes from a shared list.", keep(themes)),
        Facet("partnerships", "Partnerships", "By partnership", "partnerships/",
              "The safeguarding children partnerships that published the briefings.", keep(partnerships)),
        Facet("review-types", "Review types", "By review type", "review-types/",
              "The kind of review or audit each briefing comes from.", keep(review_types)),
        Facet("years", "Years", "By year", "years/",
              "Briefings by the year the review was published, or held when the source gives no "
              "publication date.", keep(year_groups)),
    ]


def _listing_pages(catalogue: Catalogue, path: str, title: str, description: str, slugs: list[str],
                   theme_dir: Path, intro: dict[str, object]) -> list[Page]:
    """A list of cards split over pages: `path`, then `path`page/2/, page/3/ and so on."""
    chunks = [slugs[i:i + PER_PAGE] for i in range(0, len(slugs), PER_PAGE)] or [[]]
    paths = [path] + [f"{path}page/{n}/" for n in range(2, len(chunks) + 1)]
    pages = []
    for number, (chunk, here) in enumerate(zip(chunks, paths), start=1):
        root = root_of(here)
        page_title = title if number == 1 else f"{title} (page {number} of {len(chunks)})"
        body = render(
            "catalogue/listing.html", theme_dir,
            title=page_title, root=root, cards=[catalogue.cards[s] for s in chunk], total=len(slugs),
            first=(number - 1) * PER_PAGE + 1, number=number, pages=len(paths),
            pager=[(n, root + paths[n - 1] if n else None) for n in pager_numbers(number, len(paths))],
            previous=root + paths[number - 2] if number > 1 else None,
            next=root + paths[number] if number < len(paths) else None, **intro,
        )
        pages.append(Page(here, page_title, description, body, searchable=False))
    return pages


def pager_numbers(current: int, last: int, around: int = 2) -> list[int]:
    """Page numbers to link: the first, the last and those near the current one; 0 marks a gap.
    The pager stays the same size however long the list grows."""
    keep = {1, last, *range(current - around, current + around + 1)}
    numbers: list[int] = []
    for n in range(1, last + 1):
        if n in keep:
            numbers.append(n)
        elif numbers[-1] != 0:
            numbers.append(0)
    return numbers


def catalogue_pages(catalogue: Catalogue, site_name: str, theme_dir: Path = THEME_DIR) -> list[Page]:
    """Every generated page other than the briefings themselves."""
    c = catalogue.collection
    pages = _listing_pages(
        catalogue, CATALOGUE_PATH, "All briefings", f"Every briefing on {site_name}, newest first.",
        catalogue.newest, theme_dir, {"intro": None, "website": None, "up": None},
    )
    for facet in facets(catalogue):
        root = root_of(facet.path)
        body = render("catalogue/facet.html", theme_dir, facet=facet, root=root)
        pages.append(Page(facet.path, facet.title, facet.intro, body))
        for group in facet.groups:
            description = content.plain(group.description) or f"Briefings: {group.name}."
            pages += _listing_pages(
                catalogue, group.path, group.name, description, group.slugs, theme_dir,
                {"intro": group.description, "website": group.website, "up": (facet.title, facet.path)},
            )
    pages.append(Page(GLOSSARY_PATH, "Glossary", "The abbreviations used in the briefings and what they stand for.",
                      render("catalogue/glossary.html", theme_dir, glossary=sorted(c.glossary.items()))))
    pages.append(accessibility_page(c, site_name, theme_dir))
    return pages


def home_sections(catalogue: Catalogue, root: str = "", theme_dir: Path = THEME_DIR) -> str:
    """The newest briefings as cards and the ways in, under the home page's own introduction."""
    newest = catalogue.newest[:NEWEST_ON_HOME]
    return render("catalogue/home.html", theme_dir, root=root, total=len(catalogue.cards),
                  cards=[catalogue.cards[s] for s in newest], facets=facets(catalogue),
                  catalogue_path=CATALOGUE_PATH)


def accessibility_page(collection: Collection, site_name: str, theme_dir: Path = THEME_DIR) -> Page:
    """The statement in the shape of the GOV.UK sample, filled in from site.yml `accessibility`."""
    a = collection.site.accessibility
    body = render("catalogue/accessibility.html", theme_dir, a=a, site_name=site_name,
                  last_tested=long_date(a.last_tested))
    return Page(ACCESSIBILITY_PATH, "Accessibility statement",
                f"How accessible {site_name} is and how to report a problem.", body)

