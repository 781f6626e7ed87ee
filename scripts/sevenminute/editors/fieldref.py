"""The field reference (docs/fields.md, its own page beside the authoring guide), generated from
the model so it cannot drift.

Types, required or optional, and descriptions come from the pydantic classes (a description is
written once, on the model's field, so the JSON Schemas carry it too); the examples are in
fieldref_examples.py."""

from __future__ import annotations

import re
import types
import typing
from datetime import date
from typing import Any

import yaml
from annotated_types import MaxLen
from pydantic import BaseModel, RootModel

from sevenminute.core import model as m
from sevenminute.editors.fieldref_examples import EXAMPLES, WHOLE_EXAMPLES

# Named string types of the model, most specific first, and how the guide names them.
_ALIASES: list[tuple[Any, str]] = [
    (m.InlineMarkdown, "text (inline Markdown: `**bold**`, `_italic_`, `[link text](https://...)`)"),
    (m.BlockMarkdown, "Markdown (paragraphs and lists)"),
    (m.Slug, "id (lower-case letters, digits and hyphens)"),
    (m.PointKey, "point key (from the briefing's format in `data/formats.yml`)"),
    (m.YearMonth, "year and month, in quotes (`\"2022-09\"`)"),
    (m.WebAddress, "web address (`https://...`)"),
    (m.PhoneNumber, "phone number (digits and spaces)"),
    (m.EmailAddress, "email address"),
    (m.Text, "text (up to 300 characters)"),
]

# Headings: the name each class goes by in the guide.
_NAMES: dict[type, str] = {
    m.Briefing: "Briefing",
    m.KeyMessage: "Key message",
    m.Point: "Point",
    m.ListItem: "List item with sub-items",
    m.Link: "Link",
    m.Site: "Site settings",
    m.Format: "Format",
    m.PointHeading: "Point heading",
    m.Phone: "Phone number",
    m.Email: "Email address",
    m.ContactPhone: "Contact phone number",
    m.ContactEmail: "Contact email address",
    m.AccessibilityStatement: "Accessibility statement",
    m.Partnership: "Partnership",
    m.Contact: "Contact block",
    m.Theme: "Theme",
    m.ReviewType: "Review type",
}

def heading_id(text: str) -> str:
    """The anchor MkDocs' table of contents gives a heading (its default slugify)."""
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _models(annotation: Any) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        found += _models(arg)
    return found


