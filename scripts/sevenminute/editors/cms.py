"""The web editor's configuration (Decap CMS, at /admin/ of the site), generated from the model
and the shared data, never written by hand: `sevenminute cms` writes it, `--check` finds it stale.

Labels, help text, required fields, lengths and patterns come from the JSON Schema the model
generates (editors/schema.py); the choices (partnerships, themes, review types, resources,
audiences, age bands) and each format's seven points come from the shared data. Each format is
a collection of its own, so the form shows exactly that format's points with their headings.

Decap's own YAML writer would drop comments and reorder keys, so every collection uses the
`sevenminute` formats of overrides/admin/sevenminute-cms.js. The `sevenminute:` block at the end
of the file tells that script what it needs (key order, the schema line, the default format,
which fields are dates) and is removed before Decap reads the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from sevenminute.core.collection import DATA_DIR, Collection
from sevenminute.editors.lint_registry import GROUPS, LINTS
from sevenminute.editors.schema import schemas
from sevenminute.files.safe import write_atomic

CONFIG_PATH = Path("overrides/admin/config.yml")
HEADER = (
    "# The web editor's configuration (Decap CMS at /admin/), generated from the model and\n"
    "# briefings/data/ by `sevenminute cms`. Do not edit: run `sevenminute cms` after changing\n"
    "# the model or the shared data (a test fails when this file is out of date).\n"
)
# Fields that hold a calendar date (YYYY-MM-DD): the script writes them unquoted, as by hand.
DATE_FORMAT = "date"
LONG_TEXT = 300  # a string field longer than this gets a text box rather than one line


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = {**schema["$defs"][node["$ref"].rsplit("/", 1)[1]],
                **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _optional(node: dict[str, Any]) -> dict[str, Any]:
    """`X | None` is anyOf [X, null] in the schema: the form offers X, not required."""
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    if "anyOf" in node and len(options) == 1:
        return {**options[0], **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def _map_parts(node: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A map keyed by id: the schema of its keys and of its values."""
    if "patternProperties" in node:
        pattern, value = next(iter(node["patternProperties"].items()))
        return {**node.get("propertyNames", {}), "pattern": pattern}, value
    return node.get("propertyNames", {}), node.get("additionalProperties", {})


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _pattern(node: dict[str, Any]) -> list[str] | None:
    """Decap checks one regular expression; lengths become a look-ahead on the model's pattern."""
    pattern = node.get("pattern")
    lo, hi = node.get("minLength"), node.get("maxLength")
    if pattern is None and lo in (None, 0, 1) and hi is None:
        return None
    parts, said = [], []
    if lo not in (None, 0) or hi is not None:
        parts.append(f"(?=[\\s\\S]{{{lo or 0},{hi if hi is not None else ''}}}$)")
        said.append(f"at least {lo} characters" if hi is None
                    else f"{lo} to {hi} characters" if lo else f"at most {hi} characters")
    if pattern is not None:
        parts.append(f"(?:{pattern.lstrip('^').rstrip('$')})$")
        example = (node.get("examples") or [None])[0]
        said.append(f"written like {example}" if example else "in the expected form")
    return ["^" + "".join(parts) + ("" if pattern else "[\\s\\S]*$"), "Must be " + ", ".join(said)]


