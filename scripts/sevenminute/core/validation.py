"""Turn pydantic's validation errors into plain-English diagnostics at the right line."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.yamlread import DataPath, Document

MAX_REPORTED = 100  # per file: past this, more messages help nobody and cost time

_KIND = {
    "string_type": "text",
    "list_type": "a list (each item on its own line, starting with '- ')",
    "dict_type": "a group of fields (each on its own line as `name: value`)",
    "model_type": "a group of fields (each on its own line as `name: value`)",
    "model_attributes_type": "a group of fields (each on its own line as `name: value`)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    """A suggestion for a misspelling, ignoring case ('pdf' suggests 'PDF')."""
    by_lower = {c.lower(): c for c in choices}
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return f"did you mean '{by_lower[matches[0]]}'?" if matches else ""


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation can hold, through Annotated, Optional and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _models_at(model: type[BaseModel], path: DataPath) -> list[type[BaseModel]]:
    """Which model classes can stand at `path` inside `model` (for 'did you mean' on fields)."""
    current: list[Any] = [model]
    for step in path:
        following: list[Any] = []
        for candidate in current:
            if isinstance(candidate, type) and issubclass(candidate, RootModel):
                candidate = candidate.model_fields["root"].annotation
                for t in _unwrap(candidate):
                    following.extend(_step(t, step))
                continue
            following.extend(_step(candidate, step))
        current = following
    return [c for c in current if isinstance(c, type) and issubclass(c, BaseModel)]


def _step(candidate: Any, step: Any) -> list[Any]:
    if isinstance(candidate, type) and issubclass(candidate, BaseModel):
        if isinstance(step, str) and step in candidate.model_fields:
            return _unwrap(candidate.model_fields[step].annotation)
        return []
    origin = typing.get_origin(candidate)
    args = typing.get_args(candidate)
    if origin is list and isinstance(step, int):
        return _unwrap(args[0])
    if origin is dict and isinstance(step, str):
        return _unwrap(args[1])
    return []


def _data_path(data: Any, loc: tuple[Any, ...], error_type: str) -> DataPath:
    """pydantic's loc mixes data keys with union tags; keep only the steps found in the data."""
    path: list[Any] = []
    current = data
    for i, step in enumerate(loc):
        if isinstance(current, dict) and isinstance(step, str) and step in current:
            path.append(step)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            path.append(step)
            current = current[step]
        elif error_type == "missing" and i == len(loc) - 1:
            path.append(step)  # the missing field itself
    return tuple(path)


def _describe(path: DataPath) -> str:
    if not path:
        return "the file"
    parts = []
    for step in path:
        parts.append(f"item {step + 1}" if isinstance(step, int) else f"'{step}'")
    return " > ".join(parts)