def describe(annotation: Any) -> str:
    """A type as the guide names it: 'list of text', 'one of: `PDF`, `Word`', a link to a class."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        metadata = {id(item) for item in annotation.__metadata__}
        for alias, name in _ALIASES:
            if {id(item) for item in alias.__metadata__} <= metadata:
                return name
        inner = describe(typing.get_args(annotation)[0])
        limits = [item.max_length for meta in annotation.__metadata__
                  for item in getattr(meta, "metadata", [meta]) if isinstance(item, MaxLen)]
        if inner == "text" and limits:
            return f"text (up to {limits[0]} characters)"
        return inner
    if origin is typing.Literal:
        return "one of: " + ", ".join(f"`{value}`" for value in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        parts = [describe(a) for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(parts)
    if origin is list:
        return f"list of: {describe(typing.get_args(annotation)[0])}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"{describe(value)}, for each {describe(key).split(' (')[0]}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        name = _NAMES.get(annotation, annotation.__name__)
        return f"[{name}](#{heading_id(name)})"
    if annotation is date:
        return "date (`YYYY-MM-DD`)"
    if annotation is bool:
        return "`true` or `false`"
    if annotation is str:
        return "text"
    return getattr(annotation, "__name__", str(annotation))


def example(model: type[BaseModel]) -> dict[str, Any]:
    """A whole example of `model`, assembled from the examples of its fields."""
    hints = typing.get_type_hints(model, include_extras=True)
    result: dict[str, Any] = {}
    for name in model.model_fields:
        value = field_example(model, name, hints[name])
        if value is not None:
            result[name] = value
    return result


def field_example(model: type[BaseModel], name: str, annotation: Any) -> Any:
    key = f"{model.__name__}.{name}"
    if key in WHOLE_EXAMPLES:
        return WHOLE_EXAMPLES[key]
    if key in EXAMPLES:
        return EXAMPLES[key]
    nested = _models(annotation)
    if nested:
        one = example(nested[0])
        is_list = typing.get_origin(annotation) is list or "list of" in describe(annotation)
        return [one] if is_list else one
    return None


class _Dumper(yaml.SafeDumper):
    """Writes year-months in double quotes, as the briefings do (some YAML tools would read
    2022-09 as a number sum or a date), and text of several lines as a `|` block, as editors
    write Markdown."""


def _style(value: str) -> str | None:
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return '"'
    return "|" if "\n" in value.rstrip("\n") else None


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style=_style(value)))


def _yaml(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False).strip()


def _inline_yaml(name: str, value: Any) -> str:
    """`name: value` on one line, quoted where YAML tools would read a date or number."""
    text = yaml.dump(value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True,
                     width=10_000)
    return f"{name}: {text.removesuffix(chr(10)).removesuffix('...').strip()}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def model_section(model: type[BaseModel], level: int = 3) -> str:
    name = _NAMES.get(model, model.__name__)
    hints = typing.get_type_hints(model, include_extras=True)
    lines = [f"{'#' * level} {name}", ""]
    if model.__doc__:
        lines += [" ".join(model.__doc__.split()), ""]
    lines += ["| Field | Required | Type | Description | Example |", "|---|---|---|---|---|"]
    for field_name, info in model.model_fields.items():
        annotation = hints[field_name]
        value = field_example(model, field_name, annotation)
        nested = _models(annotation)
        if nested and isinstance(value, (dict, list)):
            shown = "see " + " and ".join(describe(n) for n in nested)
        elif isinstance(value, str) and "\n" in value.rstrip("\n"):
            shown = "several lines: see the example below"
        else:
            shown = f"`{_cell(_inline_yaml(field_name, value))}`"
        required = "required" if info.is_required() else "optional"
        description = info.description or ""
        # Descriptions are plain text (they are the JSON schemas' too): an example such as
        # [link text](https://...) must not become a real link to "https://..." (invalid HTML).
        description = description.replace("[", "\\[")
        lines.append(f"| `{field_name}` | {required} | {_cell(describe(annotation))} | "
                     f"{_cell(description)} | {shown} |")
    lines += ["", "Example:", "", "```yaml", _yaml(example(model)), "```", ""]
    return "\n".join(lines)


def _walk(model: type[BaseModel], seen: list[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.append(model)
    hints = typing.get_type_hints(model, include_extras=True)
    for name in model.model_fields:
        for nested in _models(hints[name]):
            _walk(nested, seen)


# Which file each part of the reference describes.
_FILES: list[tuple[str, str, Any]] = [
    ("A briefing: `briefings/<id>.yml`", "Each briefing is one file; its file name is its id and "
     "its web address.", m.Briefing),
    ("Site settings: `data/site.yml`", "Written once for the whole site.", m.Site),
    ("Formats: `data/formats.yml`", "Each format under its id: its seven points. Briefings name "
     "it in `format:`.", m.Format),
    ("Partnerships: `data/partnerships.yml`", "Each partnership under its id; briefings name it "
     "in `partnership:`.", m.Partnership),
    ("Themes: `data/themes.yml`", "Each theme under its id; briefings list ids in `themes:`.", m.Theme),
    ("Review types: `data/review-types.yml`", "Each kind of review under its id.", m.ReviewType),
    ("Resources: `data/resources.yml`", "Shared documents and pages under their ids; each is a "
     "[Link](#link).", None),
    ("Glossary: `data/glossary.yml`", "Each abbreviation with its meaning, for example "
     "`SUDI: Sudden Unexpected Death in Infancy`. The site explains each abbreviation on first "
     "use, and `sevenminute check` warns about abbreviations missing from here.", None),
]


def field_reference() -> str:
    """Markdown for every field of every file an editor writes."""
    out: list[str] = []
    done: list[type[BaseModel]] = []
    for title, intro, root in _FILES:
        out += [f"## {title}", "", intro, ""]
        if root is None:
            continue
        order: list[type[BaseModel]] = []
        _walk(root, order)
        for model in order:
            if model not in done:
                out.append(model_section(model))
                done.append(model)
    return "\n".join(out).rstrip() + "\n"


def check_complete() -> list[str]:
    """Fields with no example and no nested class to build one from (tests keep this empty)."""
    missing = []
    for model in _NAMES:
        hints = typing.get_type_hints(model, include_extras=True)
        for name in model.model_fields:
            if field_example(model, name, hints[name]) is None:
                missing.append(f"{model.__name__}.{name}")
    return missing


# The field reference is kept in its page (docs/fields.md) between these markers, so that it
# reads on GitHub as well as in the built site; `sevenminute fields --write` refreshes it. It has a
# page of its own because it is the largest part of what editors read: inside the authoring guide
# it made that page over 100 KB.
REFERENCE_PAGE = "docs/fields.md"
REFERENCE_START = "<!-- sevenminute:field-reference -->"
REFERENCE_END = "<!-- /sevenminute:field-reference -->"


def with_reference(page: str) -> str:
    """The page's text with the current field reference between the markers."""
    start = page.find(REFERENCE_START)
    if start < 0:
        return page
    end = page.find(REFERENCE_END, start)
    tail = page[end + len(REFERENCE_END):] if end >= 0 else page[start + len(REFERENCE_START):]
    return (page[:start] + REFERENCE_START + "\n\n" + field_reference() + "\n" + REFERENCE_END + tail)


__all__ = ["field_reference", "with_reference", "REFERENCE_PAGE", "REFERENCE_START", "REFERENCE_END", "example", "check_complete", "EXAMPLES", "RootModel"]


# The field reference for a site whose docs/ has no page of its own: the toolkit's page, with the
# reference filled in at build time like docs/fields.md here.
SITE_REFERENCE_PAGE = f"""# Field reference

Every field of every file an editor writes: a briefing, and the shared files in `briefings/data/`.
Generated from the model that validates the briefings. Fields marked *optional* can be left out.

{REFERENCE_START}
{REFERENCE_END}
"""
