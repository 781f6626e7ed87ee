"""JSON Schemas for editors, generated from the model (never written by hand)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sevenminute.core import model as m
from sevenminute.core.collection import DATA_FILES
from sevenminute.files.safe import read_bounded, write_atomic

MAX_SCHEMA_BYTES = 5_000_000  # the generated schemas are tens of kilobytes

SCHEMA_DIR = "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": f"{name}.schema.json", "title": title, **schema}


def _point_schemas(briefing: dict[str, Any]) -> None:
    """Two kinds of point for editors: `Point` (the format sets the heading, so none is offered)
    and `TitledPoint` (the briefing gives the heading, so it is required)."""
    point = briefing["$defs"]["Point"]
    titled = json.loads(json.dumps(point))
    titled["required"] = ["heading", *titled.get("required", [])]
    titled["properties"]["heading"] = {k: v for k, v in point["properties"]["heading"]["anyOf"][0].items()}
    titled["properties"]["heading"]["description"] = "The heading the source gives this point"
    titled["title"] = "TitledPoint"
    point["properties"].pop("heading")
    briefing["$defs"]["TitledPoint"] = titled


def _format_rule(format_id: str, fmt: m.Format, default: bool) -> dict[str, Any]:
    """if this format (named, or the site's default when `format` is left out) then its points."""
    named = {"required": ["format"], "properties": {"format": {"const": format_id}}}
    condition = {"anyOf": [named, {"not": {"required": ["format"]}}]} if default else named
    points = {
        p.key: {"$ref": "#/$defs/Point" if p.heading else "#/$defs/TitledPoint",
                "description": f"{n}. {p.heading or 'A heading the briefing gives'}"
                + ("" if p.required else " (optional: leave out when the source has nothing on it)")}
        for n, p in enumerate(fmt.points, start=1)
    }
    then: dict[str, Any] = {
        "properties": {"points": {"properties": points, "additionalProperties": False}},
    }
    if fmt.review:
        then["required"] = ["review_type"]
    return {"if": condition, "then": then}


def schemas(site: m.Site | None = None,
            formats: dict[str, m.Format] | None = None) -> dict[str, dict[str, Any]]:
    """File name -> schema. With the site settings and formats, the briefing schema knows each
    format's point keys: editors complete the keys of the format the briefing names."""
    briefing = m.Briefing.model_json_schema()
    _point_schemas(briefing)
    if site is not None and formats:
        briefing["properties"]["format"] = {
            "description": briefing["properties"]["format"]["description"],
            "enum": list(formats),
        }
        points = briefing["properties"]["points"]
        points.pop("patternProperties", None)
        points.pop("propertyNames", None)
        points["description"] = "The seven points, keyed by the keys of the briefing's format in data/formats.yml"
        briefing["allOf"] = [_format_rule(fid, fmt, fid == site.default_format)
                             for fid, fmt in formats.items()]
    out = {"briefing.schema.json": _finish(briefing, "briefing", "A 7-minute briefing")}
    for name, model in DATA_FILES.items():
        out[f"{name}.schema.json"] = _finish(model.model_json_schema(), name, f"data/{name}.yml")
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(out_dir: Path, site: m.Site | None,
                  formats: dict[str, m.Format] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(site, formats).items():
        path = out_dir / name
        write_atomic(path, render(schema).encode())
        written.append(path)
    return written


def stale_schemas(out_dir: Path, site: m.Site | None,
                  formats: dict[str, m.Format] | None = None) -> list[str]:
    """Names of committed schema files that differ from what the model and formats generate now."""
    stale = []
    for name, schema in schemas(site, formats).items():
        path = out_dir / name
        # Bounded, and only a regular file in the folder: a FIFO would hang, /dev/zero fill memory.
        if not os.path.lexists(path) or read_bounded(path, (out_dir.resolve(),), MAX_SCHEMA_BYTES) != render(schema).encode():
            stale.append(name)
    return stale
