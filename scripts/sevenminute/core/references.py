"""A briefing checked against the shared data: every id it names (partnership, review type,
themes, resources, format) exists, its points fit its format, its age band fits whom it concerns;
and the partnerships' default text is only for generic points. Each problem is a Diagnostic at the
file:line:column of the value, with how to fix it."""

from __future__ import annotations

import re
import typing
from typing import Any

from sevenminute.core import model as m
from sevenminute.core.collection import DATA_DIR, NO_REVIEW, SLUG, Collection
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.validation import did_you_mean
from sevenminute.core.yamlread import Document

POINT_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _at(doc: Document, path: tuple, message: str, hint: str, code: str, *, key: bool = False,
        severity: str = "error") -> Diagnostic:
    line, column = doc.position(path, key=key)
    return Diagnostic(display_path(doc.path), line, column, severity, message, hint, code)  # type: ignore[arg-type]


# How to add a partnership, offered by an "unknown partnership" error; editors/partnership.py adds it.
PARTNERSHIP_GUIDE = "docs/authoring.md, 'Add a partnership'"


def add_partnership_command(pid: str) -> str:
    """The command an error message offers for adding a partnership."""
    return f'sevenminute partnership new --id {pid} --name "Its full name"'


def unknown_id(doc: Document, path: tuple, value: str, vocabulary: dict[str, Any], what: str,
               file: str) -> Diagnostic:
    names = {key: getattr(entry, "name", key) for key, entry in vocabulary.items()}
    suggestion = did_you_mean(value, names) or did_you_mean(value, {v.lower(): k for k, v in names.items()})
    hint = suggestion or f"use an id from {DATA_DIR}/{file}, or add '{value}' there"
    if what == "partnership":  # adding one is an everyday step: say how
        hint = (f"{suggestion} " if suggestion else f"use one of: {', '.join(vocabulary)}; ") + (
            f"or add it: `{add_partnership_command(value)}` (see {PARTNERSHIP_GUIDE})")
    return _at(doc, path, f"unknown {what} '{value}'", hint, f"unknown-{what.replace(' ', '-')}")


def check_partnerships(collection: Collection, doc: Document) -> list[Diagnostic]:
    every = [p for f in collection.formats.values() for p in f.points]
    keys = {p.key for p in every}
    generic = {p.key for p in every if p.generic}
    problems = []
    for pid, partnership in collection.partnerships.items():
        for key in partnership.defaults:
            if key not in generic:
                hint = (f"only generic points can have defaults: {', '.join(sorted(generic))}"
                        if key in keys else did_you_mean(key, generic) or f"use one of: {', '.join(sorted(generic))}")
                problems.append(_at(doc, (pid, "defaults", key), f"'{key}' cannot have default text",
                                    hint, "bad-default", key=True))
    return problems


