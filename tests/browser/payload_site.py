"""A briefings folder with a script payload in every string field of every briefing and data file,
to build one finished site from (tests/browser/test_injection_browser.py).

The fields come from the model, not from a list: `string_leaves` walks each file's data beside
its pydantic class (core/model/), filling in every optional field a file leaves out, so a field
added to the model is filled and poisoned here without a change to the test. Dict entries cannot
be invented (their keys mean something), so `model_string_fields` lists every string field the
model has and the test checks each was reached.

Each payload is tried in every field at once. What validation refuses must be refused with an
error on the line of that field (a located error); the field then keeps its ordinary value. The
site is built from the payloads every field accepted, each field carrying all of its own."""

from __future__ import annotations

import copy
import shutil
import types
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel, RootModel
from pydantic.fields import FieldInfo

from hostile.project import REPO
from sevenminute.core import model as m
from sevenminute.core.collection import DATA_DIR, DATA_FILES, DEFAULTS_DIR
from sevenminute.core.diagnostics import Diagnostic
from sevenminute.core.loading import load_collection
from sevenminute.core.yamlread import read_yaml
from sevenminute.printing import glyphs

# `{n}` is the field's number: `_x(n)` (or `_e(n)` in text written with entities) is what a
# payload calls if it ever runs, and what the test looks for in the browser; evil.example/n is
# what it would fetch.
PAYLOADS = {
    "img": "<img src=x onerror=_x({n})>",
    "title": "</title><script>_x({n})</script>",
    "attr": '"><svg onload=_x({n})>',
    "quote": "' onfocus=_x({n}) autofocus x='",
    "url": "javascript:_x({n})",
    "link": "[a](javascript:_x({n}))",
    "entity": "&lt;img src=x onerror=_e({n})&gt;",
    # These would make a reader's browser fetch from another site.
    "picture": "![a](https://evil.example/{n}.png)",
    "style": "<link rel=stylesheet href=https://evil.example/{n}.css>",
}
# An ordinary value for a field the base files leave out (the payload replaces it).
PLAIN = "Filled in by the injection test"
DAY = "2026-11-01"

Path_ = tuple[Any, ...]


@dataclass
class Leaf:
    """One string in one file: where it is, which field it is, and its ordinary value."""

    number: int
    file: str                 # relative to the briefings folder: "child-i.yml", "data/site.yml"
    path: Path_               # the keys and indexes to it in the file's data
    field: str                # the model's name for it: "KeyMessage.title"
    ordinary: str
    max_length: int | None
    accepted: list[str] = field(default_factory=list)    # payload names the field took
    refused: dict[str, Diagnostic] = field(default_factory=dict)


# --- the model's types ---------------------------------------------------------------------