class _Builder:
    def __init__(self, collection: Collection, schema: dict[str, Any]):
        self.c, self.schema = collection, schema
        self.dates: set[str] = set()
        self.choices: dict[str, list[dict[str, str]]] = {
            "partnership": [{"label": p.name, "value": k} for k, p in collection.partnerships.items()],
            "review_type": [{"label": r.name, "value": k} for k, r in collection.review_types.items()],
            "themes": [{"label": t.name, "value": k} for k, t in collection.themes.items()],
        }

    def field(self, name: str, node: dict[str, Any], required: bool) -> dict[str, Any]:
        node = _resolve(self.schema, _optional(node))
        out: dict[str, Any] = {"name": name, "label": _label(name)}
        hint = node.get("description")
        if hint:
            out["hint"] = hint
        out["required"] = required
        if name in self.choices:
            out.update(widget="select", options=self.choices[name])
            if node.get("type") == "array":
                out.update(multiple=True, min=node.get("minItems", 0), max=node.get("maxItems"))
            return {k: v for k, v in out.items() if v is not None}
        kind = node.get("type")
        if "enum" in node:
            out.update(widget="select", options=list(node["enum"]))
        elif node.get("format") == DATE_FORMAT:
            self.dates.add(name)
            # A plain box with the pattern: typed by keyboard, no date picker to fight.
            out.update(widget="string", pattern=["^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                                 "Must be a date written like 2026-11-23"])
        elif kind == "boolean":
            out.update(widget="boolean", default=node.get("default", False))
        elif kind == "string":
            long = (node.get("maxLength") or 0) > LONG_TEXT
            out["widget"] = "text" if long else "string"
            pattern = _pattern(node)
            if pattern:
                out["pattern"] = pattern
        elif kind == "array":
            out.update(self.array(name, node))
        elif kind == "object" and "properties" in node:
            out.update(widget="object", collapsed=not required,
                       # Decap checks a required field inside an object left empty too, so
                       # inside an optional object nothing is required (the check says what is).
                       fields=self.fields(node, optional=not required))
        elif kind == "object":  # a map keyed by id (glossary): edited as a list of pairs
            keys, value = _map_parts(node)
            value = _resolve(self.schema, value)
            glossary = name == "glossary"
            out.update(widget="list", sevenminute_map=True, fields=[
                {"name": "key", "label": "Abbreviation" if glossary else "Key", "widget": "string",
                 "required": True, "pattern": _pattern(keys)},
                {**self.field("value", value, True), "label": "Meaning" if glossary else "Value"}])
            out["fields"] = [{k: v for k, v in f.items() if v is not None} for f in out["fields"]]
        return {k: v for k, v in out.items() if v is not None}

    def array(self, name: str, node: dict[str, Any]) -> dict[str, Any]:
        items = node.get("items", {})
        out: dict[str, Any] = {"widget": "list", "min": node.get("minItems"), "max": node.get("maxItems")}
        variants = items.get("oneOf")
        if variants:  # plain text or an object: Decap's typed list, one type each
            out["types"] = [self.variant(name, _resolve(self.schema, v)) for v in variants]
            out["typeKey"] = "type"
            return out
        item = _resolve(self.schema, _optional(items))
        if item.get("type") == "object":
            out.update(fields=self.fields(item), collapsed=True)
        else:
            out["field"] = self.field("item", item, True) | {"label": _label(name)}
        return out

    def variant(self, name: str, node: dict[str, Any]) -> dict[str, Any]:
        if node.get("type") == "string":
            label = "A resource from the library" if name == "resources" else "Text"
            field = self.field("value", node, True)
            if name == "resources":
                field = {"name": "value", "label": "Resource", "widget": "select", "required": True,
                         "options": [{"label": r.title, "value": k} for k, r in self.c.resources.items()]}
            return {"name": "text" if name != "resources" else "ref", "label": label,
                    "widget": "object", "fields": [field]}
        title = node.get("title", "Entry")
        label = {"ListItem": "Text with sub-items", "Link": "A link written here"}.get(title, title)
        return {"name": title.lower(), "label": label, "widget": "object", "fields": self.fields(node)}

    def fields(self, node: dict[str, Any], skip: tuple[str, ...] = (),
               optional: bool = False) -> list[dict[str, Any]]:
        required = set() if optional else set(node.get("required", []))
        return [self.field(k, v, k in required)
                for k, v in node.get("properties", {}).items() if k not in skip]


def _point_fields(b: _Builder, point: dict[str, Any], heading: str | None,
                  required: bool) -> list[dict[str, Any]]:
    fields = b.fields(point, skip=("heading",))
    if heading is None:  # the briefing gives this point's heading
        fields.insert(0, {"name": "heading", "label": "Heading", "widget": "string", "required": required,
                          "hint": "The heading the source gives this point"})
    # The `# allow:` comment on the point's key line, as a field the form keeps.
    fields.append({"name": "allow", "label": "Accepted lint findings (allow)", "widget": "select",
                   "multiple": True, "required": False, "options": [*GROUPS, *LINTS],
                   "hint": "Only when `sevenminute check` warns about something that is right as "
                           "written here: the finding's lint code keeps it quiet for this point"})
    return fields


def _briefing_collection(b: _Builder, fid: str, schema: dict[str, Any]) -> dict[str, Any]:
    fmt = b.c.formats[fid]
    point = schema["$defs"]["Point"]
    fields = []
    for f in b.fields(schema, skip=("points",)):
        if f["name"] == "format":
            f = {"name": "format", "label": "Format", "widget": "hidden", "default": fid}
        elif f["name"] == "review_type":
            f["required"] = fmt.review
        fields.append(f)
    points = []
    for n, p in enumerate(fmt.points, start=1):
        heading = p.heading or "A heading the briefing gives"
        points.append({
            "name": p.key, "label": f"{n}. {heading}", "widget": "object",
            # A generic point takes the partnership's or the site's default text when left empty.
            "required": p.required and not p.generic, "collapsed": False,
            "hint": ("Optional: left empty, the briefing shows the suggested text for every briefing"
                     if p.generic else "" if p.required
                     else "Optional: leave it empty when the source has nothing on it"),
            "fields": _point_fields(b, point, p.heading, p.required and not p.generic)})
    at = [f["name"] for f in fields].index("key_message") + 1
    fields.insert(at, {"name": "points", "label": "The seven points", "widget": "object",
                       "required": True, "fields": points})
    return {
        "name": f"briefings-{fid}", "label": f"Briefings: {fmt.name}",
        "label_singular": f"briefing ({fmt.name.lower()})",
        "description": fmt.description or "", "folder": "briefings",
        "extension": "yml", "format": f"sevenminute-briefings-{fid}", "create": True,
        "slug": "{{slug}}", "identifier_field": "title", "summary": "{{title}}",
        "filter": {"field": "format", "value": fid},
        "fields": [{k: v for k, v in f.items() if v not in ("", None)} for f in fields],
    }


def _map_file(b: _Builder, name: str, label: str, schema: dict[str, Any], key_label: str,
              description: str) -> dict[str, Any]:
    """A data file that maps an id to an entry, edited as a list whose items carry the id."""
    keys, value = _map_parts(schema)
    value = _resolve(b.schema, value)
    key = {"name": "id", "label": key_label, "widget": "string", "required": True,
           "pattern": _pattern(keys)}
    inner = b.fields(value) if value.get("type") == "object" else [b.field("value", value, True)]
    entries = {"name": "entries", "label": label, "widget": "list", "collapsed": True,
               "summary": "{{fields.id}}", "fields": [{k: v for k, v in key.items() if v is not None}, *inner]}
    return {"name": name, "label": label, "description": description,
            "format": f"sevenminute-{name}", "editor": {"preview": False},
            "files": [{"name": name, "label": label, "file": f"briefings/{DATA_DIR}/{name}.yml",
                       "fields": [entries]}]}


def _backend(collection: Collection) -> dict[str, Any]:
    """GitHub, the repository of `repository_url`, signing in as `web_editor` in data/site.yml says."""
    site = collection.site
    parsed = urlparse(site.repository_url or "")
    repo = parsed.path.strip("/").removesuffix(".git") if parsed.netloc == "github.com" else ""
    backend: dict[str, Any] = {"name": "github", "repo": repo or "OWNER/REPOSITORY",
                               "branch": site.web_editor.branch}
    if site.web_editor.auth_url:
        backend["base_url"] = site.web_editor.auth_url.rstrip("/")
    if site.web_editor.auth_endpoint:
        backend["auth_endpoint"] = site.web_editor.auth_endpoint
    if site.web_editor.site_domain:
        backend["site_domain"] = site.web_editor.site_domain
    return backend


def config(collection: Collection) -> dict[str, Any]:
    """The Decap CMS configuration for this site, as data."""
    site = collection.site
    all_schemas = schemas(site, collection.formats)
    briefing = all_schemas["briefing.schema.json"]
    b = _Builder(collection, briefing)
    collections = [_briefing_collection(b, fid, briefing) for fid in collection.formats]
    for name, label, key_label, description in (
            ("partnerships", "Partnerships and their contacts", "Id",
             "Each partnership's name, website and the contact block printed on its sheets"),
            ("resources", "Resources", "Id",
             "Documents and pages that briefings list by id"),
            ("glossary", "Glossary", "Abbreviation",
             "This site's own abbreviations: they add to the toolkit's glossary, and one with the "
             "same abbreviation replaces the toolkit's")):
        s = all_schemas[f"{name}.schema.json"]
        collections.append(_map_file(_Builder(collection, s), name, label, s, key_label, description))
    for c in collections:
        c.setdefault("editor", {"preview": False})
    return {
        "backend": _backend(collection),
        "publish_mode": "editorial_workflow",
        "media_folder": "docs/assets/uploads",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
        "sevenminute": {
            "default_format": site.default_format,
            "dates": sorted(b.dates | {"verified", "last_tested"}),
            "schema_line": "yaml-language-server: $schema=../schema/briefing.schema.json",
        },
    }


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the same choices written out in each place
        return True


def render(data: dict[str, Any]) -> str:
    return HEADER + yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100)


def write_config(collection: Collection, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render(config(collection)).encode())
    return path


def is_stale(collection: Collection, path: Path) -> bool:
    return not path.is_file() or path.read_text(encoding="utf-8") != render(config(collection))

