"""Load a folder of briefings and its shared data files, and check every reference between them."""

from __future__ import annotations

import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from pydantic import BaseModel, RootModel

from sevenminute.core import model as m
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.validation import did_you_mean, validate
from sevenminute.core.yamlread import Document, read_yaml
from sevenminute.files.safe import UnsafeFile, real_folders

DATA_DIR = "data"
# Each shared data file, the model that reads it, and the name the schema file takes.
DATA_FILES: dict[str, type[BaseModel]] = {
    "site": m.Site,
    "formats": m.Formats,
    "partnerships": m.Partnerships,
    "themes": m.Themes,
    "review-types": m.ReviewTypes,
    "resources": m.Resources,
    "glossary": m.Glossary,
}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
POINT_KEY = re.compile(r"[a-z][a-z0-9_]*")


NO_REVIEW = "none"  # the review type of a topic briefing, written or left out


@dataclass(frozen=True)
class ResolvedPoint:
    number: int
    key: str
    heading: str
    point: m.Point | None  # None: an optional point left out, shown as the site's `not_covered`
    source: str  # "briefing", "partnership" or "site": where the text came from; "none" if left out

    @property
    def suggested(self) -> bool:
        """Default text from the partnership or site: a suggestion, not the review's own."""
        return self.source in ("partnership", "site")


@dataclass
class Collection:
    root: Path
    site: m.Site
    formats: dict[str, m.Format]
    partnerships: dict[str, m.Partnership]
    themes: dict[str, m.Theme]
    review_types: dict[str, m.ReviewType]
    resources: dict[str, m.Link]
    glossary: dict[str, str]
    briefings: dict[str, m.Briefing] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def format_id(self, briefing: m.Briefing) -> str:
        return briefing.format or self.site.default_format

    def format_of(self, slug: str) -> m.Format:
        return self.formats[self.format_id(self.briefings[slug])]

    def points(self, slug: str) -> list[ResolvedPoint]:
        """The briefing's points in its format's order, numbered from 1 as shown: generic points
        take default text (headed as a suggestion); optional points the briefing leaves out are
        left off, or shown with the site's `not_covered` line."""
        briefing = self.briefings[slug]
        partnership = self.partnerships[briefing.partnership]
        resolved: list[ResolvedPoint] = []
        for heading in self.format_of(slug).points:
            number = len(resolved) + 1
            for source, points in (
                ("briefing", briefing.points),
                ("partnership", partnership.defaults),
                ("site", self.site.defaults),
            ):
                if heading.key in points and (source == "briefing" or heading.generic):
                    point = points[heading.key]
                    title = (point.heading if source == "briefing" and heading.heading is None
                             else heading.heading if source == "briefing" else heading.suggestion)
                    resolved.append(ResolvedPoint(number, heading.key, title or "", point, source))
                    break
            else:
                if self.site.not_covered and heading.heading:
                    resolved.append(ResolvedPoint(number, heading.key, heading.heading, None, "none"))
        return resolved

    def review_type_id(self, slug: str) -> str:
        """The briefing's review type; 'none' for a topic briefing."""
        return self.briefings[slug].review_type or NO_REVIEW

    def is_topic(self, slug: str) -> bool:
        return self.review_type_id(slug) == NO_REVIEW

    def audience(self, slug: str) -> str | None:
        """Whom the briefing concerns: its own `audience`, else its review type's."""
        briefing = self.briefings[slug]
        if briefing.audience:
            return briefing.audience
        review_type = self.review_types.get(self.review_type_id(slug))
        return review_type.audience if review_type else None

    def glossary_of(self, slug: str) -> dict[str, str]:
        """The abbreviations explained on a briefing's page: its own meanings win over the site's."""
        return {**self.glossary, **self.briefings[slug].glossary}

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
    """The briefings: every .yml or .yaml entry of `root` that is not a folder. Links, FIFOs and
    devices are listed too, so that reading them gives an error instead of a silent skip."""
    return sorted(p for p in root.iterdir()
                  if p.suffix in (".yml", ".yaml") and not (p.is_dir() and not p.is_symlink()))


def skipped_files(root: Path) -> list[Path]:
    """YAML files an editor may expect to be published that the build would not read: an
    extension not in lower case (x.YML) or a file in a subfolder (2024/x.yml)."""
    skipped = [p for p in root.iterdir()
               if p.suffix.lower() in (".yml", ".yaml") and p.suffix not in (".yml", ".yaml")]
    for parent, dirs, names in os.walk(root):  # never follows links to folders
        here = Path(parent)
        if here == root:
            dirs[:] = [d for d in dirs if d != DATA_DIR]
            continue
        skipped += [here / n for n in names if Path(n).suffix.lower() in (".yml", ".yaml")]
    return sorted(skipped)


def skipped_diagnostic(root: Path, path: Path) -> Diagnostic:
    if path.parent == root:
        hint = f"rename it to {path.stem}{path.suffix.lower()} (the extension in lower case)"
    else:
        hint = f"move it to {display_path(root)}/ (briefings in subfolders are not published)"
    return Diagnostic(display_path(path), 1, 1, "error", "this YAML file would not be published", hint,
                      "skipped-file")


def unsafe_diagnostic(problem: UnsafeFile) -> Diagnostic:
    return Diagnostic(display_path(problem.path), 1, 1, "error", problem.message, problem.hint, "unsafe-file")