def _parts(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under any Annotated layers, and their metadata (FieldInfo's own included)."""
    metadata: list[Any] = []
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        metadata += extra
    for item in list(metadata):
        if isinstance(item, FieldInfo):
            metadata += item.metadata
    return annotation, metadata


def _max_length(metadata: list[Any]) -> int | None:
    lengths = [x.max_length for x in metadata if isinstance(x, annotated_types.MaxLen)]
    return min(lengths) if lengths else None


def _example(metadata: list[Any]) -> str | None:
    for item in metadata:
        extra = getattr(item, "json_schema_extra", None)
        if isinstance(extra, dict) and extra.get("examples"):
            return extra["examples"][0]
    return None


def _options(annotation: Any) -> list[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)]
    return [annotation]


# The data files whose class is a RootModel (an id mapping to entries) are named after the file.
_ROOT_NAMES = {model: name.title().replace("-", "") for name, model in DATA_FILES.items()}


def _name(model: type[BaseModel]) -> str:
    return _ROOT_NAMES.get(model, model.__name__)


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _model_fields(model: type[BaseModel]) -> list[tuple[str, Any, list[Any]]]:
    """(key in the file, annotation, metadata) for each field of a class."""
    out = []
    for name, info in model.model_fields.items():
        out.append((info.alias or name, info.annotation, [info, *info.metadata]))
    return out


def model_string_fields(model: type[BaseModel], prefix: str | None = None, seen=None) -> set[str]:
    """Every string field the model has, by the name `string_leaves` gives it."""
    seen = set() if seen is None else seen
    out: set[str] = set()

    def walk(annotation: Any, name: str) -> None:
        t, _ = _parts(annotation)
        for option in _options(t):
            option, _ = _parts(option)
            origin = get_origin(option)
            if option is str or origin is Literal:
                out.add(name)
            elif _is_model(option):
                out.update(model_string_fields(option, None, seen))
            elif origin is list:
                walk(get_args(option)[0], name + "[]")
            elif origin is dict:
                walk(get_args(option)[1], name + "{}")

    if issubclass(model, RootModel):
        walk(model.model_fields["root"].annotation, _name(model))
        return out
    if model in seen:
        return out
    seen.add(model)
    for key, annotation, _ in _model_fields(model):
        walk(annotation, f"{model.__name__}.{key}")
    return out


# --- filling in and finding the strings of a file -----------------------------------------

def _new_value(annotation: Any) -> Any:
    """A value for a field the file leaves out, or None to leave it out (dicts, flags)."""
    t, metadata = _parts(annotation)
    for option in _options(t):
        option, option_metadata = _parts(option)
        metadata = metadata + option_metadata
        origin = get_origin(option)
        if option is str:
            return _example(metadata) or PLAIN[:_max_length(metadata) or None]
        if origin is Literal:
            return get_args(option)[0]
        if option is date:
            return DAY
        if _is_model(option):
            return {}
        if origin is list:
            element = _new_value(get_args(option)[0])
            return None if element is None else [element]
    return None


def _walk(annotation: Any, data: Any, path: Path_, name: str, found: list, metadata: list[Any],
          fill: _Fill) -> None:
    t, more = _parts(annotation)
    metadata = metadata + more
    options = _options(t)
    if isinstance(data, str):
        for option in options:
            option, option_metadata = _parts(option)
            if option is str or get_origin(option) is Literal:
                found.append((path, name, data, _max_length(metadata + option_metadata)))
                return
        return
    if isinstance(data, dict):
        for option in options:
            option, _ = _parts(option)
            if _is_model(option):
                _fill_model(option, data, path, found, fill)
                return
            if get_origin(option) is dict:
                for key, value in data.items():
                    _walk(get_args(option)[1], value, path + (key,), name + "{}", found, [], fill)
                return
        return
    if isinstance(data, list):
        for option in options:
            option, _ = _parts(option)
            if get_origin(option) is list:
                element = get_args(option)[0]
                if path not in fill.skip:
                    _add_missing_kinds(element, data, path, fill)
                for index, value in enumerate(data):
                    _walk(element, value, path + (index,), name + "[]", found, [], fill)
                return


@dataclass
class _Fill:
    """What filling in may not add (values the briefing's own rules refuse, such as a heading
    its format sets), and what it added."""

    skip: set = field(default_factory=set)
    created: set = field(default_factory=set)


def _add_missing_kinds(element: Any, data: list, path: Path_, fill: _Fill) -> None:
    """A list of a union (a plain item or one with sub-items; a resource id or a link) gets one
    element of each class it can hold, so every class's fields are reached."""
    t, _ = _parts(element)
    for option in _options(t):
        option, _ = _parts(option)
        if _is_model(option) and not any(isinstance(v, dict) for v in data):
            data.append(_new_value(option))
            fill.created.add(path + (len(data) - 1,))


def _fill_model(model: type[BaseModel], data: dict, path: Path_, found: list, fill: _Fill) -> None:
    if issubclass(model, RootModel):
        _walk(model.model_fields["root"].annotation, data, path, _name(model), found, [], fill)
        return
    for key, annotation, metadata in _model_fields(model):
        if key not in data:
            if path + (key,) in fill.skip:
                continue
            value = _new_value(Annotated[annotation, *metadata] if metadata else annotation)
            if value is None:
                continue
            data[key] = value
            fill.created.add(path + (key,))
        _walk(annotation, data[key], path + (key,), f"{model.__name__}.{key}", found, metadata, fill)


def string_leaves(model: type[BaseModel], data: Any, fill: _Fill | None = None
                  ) -> list[tuple[Path_, str, str, int | None]]:
    """Every string in `data` (filled in first, in place) as (path, field, value, max length)."""
    found: list = []
    _fill_model(model, data, (), found, fill or _Fill())
    return found


# --- the folder ----------------------------------------------------------------------------

def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # strings stay strings


def _set(data: Any, path: Path_, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


class PayloadFolder:
    """The repository's briefings and data, the worked examples (one per format) and a briefing
    that takes its generic points from the partnership's and the site's defaults, every optional
    field filled in; then a payload in each string."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, tuple[type[BaseModel], Any]] = {}
        for name, model in DATA_FILES.items():
            # A data file the site leaves to the toolkit's defaults is written out as the site's
            # own: its entries replace the defaults id by id, so every entry carries payloads.
            own = REPO / "briefings" / DATA_DIR / f"{name}.yml"
            self.files[f"{DATA_DIR}/{name}.yml"] = (model, _read(own if own.exists() else DEFAULTS_DIR / f"{name}.yml"))
        for source in [*sorted((REPO / "briefings").glob("*.yml")), *sorted((REPO / "docs" / "examples").glob("*.yml"))]:
            self.files[source.name] = (m.Briefing, _read(source))
        # Generic points from the defaults: the partnership's for one, the site's for the other,
        # each headed by its format's suggestion label.
        defaults = copy.deepcopy(self.files["case-review.yml"][1])
        for key in ("reflection", "do_now"):
            defaults["points"].pop(key, None)
        defaults["title"] = "Defaults example"
        defaults["glossary"] = {"SUDI": PLAIN}
        # The brand's colour must pass a contrast check no generic value can: give one that does.
        self.files[f"{DATA_DIR}/site.yml"][1].setdefault("brand", {"name": PLAIN, "colour": "#1d4f91",
                                                                  "logo": "assets/logo.svg"})
        self.files[f"{DATA_DIR}/site.yml"][1].setdefault("lints", {})["anonymisation"] = "warning"
        self.files["defaults-example.yml"] = (m.Briefing, defaults)
        partnership = self.files[f"{DATA_DIR}/partnerships.yml"][1][defaults["partnership"]]
        partnership.setdefault("defaults", {})["reflection"] = {
            "heading": PLAIN, "text": PLAIN, "items": [PLAIN], "detail": PLAIN}
        self._value: dict[int, str] = {}
        self._fill_in()

    def _fill_in(self) -> None:
        """Fill in every optional field; a value filled in that the folder's own rules refuse
        (a heading the format sets, an adult's age band on a children's briefing) is left out."""
        bases = copy.deepcopy(self.files)
        fills = {file: _Fill() for file in self.files}
        # A format point without a heading means "each briefing gives its own": filling it in
        # would make every learning-points briefing wrong, in other files than this one.
        for format_id, entry in self.files[f"{DATA_DIR}/formats.yml"][1].items():
            for index, point in enumerate(entry["points"]):
                if "heading" not in point:
                    fills[f"{DATA_DIR}/formats.yml"].skip.add((format_id, "points", index, "heading"))
        for _ in range(8):
            self.files = copy.deepcopy(bases)
            self.leaves = []
            for file, (model, data) in self.files.items():
                fills[file].created = set()
                for path, name, value, limit in string_leaves(model, data, fills[file]):
                    self.leaves.append(Leaf(len(self.leaves), file, path, name, value, limit))
            self.write()
            errors = self.errors()
            if not errors:
                return
            for error in errors:
                leaf = self.leaf_at(error)
                added = leaf and [p for p in fills[leaf.file].created if leaf.path[:len(p)] == p]
                if leaf and not added:
                    # A value filled in beside this one conflicts with it (an audience and the
                    # file's age band): leave out what was filled in beside it.
                    siblings = {p for p in fills[leaf.file].created if p[:-1] == leaf.path[:-1]}
                    if siblings and not siblings <= fills[leaf.file].skip:
                        fills[leaf.file].skip |= siblings
                        continue
                if not added:
                    raise AssertionError("the base files have an error no filled-in value explains:\n"
                                         + error.plain())
                fills[leaf.file].skip.add(min(added, key=len))
        raise AssertionError("filling in the optional fields still gives errors after 8 rounds")

    # writing
    def write(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)
        (self.root / DATA_DIR).mkdir(parents=True)
        for file, (_, data) in self.files.items():
            data = copy.deepcopy(data)
            for leaf in self.leaves:
                if leaf.file == file:
                    _set(data, leaf.path, self._value.get(leaf.number, leaf.ordinary))
            (self.root / file).write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000), encoding="utf-8")

    def errors(self) -> list[Diagnostic]:
        result = load_collection(self.root, checks=(glyphs.check,))  # as the build loads it
        errors = [d for d in result.diagnostics if d.severity == "error"]
        if not result.ok and not errors:
            raise AssertionError("the folder did not load, without an error saying why")
        return errors

    def leaf_at(self, error: Diagnostic) -> Leaf | None:
        """The string an error points at: on its line, the last one starting at or before its
        column (a key and its value can share a line)."""
        file = Path(error.path).resolve()
        try:
            name = file.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        doc, _ = read_yaml(file)
        if doc is None:
            return None
        on_line = [(doc.values[leaf.path][1], leaf) for leaf in self.leaves
                   if leaf.file == name and doc.values.get(leaf.path, (0, 0))[0] == error.line]
        before = [pair for pair in on_line if pair[0] <= error.column]
        chosen = max(before, key=lambda p: p[0]) if before else min(on_line, key=lambda p: p[0], default=None)
        return chosen[1] if chosen else None

    def settle(self, values: dict[int, str]) -> tuple[dict[int, Diagnostic], list[Diagnostic]]:
        """Write `values` into their fields, load, and take back each value an error points at,
        until the folder loads cleanly: (refused field -> its error, errors pointing at no field)."""
        self._value = dict(values)
        refused: dict[int, Diagnostic] = {}
        for _ in range(8):
            self.write()
            errors = self.errors()
            if not errors:
                return refused, []
            stray = []
            for error in errors:
                leaf = self.leaf_at(error)
                if leaf is None or leaf.number not in self._value:
                    stray.append(error)
                else:
                    refused[leaf.number] = error
                    del self._value[leaf.number]
            if stray:
                return refused, stray
        raise AssertionError("the payload folder still has errors after 8 rounds")

    def try_payloads(self) -> list[Diagnostic]:
        """Each payload in every field at once; note which fields take it. Returns errors that
        point at no field (there should be none)."""
        _, stray = self.settle({})
        if stray:
            return stray  # the filled-in folder is not valid without any payload
        for kind, template in PAYLOADS.items():
            refused, stray = self.settle({leaf.number: template.format(n=leaf.number) for leaf in self.leaves})
            if stray:
                return stray
            for leaf in self.leaves:
                if leaf.number in refused:
                    leaf.refused[kind] = refused[leaf.number]
                else:
                    leaf.accepted.append(kind)
        return []

    def poisoned_value(self, leaf: Leaf) -> str | None:
        """Every payload the field took, as many as fit its length; None if it took none."""
        parts = [PAYLOADS[kind].format(n=leaf.number) for kind in leaf.accepted]
        value = ""
        for part in parts:
            candidate = f"{value} {part}".strip()
            if leaf.max_length is None or len(candidate) <= leaf.max_length:
                value = candidate
        return value or None

    def write_poisoned(self) -> list[Diagnostic]:
        """The folder the site is built from; returns its errors (there should be none)."""
        values = {leaf.number: v for leaf in self.leaves if (v := self.poisoned_value(leaf))}
        refused, stray = self.settle(values)
        return stray + list(refused.values())


def dict_keys(model: type[BaseModel], seen=None) -> dict[str, Any]:
    """Every dict of the model, by field name, with the type of its keys (ids, point keys,
    abbreviations, lint names): the strings `string_leaves` does not poison."""
    seen = set() if seen is None else seen
    out: dict[str, Any] = {}

    def walk(annotation: Any, name: str) -> None:
        t, _ = _parts(annotation)
        for option in _options(t):
            option, _ = _parts(option)
            if _is_model(option) and option not in seen:
                seen.add(option)
                out.update(dict_keys(option, seen))
            elif get_origin(option) is list:
                walk(get_args(option)[0], name + "[]")
            elif get_origin(option) is dict:
                out[name + "{}"] = get_args(option)[0]
                walk(get_args(option)[1], name + "{}")

    if issubclass(model, RootModel):
        walk(model.model_fields["root"].annotation, _name(model))
    else:
        for key, annotation, _ in _model_fields(model):
            walk(annotation, f"{model.__name__}.{key}")
    return out


def model_fields_of_files() -> set[str]:
    """Every string field of every file the folder holds: the briefing's and the data files'."""
    out = model_string_fields(m.Briefing)
    for model in DATA_FILES.values():
        out |= model_string_fields(model)
    return out


