"""Characters the printed sheet cannot draw are errors at their line.

The sheet's font is Atkinson Hyperlegible's Latin subset (overrides/assets/fonts, 220 characters).
WeasyPrint would draw any other character from whatever fonts the build machine happens to have,
or as an empty box, while the build succeeds. Shipping fallback fonts for every script (Chinese
alone is over 10 MB) would make the sheets machine-independent only at a large cost, so the rule
is the plain one: what the sheet prints must be in the sheet's font; web-only text (a point's
`detail`, agencies, link descriptions) may hold any script, since browsers draw it.

Which text the sheet prints is taken from the sheet itself (its HTML, rendered without
WeasyPrint), so no list of fields has to be kept in step with the templates."""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import nh3

from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.yamlread import DataPath, read_yaml
from sevenminute.rendering.environment import THEME_DIR

FONT_NAME = "Atkinson Hyperlegible"


@lru_cache(maxsize=4)
def covered(theme_dir: Path = THEME_DIR) -> frozenset[int]:
    """Code points every one of the sheet's font files draws (all weights and styles)."""
    from fontTools.ttLib import TTFont

    sets = [set(TTFont(str(path)).getBestCmap()) for path in sorted((theme_dir / "assets" / "fonts").glob("*.woff2"))]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def _needs_glyph(char: str) -> bool:
    # Spaces, line breaks and default-ignorable marks (joiners, variation selectors) are not drawn.
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs")
                or 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF)


def missing(text: str, font: frozenset[int]) -> list[str]:
    """Characters of `text` the font cannot draw, in order of first use. Checked composed (NFC):
    e followed by a combining acute is drawn as é when the font has é."""
    seen: dict[str, None] = {}
    for char in unicodedata.normalize("NFC", text):
        if ord(char) not in font and _needs_glyph(char):
            seen.setdefault(char)
    return list(seen)


def _strings(data: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


_WEB_ONLY = {"detail", "agencies", "description"}


def _locate(char: str, files: list[Path]) -> tuple[Path, int, int]:
    """Where `char` is written: printed fields before web-only ones, the briefing before data."""
    fallback: tuple[Path, int, int] | None = None
    for path in files:
        doc, _ = read_yaml(path)
        if doc is None:
            continue
        for where, value in _strings(doc.data):
            if char not in unicodedata.normalize("NFC", value):
                continue
            line, column = doc.position(where)
            if not _WEB_ONLY & {str(step) for step in where}:
                return path, line, column
            fallback = fallback or (path, line, column)
    return fallback or (files[0], 1, 1)


def describe(char: str) -> str:
    name = unicodedata.name(char, "").lower()
    return f"'{char}' (U+{ord(char):04X}{', ' + name if name else ''})"


def check(collection: Any, theme_dir: Path = THEME_DIR) -> tuple[list[Diagnostic], set[str]]:
    """Errors for characters on a sheet that its font cannot draw, and the slugs they stop."""
    from sevenminute.core.collection import DATA_DIR, DEFAULTS_DIR
    from sevenminute.printing.sheet_html import sheet_html

    font = covered(theme_dir)
    if not font:
        return [], set()
    data_files = [path for name in ("partnerships", "resources", "site", "themes", "review-types", "glossary")
                  for path in (collection.root / DATA_DIR / f"{name}.yml", DEFAULTS_DIR / f"{name}.yml")
                  if path.is_file()]
    problems: list[Diagnostic] = []
    stopped: set[str] = set()
    for slug, briefing in collection.briefings.items():
        # Cheap first: most briefings hold only characters the font has, and need no sheet.
        raw = briefing.model_dump_json() + collection.partnerships[briefing.partnership].model_dump_json()
        if not missing(raw, font) and not missing(collection.site.model_dump_json(), font):
            continue
        printed = html.unescape(nh3.clean(sheet_html(collection, slug, theme_dir=theme_dir), tags=set()))
        places: dict[tuple[Path, int, int], list[str]] = {}
        for char in missing(printed, font):
            places.setdefault(_locate(char, [collection.sources[slug], *data_files]), []).append(char)
        for (path, line, column), chars in places.items():
            what = ", ".join(describe(c) for c in chars)
            it = "it" if len(chars) == 1 else "them"
            problems.append(Diagnostic(
                display_path(path), line, column, "error",
                f"{what} cannot be printed: the sheet's font ({FONT_NAME}) has no letter for {it}, "
                f"so the sheet for '{slug}' would show empty boxes",
                "write it with the Latin letters the font has, or move it into a point's web-only "
                "`detail`", "unprintable"))
            stopped.add(slug)
    return problems, stopped
