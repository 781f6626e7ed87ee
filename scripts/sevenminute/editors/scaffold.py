"""Start a new briefing from the template, never over an existing file. Everything the editor must
decide is a "Replace this with ..." placeholder that validation refuses until it is replaced."""

from __future__ import annotations

import json
import re
import typing
import unicodedata
from datetime import date
from pathlib import Path

import jinja2

from sevenminute.core import model as m
from sevenminute.core.collection import NO_REVIEW, SLUG, Collection
from sevenminute.core.diagnostics import display_path
from sevenminute.core.validation import did_you_mean
from sevenminute.editors.lints import today_default
from sevenminute.files.safe import write_atomic

TEMPLATE = Path(__file__).with_name("briefing-template.yml")


class ScaffoldError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def slugify(title: str) -> str:
    """'Child I: a baby's death' -> 'child-i-a-babys-death' (ASCII, as web addresses need)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"['’]", "", ascii_title.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:80].strip("-")


def _quoted(value: object) -> str:
    """A double-quoted YAML string: JSON strings are valid YAML, whatever the text holds."""
    return json.dumps(str(value), ensure_ascii=False)


def render(collection: Collection, *, title: str, partnership: str, review_type: str | None,
           path: str, today: date, format_id: str | None = None) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters["quoted"] = _quoted
    generic_defaults = set(collection.site.defaults) | set(
        collection.partnerships[partnership].defaults)
    # Without --format the points follow the site's default, but the format itself is left for
    # the editor to decide: a placeholder that validation refuses until it is replaced.
    fmt = collection.formats[format_id or collection.site.default_format]
    points = [
        {"key": p.key, "heading": p.heading, "generic": p.generic, "required": p.required,
         "has_default": p.generic and p.key in generic_defaults}
        for p in fmt.points
    ]
    try:
        next_year = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        next_year = today.replace(year=today.year + 1, day=28)
    return env.from_string(TEMPLATE.read_text(encoding="utf-8")).render(
        title=title,
        partnership=partnership,
        format_id=format_id,
        format=fmt,
        review=fmt.review,
        formats=list(collection.formats),
        review_type=review_type,
        review_types=list(collection.review_types),
        themes=list(collection.themes),
        age_bands=list(typing.get_args(m.AgeBand)),
        next_year=next_year.isoformat(),
        points=points,
        path=path,
    )


def scaffold(collection: Collection, *, title: str, partnership: str, slug: str | None = None,
             review_type: str | None = None, today: date | None = None,
             format_id: str | None = None) -> Path:
    """Create <root>/<slug>.yml for a new briefing and return its path."""
    title = title.strip()
    if not title:
        raise ScaffoldError("the title is empty", 'give the briefing a title, for example --title "Child J"')
    if len(title) > 120:
        raise ScaffoldError(f"the title is {len(title)} characters long; at most 120 are allowed",
                            "shorten it: the summary can say more")
    if partnership not in collection.partnerships:
        from sevenminute.editors.partnership import GUIDE, add_command

        suggestion = did_you_mean(partnership, collection.partnerships)
        hint = (f"{suggestion} " if suggestion else
                f"use one of: {', '.join(collection.partnerships)} (from data/partnerships.yml); ") + (
            f"or add it first: `{add_command(partnership)}` (see {GUIDE})")
        raise ScaffoldError(f"unknown partnership '{partnership}'", hint)
    if format_id is not None and format_id not in collection.formats:
        hint = did_you_mean(format_id, collection.formats) or (
            f"use one of: {', '.join(collection.formats)} (from data/formats.yml)")
        raise ScaffoldError(f"unknown format '{format_id}'", hint)
    if review_type is not None and review_type not in collection.review_types:
        hint = did_you_mean(review_type, collection.review_types) or (
            f"use one of: {', '.join(collection.review_types)}")
        raise ScaffoldError(f"unknown review type '{review_type}'", hint)
    slug = slug if slug is not None else slugify(title)
    if not slug or not SLUG.fullmatch(slug) or len(slug) > 80:
        raise ScaffoldError(f"'{slug}' cannot be used as the briefing's id",
                            "use lower-case letters, digits and single hyphens, for example --slug child-j")
    root = collection.root
    for existing in (root / f"{slug}.yml", root / f"{slug}.yaml"):
        if existing.exists():
            raise ScaffoldError(f"the id '{slug}' is already used by {display_path(existing)}",
                                "choose another with --slug, for example --slug "
                                f"{slug}-{(today or today_default()).year}")
    path = root / f"{slug}.yml"
    text = render(collection, title=title, partnership=partnership, review_type=review_type,
                  path=display_path(path), today=today or today_default(), format_id=format_id)
    try:
        write_atomic(path, text.encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists", "choose another id with --slug") from None
    return path
