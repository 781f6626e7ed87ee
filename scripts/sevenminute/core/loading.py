"""Load a folder of briefings and its shared data files into a Collection: every file read
safely and validated against the model, every briefing checked against the shared data
(core/references.py), and every problem reported in one run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from pydantic import BaseModel, RootModel

from sevenminute.core import model as m
from sevenminute.core.collection import DATA_DIR, DATA_FILES, DEFAULT_DATA, DEFAULTS_DIR, SLUG, Collection
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.references import check_partnerships, check_references, unknown_id
from sevenminute.core.validation import validate
from sevenminute.core.yamlread import Document, read_yaml
from sevenminute.files.safe import CONTENT_FOLDERS, Scope, UnsafeFile, Within, read_scope, real_folders, walk


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
    for parent, dirs, names in walk(root):  # never follows links to folders; bounded depth
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


def unread_data_files(folder: Path) -> list[Diagnostic]:
    """A YAML file in data/ that is not one of the shared data files would be silently ignored
    (contacts.yml, themes.yaml beside themes.yml): an editor's change there would never show."""
    if not folder.is_dir():
        return []
    known = [f"{name}.yml" for name in DATA_FILES]
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".yml", ".yaml") or path.name in known:
            continue
        twin = f"{path.stem.lower()}.yml"
        if twin in known:
            message, hint = (f"only {twin} is read, not {path.name}",
                             f"move what it holds into {twin} and remove {path.name}")
        else:
            message = f"{path.name} is not one of the shared data files, so the build never reads it"
            hint = ("contact details go in partnerships.yml, under each partnership's `contact:`"
                    if "contact" in path.stem.lower() else
                    f"the shared data files are {', '.join(known)}: move what it holds into one of them, "
                    "or remove it")
        found.append(Diagnostic(display_path(path), 1, 1, "error", message, hint, "unread-data-file"))
    return found


def unsafe_diagnostic(problem: UnsafeFile) -> Diagnostic:
    return Diagnostic(display_path(problem.path), problem.line, problem.column, "error", problem.message,
                      problem.hint, "unsafe-file")


def _load(path: Path, model: type[BaseModel], within: Scope | None = None
          ) -> tuple[Any, Document | None, list[Diagnostic]]:
    doc, problems = read_yaml(path, within)
    if doc is None:
        return None, None, problems
    value, problems = validate(model, doc)
    return value, doc, problems


def _with_defaults(name: str, model: type[BaseModel], path: Path, within: Within,
                   docs: dict[str, Document]) -> tuple[Any, list[Diagnostic]]:
    """The toolkit's default entries for `name`, extended (and, id by id, replaced) by the site's
    own file when it has one. None when either cannot be read (the problems say why)."""
    default, doc, problems = _load(DEFAULTS_DIR / f"{name}.yml", model, real_folders(DEFAULTS_DIR))
    if default is None:
        return None, problems
    merged = dict(default.root if isinstance(default, RootModel) else default)
    if doc is not None:
        docs[name] = doc
    if os.path.lexists(path):
        own, doc, own_problems = _load(path, model, within)
        problems += own_problems
        if own is None:
            return None, problems
        docs[name] = doc
        merged.update(own.root if isinstance(own, RootModel) else own)
    return merged, problems


# A check over a loaded collection that an output adds (the sheet's font check, in printing/):
# its diagnostics, and the briefings it stops from being published.
CollectionCheck = Callable[[Collection], tuple[list[Diagnostic], set[str]]]


def load_collection(root: Path, only: set[Path] | None = None,
                    checks: Sequence[CollectionCheck] = ()) -> LoadResult:
    """Load and check everything under `root`. `only` limits which briefings are read; `checks`
    run last, over the briefings that passed (front ends pass the checks of their outputs)."""
    root = Path(root)
    # Only the repository's own files, anywhere in the project (the folder holding briefings/),
    # and nothing else: a briefings/ that is itself a link out of the project has every file
    # refused, and so has a link to .git/config or an untracked .env (see files/safe.py).
    project = root.absolute().parent
    within = read_scope(project, [root, *(project / name for name in CONTENT_FOLDERS)])
    diagnostics: list[Diagnostic] = []
    data: dict[str, Any] = {}
    docs: dict[str, Document] = {}
    for name, model in DATA_FILES.items():
        path = root / DATA_DIR / f"{name}.yml"
        if name in DEFAULT_DATA:
            data[name], problems = _with_defaults(name, model, path, within, docs)
            diagnostics += problems
            continue
        if not os.path.lexists(path):
            diagnostics.append(Diagnostic(display_path(path), 1, 1, "error", "this shared data file is missing",
                                          f"create {DATA_DIR}/{name}.yml (see the authoring guide)", "missing-file"))
            continue
        value, doc, problems = _load(path, model, within)
        diagnostics += problems
        if doc is not None:
            docs[name] = doc
        data[name] = value.root if isinstance(value, RootModel) else value
    diagnostics += unread_data_files(root / DATA_DIR)
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
    diagnostics += check_partnerships(collection, docs["partnerships"])
    if collection.site.default_format not in collection.formats:
        diagnostics.append(unknown_id(docs["site"], ("default_format",), collection.site.default_format,
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
    try:
        for path in skipped_files(root):
            if only is None or path.resolve() in only:
                diagnostics.append(skipped_diagnostic(root, path))
    except UnsafeFile as deep:  # folders nested too deep to walk
        diagnostics.append(unsafe_diagnostic(deep))
    for check in checks:
        problems, stopped = check(collection)
        diagnostics += problems
        for slug in stopped:
            del collection.briefings[slug]
            del collection.sources[slug]
    return LoadResult(collection, diagnostics)


def load_briefing(collection: Collection, path: Path, within: Scope | None = None
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
    problems += check_references(collection, doc)
    if briefing is None or any(d.severity == "error" for d in problems):
        return None, problems
    return briefing, problems
