"""Synthetic briefings for benchmarks and scale tests: deterministic from a seed, with lengths,
themes, partnerships and resources like the real ones. Never written into the published content.

The text is recombined from the real seed briefings' own sentences, so lengths and vocabulary are
realistic; the titles say "Synthetic" so that no one mistakes one for a real review."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

from sevenminute.core.collection import DATA_DIR, Collection
from sevenminute.core.diagnostics import ContentError
from sevenminute.core.loading import load_collection

HEADER = "# yaml-language-server: $schema=../schema/briefing.schema.json\n"


def _sentences(collection: Collection) -> tuple[list[str], list[str]]:
    """Sentences and list items from the real briefings, to recombine."""
    sentences, items = [], []
    for briefing in collection.briefings.values():
        for point in briefing.points.values():
            if point.text:
                sentences += [s.strip() for s in re.split(r"(?<=[.?!])\s+", point.text) if len(s) > 20]
            items += [i if isinstance(i, str) else i.text for i in point.items]
    return sorted(set(sentences)), sorted(set(items))


def synthetic_briefing(rng: random.Random, number: int, collection: Collection,
                       sentences: list[str], items: list[str]) -> dict:
    site = collection.site
    partnership = rng.choice(sorted(collection.partnerships))
    themes = rng.sample(sorted(collection.themes), rng.randint(1, 4))
    year, month = rng.randint(2015, 2026), rng.randint(1, 12)
    # A last-reviewed date may not lie in the future: none after November 2026 (the same random
    # draws as before, so every other briefing of a seed is unchanged).
    month = min(month, 11) if year == 2026 else month
    points: dict[str, dict] = {}
    for heading in collection.formats[site.default_format].points:
        if heading.generic and rng.random() < 0.5:
            continue  # half the briefings use the partnership's or site's default text
        point: dict = {"text": " ".join(rng.sample(sentences, rng.randint(1, 2)))}
        if heading.heading is None:
            point["heading"] = f"Synthetic heading {len(points) + 1}"
        if rng.random() < 0.7:
            point["items"] = rng.sample(items, rng.randint(2, 4))
        if rng.random() < 0.6:
            point["detail"] = "\n\n".join(" ".join(rng.sample(sentences, 3)) for _ in range(rng.randint(1, 3)))
        points[heading.key] = point
    _fit_sheet(points)
    briefing = {
        "title": f"Synthetic briefing {number:05d}",
        "partnership": partnership,
        "review_type": rng.choice(sorted(r for r, t in collection.review_types.items()
                                         if r != "none" and t.audience != "adults")),
        "published": f"{year:04d}-{month:02d}",
        "age_band": rng.choice(["under 1", "1 to 4", "5 to 10", "11 to 15", "16 to 17"]),
        "themes": themes,
        "agencies": rng.sample(["Police", "Children's Social Care", "Health Visiting", "GP",
                                "Midwifery", "School", "CAMHS", "Housing"], rng.randint(2, 5)),
        "summary": f"A synthetic briefing for benchmarks (number {number}). " + rng.choice(sentences),
        "last_reviewed": f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}",
        "points": points,
    }
    library = sorted(collection.resources)
    resources: list = rng.sample(library, min(len(library), rng.randint(0, 3)))
    if rng.random() < 0.5:
        resources.append({"title": f"Synthetic guidance document {number}", "url":
                          f"https://example.org/guidance/{number}.pdf", "format": "PDF", "size": "120 KB"})
    if resources:
        briefing["resources"] = resources
    return briefing


SHEET_WORDS = 480  # printed text (points' text and items) that a real briefing's sheet holds at 9 pt


def _fit_sheet(points: dict[str, dict]) -> None:
    """Trim items, then texts, until the printed part fits one sheet, as an editor would: a real
    briefing that does not fit is refused by the build, and benchmarks measure real briefings."""
    def words(point: dict) -> int:
        return len(point["text"].split()) + sum(len(i.split()) for i in point.get("items", []))

    while sum(words(p) for p in points.values()) > SHEET_WORDS:
        longest = max(points.values(), key=words)
        if len(longest.get("items", [])) > 1:
            longest["items"].pop()
        else:
            longest["text"] = " ".join(longest["text"].split()[: max(8, words(longest) // 2)])
            if longest.get("items") and words(longest) > 60:
                longest["items"] = [" ".join(longest["items"][0].split()[:30])]


def generate(target: Path, count: int, seed: int = 7, source: Path | None = None) -> Path:
    """Write `count` synthetic briefings and a copy of the data files into `target`."""
    source = source or Path(__file__).resolve().parents[3] / "briefings"
    result = load_collection(source)
    if not result.ok:
        raise ContentError(result.diagnostics)
    collection = result.collection
    assert collection is not None
    sentences, items = _sentences(collection)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / DATA_DIR, target / DATA_DIR, dirs_exist_ok=True)
    for number in range(1, count + 1):
        data = synthetic_briefing(rng, number, collection, sentences, items)
        text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        (target / f"synthetic-{number:05d}.yml").write_text(text, encoding="utf-8")
    return target