def check_references(collection: Collection, doc: Document) -> list[Diagnostic]:
    """Cross-check ids against the shared data. Works on the raw data, so that these errors come
    in the same run as the model's own (a value the model already rejects is not reported twice)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    problems = []

    def ident(value: Any) -> bool:
        return isinstance(value, str) and bool(SLUG.fullmatch(value))

    partnership_id = data.get("partnership")
    if ident(partnership_id) and partnership_id not in collection.partnerships:
        problems.append(unknown_id(doc, ("partnership",), partnership_id, collection.partnerships,
                                   "partnership", "partnerships.yml"))
    review_type = data.get("review_type")
    if ident(review_type) and review_type not in collection.review_types:
        problems.append(unknown_id(doc, ("review_type",), review_type, collection.review_types,
                                   "review type", "review-types.yml"))
    themes = data.get("themes")
    seen: set[str] = set()
    for i, theme in enumerate(themes if isinstance(themes, list) else []):
        if not ident(theme):
            continue
        if theme not in collection.themes:
            problems.append(unknown_id(doc, ("themes", i), theme, collection.themes, "theme", "themes.yml"))
        elif theme in seen:
            problems.append(_at(doc, ("themes", i), f"theme '{theme}' is listed twice", "remove one", "duplicate"))
        seen.add(theme)
    resources = data.get("resources")
    for i, entry in enumerate(resources if isinstance(resources, list) else []):
        if ident(entry) and entry not in collection.resources:
            problems.append(unknown_id(doc, ("resources", i), entry, collection.resources, "resource",
                                       "resources.yml"))
    format_id = data.get("format") or collection.site.default_format
    if not ident(format_id):
        return problems  # the model reports a malformed 'format'
    if format_id not in collection.formats:
        problems.append(unknown_id(doc, ("format",), format_id, collection.formats, "format", "formats.yml"))
        return problems
    fmt = collection.formats[format_id]
    is_review = isinstance(review_type, str) and review_type != NO_REVIEW
    if fmt.review and not is_review:
        problems.append(_at(doc, ("review_type",) if review_type else (),
                            f"the {fmt.name.lower()} format is for briefings from a review, but no "
                            "review type is given",
                            f"add `review_type:` with an id from {DATA_DIR}/review-types.yml; a briefing "
                            "on a subject rather than a review can use `format: topic`",
                            "missing-review-type", key=bool(review_type)))
    problems += _check_audience(collection, doc, data, review_type)
    points = data.get("points")
    if not isinstance(points, dict):
        return problems  # the model reports a missing or malformed 'points'
    problems += _check_points(collection, doc, data, points, format_id, fmt, partnership_id)
    if is_review and not data.get("held") and not data.get("published"):
        problems.append(_at(doc, (), "the briefing gives no date ('held' or 'published')",
                            "add the month the review was held or published if the source gives it; "
                            "until then it is listed as undated", "undated", severity="warning"))
    return problems


def _check_audience(collection: Collection, doc: Document, data: dict, review_type: Any) -> list[Diagnostic]:
    """An age band must fit whom the briefing concerns: no adult band on a children's review."""
    band = data.get("age_band")
    audience = data.get("audience")
    if audience is None and isinstance(review_type, str) and review_type in collection.review_types:
        audience = collection.review_types[review_type].audience
    children, adults = typing.get_args(m.ChildAgeBand), typing.get_args(m.AdultAgeBand)
    if audience == "children" and band in adults:
        return [_at(doc, ("age_band",), f"'{band}' is an adult's age band, but this briefing concerns children",
                    f"use a child's age band ({', '.join(children)}), or set `audience:` if the "
                    "briefing concerns adults", "age-band-audience")]
    if audience == "adults" and band in children:
        return [_at(doc, ("age_band",), f"'{band}' is a child's age band, but this briefing concerns adults",
                    f"use an adult's age band ({', '.join(adults)}), or set `audience:` if the "
                    "briefing concerns children", "age-band-audience")]
    return []


def _check_points(collection: Collection, doc: Document, data: dict, points: dict, format_id: str,
                  fmt: m.Format, partnership_id: Any) -> list[Diagnostic]:
    """The briefing's points against its format: known keys, headings where the format wants
    them, every required point present (never filler: the hint says which format fits)."""
    problems = []
    headings = {p.key: p for p in fmt.points}
    for key, value in points.items():
        if key not in headings and POINT_KEY.fullmatch(key):
            others = [fid for fid, f in collection.formats.items() if key in {p.key for p in f.points}]
            hint = did_you_mean(key, headings) or (
                f"the {format_id} format's point keys are: {', '.join(headings)}"
                + (f"; `format: {others[0]}` has this key" if others else ""))
            problems.append(_at(doc, ("points", key), f"unknown point '{key}'", hint, "unknown-point", key=True))
            continue
        if key not in headings or not isinstance(value, dict):
            continue
        own = value.get("heading")
        if headings[key].heading is None and not own:
            problems.append(_at(doc, ("points", key), f"point '{key}' needs a heading",
                                f"the {format_id} format takes this point's heading from the briefing: "
                                "add `heading:` with the source's heading for it",
                                "missing-heading", key=True))
        elif headings[key].heading is not None and own:
            problems.append(_at(doc, ("points", key, "heading"),
                                f"point '{key}' has its heading set by the {format_id} format "
                                f"('{headings[key].heading}')",
                                "remove `heading:`, or choose a format whose headings the briefing gives, "
                                "such as `format: learning-points`", "fixed-heading", key=True))
    partnership = collection.partnerships.get(partnership_id) if isinstance(partnership_id, str) else None
    for number, heading in enumerate(fmt.points, start=1):
        if heading.key in points or not heading.required:
            continue
        has_default = heading.generic and (
            heading.key in collection.site.defaults
            or (partnership is not None and heading.key in partnership.defaults)
        )
        if not has_default:
            name = f" ({heading.heading})" if heading.heading else ""
            fits = [fid for fid in collection.formats if fid != format_id]
            problems.append(_at(doc, ("points",), f"point '{heading.key}'{name} is missing; the "
                                f"{format_id} format needs it as point {number}",
                                f"add `{heading.key}:` under points with what the source says; if the source "
                                "says nothing on it, do not write filler: choose the format that fits it"
                                + (f" (`format: {fits[-1]}` takes seven points with your own headings)"
                                   if fits else ""),
                                "missing-point", key=True))
    return problems