def _message(err: dict[str, Any], path: DataPath, root: type[BaseModel]) -> tuple[str, str, str]:
    """(message, hint, code) in plain English for one pydantic error."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    where = _describe(path)
    value = err.get("input")
    if kind == "missing":
        field = path[-1]
        parent = _describe(path[:-1])
        models = _models_at(root, path)
        desc = ""
        for model in models:
            info = model.model_fields.get(field)
            if info and info.description:
                desc = info.description
        return (
            f"'{field}' is missing from {parent}",
            f"add a line `{field}: ...`" + (f" ({desc})" if desc else ""),
            "missing-field",
        )
    if kind == "extra_forbidden":
        field = path[-1]
        models = _models_at(root, path[:-1])
        allowed = sorted({name for m in models for name in m.model_fields})
        suggestion = did_you_mean(str(field), allowed)
        hint = suggestion or (f"the fields allowed here are: {', '.join(allowed)}" if allowed else "remove it")
        return f"unknown field '{field}'", hint, "unknown-field"
    if kind in _KIND:
        got = "a list" if isinstance(value, list) else "a group of fields" if isinstance(value, dict) else "text"
        return f"{where} should be {_KIND[kind]}, not {got}", "check the indentation and the '- ' list markers", "wrong-type"
    if kind == "too_short":
        minimum = ctx.get("min_length")
        if isinstance(value, str):
            return f"{where} is too short", f"write at least {minimum} characters", "too-short"
        return f"{where} needs at least {minimum} item{'s' * (minimum != 1)}", "add the missing items", "too-short"
    if kind == "too_long":
        maximum = ctx.get("max_length")
        if isinstance(value, str):
            return (
                f"{where} is too long ({len(value)} characters; at most {maximum})",
                "shorten it, or move the extra material into the point's 'detail'",
                "too-long",
            )
        count = len(value) if isinstance(value, (list, dict)) else "too many"
        return f"{where} has {count} items; at most {maximum} are allowed", "remove some", "too-long"
    if kind == "string_too_short":
        if not value:
            return f"{where} is empty", "write the text, or remove the line", "too-short"
        return (
            f"{where} is too short ({len(value)} characters; at least {ctx.get('min_length')})",
            "say a little more",
            "too-short",
        )
    if kind == "string_too_long":
        maximum = ctx.get("max_length")
        length = len(value) if isinstance(value, str) else "too many"
        return (
            f"{where} is too long ({length} characters; at most {maximum})",
            "shorten it, or move the extra material into the point's 'detail'",
            "too-long",
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{value!r} in {where} is not a date", "write dates as YYYY-MM-DD, for example 2025-03-31", "bad-date"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in str(expected).replace(" or ", ", ").split(",")]
        suggestion = did_you_mean(str(value), options)
        return (
            f"{value!r} is not allowed for {where}",
            (suggestion + " " if suggestion else "") + f"use one of: {', '.join(options)}",
            "not-allowed",
        )
    if kind == "value_error":
        message = str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
        text, _, hint = message.partition("; ")
        return f"{where}: {text}", hint, "invalid-value"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not in the right form for {where}", f"it must match {ctx.get('pattern')}", "invalid-value"
    return f"{where}: {err['msg']}", "", "invalid-value"  # pragma: no cover - any new pydantic type


def _refine(doc: Document, lines: list[str], start: tuple[int, int], path: DataPath,
            needle: str) -> tuple[int, int]:
    """The position of `needle` inside the value that starts at `start`, when the editor typed it
    there (not as a YAML escape): an invisible character deep in a long `detail` is then shown
    at its own line and column. The value ends where the next key or value begins."""
    if not needle or not lines:
        return start
    ends = [pos for pos in (*doc.values.values(), *doc.keys.values()) if pos > start]
    end = min(ends) if ends else (len(lines) + 1, 1)
    for index in range(start[0] - 1, min(end[0], len(lines))):
        first = start[1] - 1 if index == start[0] - 1 else 0
        found = lines[index].find(needle, first)
        if found >= 0 and (index + 1, found + 1) < end:
            return index + 1, found + 1
    return start


# What `sevenminute new` writes where the editor must decide (a date, the review type, the
# themes, the text): never a plausible value, always text that starts like this and says what to
# write. A value that still starts like this is refused, so nothing invented can go out.
PLACEHOLDER = "Replace this"


def placeholders(data: Any, path: DataPath = ()) -> list[tuple[DataPath, str]]:
    """Every value still holding the template's placeholder, with its path."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in placeholders(value, path + (key,))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in placeholders(value, path + (i,))]
    if isinstance(data, str) and data.strip().startswith(PLACEHOLDER):
        return [(path, data.strip())]
    return []


def _placeholder(doc: Document, path: DataPath, text: str) -> Diagnostic:
    line, column = doc.position(path)
    instruction = text[len(PLACEHOLDER):].strip(" .:")
    instruction = instruction.removeprefix("with ").strip()
    hint = f"replace it with {instruction}" if instruction else "write the briefing's own value"
    return Diagnostic(display_path(doc.path), line, column, "error",
                      f"{_describe(path)} still holds the template's placeholder", hint, "placeholder")


def validate(model: type[BaseModel], doc: Document) -> tuple[Any | None, list[Diagnostic]]:
    """Validate a whole document; every error in it comes back, each at its own line."""
    unfilled = placeholders(doc.data)
    marked = {path for path, _ in unfilled}
    diagnostics = [_placeholder(doc, path, text) for path, text in unfilled]
    try:
        value = model.model_validate(doc.data)
        return (None, diagnostics) if diagnostics else (value, [])
    except ValidationError as exc:
        seen = set()
        errors = exc.errors(include_url=False)
        lines: list[str] | None = None
        for err in errors[:MAX_REPORTED]:
            path = _data_path(doc.data, tuple(err["loc"]), err["type"])
            if any(path[:len(p)] == p for p in marked):
                continue  # already reported as a placeholder, which says what to write
            message, hint, code = _message(err, path, model)
            if err["type"] == "missing":
                line, column = doc.position(path[:-1])
            else:
                line, column = doc.position(path, key=err["type"] == "extra_forbidden")
                needle = getattr((err.get("ctx") or {}).get("error"), "needle", "")
                if needle:
                    if lines is None:
                        try:
                            lines = doc.path.read_text(encoding="utf-8-sig").splitlines()
                        except (OSError, UnicodeError):
                            lines = []
                    line, column = _refine(doc, lines, (line, column), path, needle)
            key = (line, column, message)
            if key in seen:
                continue
            seen.add(key)
            diagnostics.append(
                Diagnostic(display_path(doc.path), line, column, "error", message, hint, code)
            )
        if len(errors) > MAX_REPORTED:
            diagnostics.append(Diagnostic(display_path(doc.path), 1, 1, "error",
                                          f"{len(errors) - MAX_REPORTED} more problems in this file are not shown",
                                          "fix the ones above and validate again", "more"))
        return None, diagnostics
