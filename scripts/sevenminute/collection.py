"""Load a folder of briefings and its shared data files, and check every reference between them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import model as m
from .diagnostics import Diagnostic, display_path
from .validation import did_you_mean, validate
from .yamlread import Document, read_yaml

DATA_DIR = "data"
# Each shared data file, the model that reads it, and the name the schema file takes.
DATA_FILES: dict[str, type[BaseModel]] = {
    "site": m.Site,
    "partnerships": m.Partnerships,
    "themes": m.Themes,
    "review-types": m.ReviewTypes,
    "resources": m.Resources,
    "glossary": m.Glossary,
}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
POINT_KEY = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class ResolvedPoint:
    number: int
    key: str
    heading: str
    point: m.Point
    source: str  # "briefing", "partnership" or "site": where the text came from


@dataclass
class Collection:
    root: Path
    site: m.Site
    partnerships: dict[str, m.Partnership]
    themes: dict[str, m.Theme]
    review_types: dict[str, m.ReviewType]
    resources: dict[str, m.Link]
    glossary: dict[str, str]
    briefings: dict[str, m.Briefing] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def points(self, slug: str) -> list[ResolvedPoint]:
        """The seven points in site order, with generic defaults filled in."""
        briefing = self.briefings[slug]
        partnership = self.partnerships[briefing.partnership]
        resolved = []
        for number, heading in enumerate(self.site.points, start=1):
            for source, points in (
                ("briefing", briefing.points),
                ("partnership", partnership.defaults),
                ("site", self.site.defaults),
            ):
                if heading.key in points and (source == "briefing" or heading.generic):
                    resolved.append(
                        ResolvedPoint(number, heading.key, heading.heading, points[heading.key], source)
                    )
                    break
        return resolved

    def resources_of(self, slug: str) -> list[m.Link]:
        return [
            self.resources[entry] if isinstance(entry, str) else entry
            for entry in self.briefings[slug].resources
        ]

    def newest_first(self) -> list[str]:
        """Slugs by date, newest first; undated briefings last, each group by slug."""
        dated = sorted((s for s in self.briefings if self.briefings[s].month),
                       key=lambda s: (self.briefings[s].month, s), reverse=True)
        return dated + sorted(s for s in self.briefings if not self.briefings[s].month)


@dataclass
class LoadResult:
    collection: Collection | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.collection is not None and not any(
            d.severity == "error" for d in self.diagnostics
        )


def briefing_files(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def _load(path: Path, model: type[BaseModel]) -> tuple[Any, Document | None, list[Diagnostic]]:
    doc, problems = read_yaml(path)
    if doc is None:
        return None, None, problems
    value, problems = validate(model, doc)
    return value, doc, problems


def _at(doc: Document, path: tuple, message: str, hint: str, code: str, *, key: bool = False,
        severity: str = "error") -> Diagnostic:
    line, column = doc.position(path, key=key)
    return Diagnostic(display_path(doc.path), line, column, severity, message, hint, code)  # type: ignore[arg-type]


def _unknown(doc: Document, path: tuple, value: str, vocabulary: dict[str, Any], what: str,
             file: str) -> Diagnostic:
    names = {key: getattr(entry, "name", key) for key, entry in vocabulary.items()}
    suggestion = did_you_mean(value, names) or did_you_mean(value, {v.lower(): k for k, v in names.items()})
    hint = suggestion or f"use an id from {DATA_DIR}/{file}, or add '{value}' there"
    return _at(doc, path, f"unknown {what} '{value}'", hint, f"unknown-{what.replace(' ', '-')}")


def load_collection(root: Path, only: set[Path] | None = None) -> LoadResult:
    """Load and check everything under `root`. `only` limits which briefings are read."""
    root = Path(root)
    diagnostics: list[Diagnostic] = []
    data: dict[str, Any] = {}
    docs: dict[str, Document] = {}
    for name, model in DATA_FILES.items():
        path = root / DATA_DIR / f"{name}.yml"
        if not path.exists():
            diagnostics.append(Diagnostic(display_path(path), 1, 1, "error", "this shared data file is missing",
                                          f"create {DATA_DIR}/{name}.yml (see the authoring guide)", "missing-file"))
            continue
        value, doc, problems = _load(path, model)
        diagnostics += problems
        if doc is not None:
            docs[name] = doc
        data[name] = value.root if isinstance(value, m.RootModel) else value
    if any(data.get(name) is None for name in DATA_FILES):
        return LoadResult(None, diagnostics)

    collection = Collection(
        root=root,
        site=data["site"],
        partnerships=data["partnerships"],
        themes=data["themes"],
        review_types=data["review-types"],
        resources=data["resources"],
        glossary=data["glossary"],
    )
    diagnostics += _check_partnerships(collection, docs["partnerships"])
    for path in briefing_files(root):
        if only is not None and path.resolve() not in only:
            continue
        briefing, problems = load_briefing(collection, path)
        diagnostics += problems
        if briefing is not None:
            collection.briefings[path.stem] = briefing
            collection.sources[path.stem] = path
    # A sheet must not print what its font cannot draw (see glyphs.py).
    from . import glyphs

    unprintable, stopped = glyphs.check(collection)
    diagnostics += unprintable
    for slug in stopped:
        del collection.briefings[slug]
        del collection.sources[slug]
    return LoadResult(collection, diagnostics)


def load_briefing(collection: Collection, path: Path) -> tuple[m.Briefing | None, list[Diagnostic]]:
    """Read, validate and cross-check one briefing file against the collection's data."""
    slug = path.stem
    if not SLUG.fullmatch(slug):
        return None, [Diagnostic(display_path(path), 1, 1, "error",
                                 f"the file name '{path.name}' cannot be a web address",
                                 "rename it with lower-case letters, digits and hyphens, "
                                 "for example child-i.yml", "bad-file-name")]
    if path.suffix == ".yaml" and path.with_suffix(".yml").exists():
        return None, [Diagnostic(display_path(path), 1, 1, "error", f"both {slug}.yml and {slug}.yaml exist",
                                 "keep one of them", "duplicate-slug")]
    briefing, doc, problems = _load(path, m.Briefing)
    if doc is None:
        return None, problems
    problems += _check_references(collection, doc)
    if briefing is None or any(d.severity == "error" for d in problems):
        return None, problems
    return briefing, problems


