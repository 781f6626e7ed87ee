"""JSON Schemas for editors, generated from the model (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import model as m
from .collection import DATA_FILES
from .files import write_atomic

SCHEMA_DIR = "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": f"{name}.schema.json", "title": title, **schema}


def schemas(site: m.Site | None = None) -> dict[str, dict[str, Any]]:
    """File name -> schema. With the site settings, the briefing schema knows the point keys."""
    briefing = m.Briefing.model_json_schema()
    if site is not None:
        points = briefing["properties"]["points"]
        point_ref = {"$ref": "#/$defs/Point"}
        points.pop("patternProperties", None)
        points["properties"] = {
            p.key: {**point_ref, "description": f"{n}. {p.heading}"}
            for n, p in enumerate(site.points, start=1)
        }
        points["additionalProperties"] = False
        points.pop("propertyNames", None)
    out = {"briefing.schema.json": _finish(briefing, "briefing", "A 7-minute briefing")}
    for name, model in DATA_FILES.items():
        out[f"{name}.schema.json"] = _finish(model.model_json_schema(), name, f"data/{name}.yml")
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(out_dir: Path, site: m.Site | None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(site).items():
        path = out_dir / name
        write_atomic(path, render(schema).encode())
        written.append(path)
    return written


def stale_schemas(out_dir: Path, site: m.Site | None) -> list[str]:
    """Names of committed schema files that differ from what the model generates now."""
    stale = []
    for name, schema in schemas(site).items():
        path = out_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != render(schema):
            stale.append(name)
    return stale