def _load(path: Path, model: type[BaseModel], within: tuple[Path, ...] | None = None
          ) -> tuple[Any, Document | None, list[Diagnostic]]:
    doc, problems = read_yaml(path, within)
    if doc is None:
        return None, None, problems
    value, problems = validate(model, doc)
    return value, doc, problems


def _at(doc: Document, path: tuple, message: str, hint: str, code: str, *, key: bool = False,
        severity: str = "error") -> Diagnostic:
    line, column = doc.position(path, key=key)
    return Diagnostic(display_path(doc.path), line, column, severity, message, hint, code)  # type: ignore[arg-type]


# How to add a partnership, offered by an "unknown partnership" error; editors/partnership.py adds it.
PARTNERSHIP_GUIDE = "docs/authoring.md, 'Add a partnership'"


def add_partnership_command(pid: str) -> str:
    """The command an error message offers for adding a partnership."""
    return f'sevenminute partnership new --id {pid} --name "Its full name"'


def _unknown(doc: Document, path: tuple, value: str, vocabulary: dict[str, Any], what: str,
             file: str) -> Diagnostic:
    names = {key: getattr(entry, "name", key) for key, entry in vocabulary.items()}
    suggestion = did_you_mean(value, names) or did_you_mean(value, {v.lower(): k for k, v in names.items()})
    hint = suggestion or f"use an id from {DATA_DIR}/{file}, or add '{value}' there"
    if what == "partnership":  # adding one is an everyday step: say how
        hint = (f"{suggestion} " if suggestion else f"use one of: {', '.join(vocabulary)}; ") + (
            f"or add it: `{add_partnership_command(value)}` (see {PARTNERSHIP_GUIDE})")
    return _at(doc, path, f"unknown {what} '{value}'", hint, f"unknown-{what.replace(' ', '-')}")


# A check over a loaded collection that an output adds (the sheet's font check, in printing/):
# its diagnostics, and the briefings it stops from being published.
CollectionCheck = Callable[["Collection"], tuple[list[Diagnostic], set[str]]]


def load_collection(root: Path, only: set[Path] | None = None,
                    checks: Sequence[CollectionCheck] = ()) -> LoadResult:
    """Load and check everything under `root`. `only` limits which briefings are read; `checks`
    run last, over the briefings that passed (front ends pass the checks of their outputs)."""
    root = Path(root)
    # Links inside briefings/ may point anywhere within the project (the folder holding it), and
    # nowhere else: a briefings/ that is itself a link out of the project has every file refused.
    within = real_folders(root.absolute().parent)
    diagnostics: list[Diagnostic] = []
    data: dict[str, Any] = {}
    docs: dict[str, Document] = {}
    for name, model in DATA_FILES.items():
        path = root / DATA_DIR / f"{name}.yml"
        if not os.path.lexists(path):
            diagnostics.append(Diagnostic(display_path(path), 1, 1, "error", "this shared data file is missing",
                                          f"create {DATA_DIR}/{name}.yml (see the authoring guide)", "missing-file"))
            continue
        value, doc, problems = _load(path, model, within)
        diagnostics += problems
        if doc is not None:
            docs[name] = doc
        data[name] = value.root if isinstance(value, RootModel) else value
    if any(data.get(name) is None for name in DATA_FILES):
        return LoadResult(None, diagnostics)

    collection = Collection(
        root=root,
        site=data["site"],
        formats=data["formats"],
        partnerships=data["partnerships"],
        themes=data["themes"],
        review_types=data["review-types"],
        resources=data["resources"],
        glossary=data["glossary"],
    )
    diagnostics += _check_partnerships(collection, docs["partnerships"])
    if collection.site.default_format not in collection.formats:
        diagnostics.append(_unknown(docs["site"], ("default_format",), collection.site.default_format,
                                    collection.formats, "format", "formats.yml"))
        return LoadResult(None, diagnostics)
    for path in briefing_files(root):
        if only is not None and path.resolve() not in only:
            continue
        briefing, problems = load_briefing(collection, path, within)
        diagnostics += problems
        if briefing is not None:
            collection.briefings[path.stem] = briefing
            collection.sources[path.stem] = path
    for path in skipped_files(root):
        if only is None or path.resolve() in only:
            diagnostics.append(skipped_diagnostic(root, path))
    for check in checks:
        problems, stopped = check(collection)
        diagnostics += problems
        for slug in stopped:
            del collection.briefings[slug]
            del collection.sources[slug]
    return LoadResult(collection, diagnostics)


def load_briefing(collection: Collection, path: Path, within: tuple[Path, ...] | None = None
                  ) -> tuple[m.Briefing | None, list[Diagnostic]]:
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
    briefing, doc, problems = _load(path, m.Briefing, within)
    if doc is None:
        return None, problems
    problems += _check_references(collection, doc)
    if briefing is None or any(d.severity == "error" for d in problems):
        return None, problems
    return briefing, problems


def _check_partnerships(collection: Collection, doc: Document) -> list[Diagnostic]:
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
    format_id = data.get("format") or collection.site.default_format
    if not ident(format_id):
        return problems  # the model reports a malformed 'format'
    if format_id not in collection.formats:
        problems.append(_unknown(doc, ("format",), format_id, collection.formats, "format", "formats.yml"))
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
