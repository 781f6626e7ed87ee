"""What search knows of a briefing beyond its words: the filters a reader narrows by (kind,
audience, theme, partnership, review type, year) and the fields a result shows (partnership,
kind, date).

One function for every user of them: the briefing page's template writes them as Pagefind
attributes (overrides/briefing/search-facets.html), the search page offers their values as
filter choices, and a record that is not a page (a sheet's text) carries the same ones. The
values are the names of the catalogue's groups, so a filter and its listing page agree."""

from __future__ import annotations

from dataclasses import dataclass

from sevenminute.core.collection import Collection
from sevenminute.rendering.template_data import AUDIENCE_LABELS, briefing_view, review_type_label
from sevenminute.web.catalogue import REVIEW_GROUP, TOPIC_GROUP, UNDATED_GROUP, UNDATED, year_of

# Filter keys in the order the search page shows them, with their labels.
FILTERS = {
    "kind": "Kind",
    "audience": "Audience",
    "theme": "Theme",
    "partnership": "Partnership",
    "review_type": "Review type",
    "year": "Year",
}


@dataclass(frozen=True)
class SearchFacets:
    filters: dict[str, list[str]]  # key of FILTERS -> the briefing's values (several themes)
    meta: dict[str, str]  # what a result shows under its title: partnership, kind, date


def briefing_facets(collection: Collection, slug: str) -> SearchFacets:
    view = briefing_view(collection, slug)
    year = year_of(collection, slug)
    filters = {
        "kind": [TOPIC_GROUP if view.review_type is None else REVIEW_GROUP],
        "audience": [AUDIENCE_LABELS[view.audience]] if view.audience else [],
        "theme": [theme.name for _, theme in view.themes],
        "partnership": [view.partnership.name],
        "review_type": [review_type_label(view.review_type)] if view.review_type else [],
        "year": [UNDATED_GROUP if year == UNDATED else year],
    }
    dated = view.review_type is not None or bool(view.briefing.month)
    meta = {"partnership": view.partnership.name, "kind": view.kind_label,
            "date": view.date_label if dated else ""}
    return SearchFacets({k: v for k, v in filters.items() if v}, {k: v for k, v in meta.items() if v})


def filter_choices(collection: Collection) -> dict[str, list[str]]:
    """Every value each filter can take, from the briefings themselves: years newest first
    (undated last), the rest in alphabetical order."""
    seen: dict[str, set[str]] = {key: set() for key in FILTERS}
    for slug in collection.briefings:
        for key, values in briefing_facets(collection, slug).filters.items():
            seen[key].update(values)
    choices = {}
    for key, values in seen.items():
        if key == "year":
            years = sorted(values - {UNDATED_GROUP}, reverse=True)
            choices[key] = years + ([UNDATED_GROUP] if UNDATED_GROUP in values else [])
        else:
            choices[key] = sorted(values, key=str.lower)
    return {key: values for key, values in choices.items() if values}