def _check_partnerships(collection: Collection, doc: Document) -> list[Diagnostic]:
    keys = {p.key for p in collection.site.points}
    generic = {p.key for p in collection.site.points if p.generic}
    problems = []
    for pid, partnership in collection.partnerships.items():
        for key in partnership.defaults:
            if key not in generic:
                hint = (f"only generic points can have defaults: {', '.join(sorted(generic))}"
                        if key in keys else did_you_mean(key, generic) or f"use one of: {', '.join(sorted(generic))}")
                problems.append(_at(doc, (pid, "defaults", key), f"'{key}' cannot have default text",
                                    hint, "bad-default", key=True))
    return problems


def _check_references(collection: Collection, doc: Document) -> list[Diagnostic]:
    """Cross-check ids against the shared data. Works on the raw data, so that these errors come
    in the same run as the model's own (a value the model already rejects is not reported twice)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    problems = []

    def ident(value: Any) -> bool:
        return isinstance(value, str) and bool(SLUG.fullmatch(value))

    partnership_id = data.get("partnership")
    if ident(partnership_id) and partnership_id not in collection.partnerships:
        problems.append(_unknown(doc, ("partnership",), partnership_id, collection.partnerships,
                                 "partnership", "partnerships.yml"))
    review_type = data.get("review_type")
    if ident(review_type) and review_type not in collection.review_types:
        problems.append(_unknown(doc, ("review_type",), review_type, collection.review_types,
                                 "review type", "review-types.yml"))
    themes = data.get("themes")
    seen: set[str] = set()
    for i, theme in enumerate(themes if isinstance(themes, list) else []):
        if not ident(theme):
            continue
        if theme not in collection.themes:
            problems.append(_unknown(doc, ("themes", i), theme, collection.themes, "theme", "themes.yml"))
        elif theme in seen:
            problems.append(_at(doc, ("themes", i), f"theme '{theme}' is listed twice", "remove one", "duplicate"))
        seen.add(theme)
    resources = data.get("resources")
    for i, entry in enumerate(resources if isinstance(resources, list) else []):
        if ident(entry) and entry not in collection.resources:
            problems.append(_unknown(doc, ("resources", i), entry, collection.resources, "resource",
                                     "resources.yml"))
    points = data.get("points")
    if not isinstance(points, dict):
        return problems  # the model reports a missing or malformed 'points'
    headings = {p.key: p for p in collection.site.points}
    for key in points:
        if key not in headings and POINT_KEY.fullmatch(key):
            hint = did_you_mean(key, headings) or f"the point keys are: {', '.join(headings)}"
            problems.append(_at(doc, ("points", key), f"unknown point '{key}'", hint, "unknown-point", key=True))
    if not data.get("held") and not data.get("published"):
        problems.append(_at(doc, (), "the briefing gives no date ('held' or 'published')",
                            "add the month the review was held or published if the source gives it; "
                            "until then it is listed as undated", "undated", severity="warning"))
    partnership = collection.partnerships.get(partnership_id) if isinstance(partnership_id, str) else None
    for heading in collection.site.points:
        if heading.key in points:
            continue
        has_default = heading.generic and (
            heading.key in collection.site.defaults
            or (partnership is not None and heading.key in partnership.defaults)
        )
        if not has_default:
            problems.append(_at(doc, ("points",), f"point '{heading.key}' ({heading.heading}) is missing",
                                f"add `{heading.key}:` under points with its text or items",
                                "missing-point", key=True))
    return problems
