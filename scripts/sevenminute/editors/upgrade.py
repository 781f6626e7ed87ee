"""`sevenminute upgrade`: brings a site's data files up to the data version this toolkit reads
(model.DATA_VERSION), one step per version, each said in plain English. The files are edited as
text at the places YAML's parser locates, so every comment and the order of keys stay as they
were. CHANGELOG.md says which release changed what."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from sevenminute.core.collection import DATA_DIR
from sevenminute.core.model import DATA_VERSION

DEFAULT_COLOUR = "#1d4f7a"  # the toolkit's own primary colour (4.5:1 and more with white)


class UpgradeError(Exception):
    pass


@dataclass
class Site:
    root: Path  # the site's folder (mkdocs.yml, briefings/)
    settings: str  # briefings/data/site.yml's text, as it is being rewritten

    @property
    def settings_path(self) -> Path:
        return self.root / "briefings" / DATA_DIR / "site.yml"


def data_version(text: str) -> int:
    found = re.search(r"(?m)^data_version:\s*(\d+)\s*(#.*)?$", text)
    return int(found.group(1)) if found else 1  # files from before data_version were version 1


def _top_level_keys(text: str) -> set[str]:
    return set(re.findall(r"(?m)^([A-Za-z_][\w-]*):", text))


def _after_leading_comments(text: str, insert: str) -> str:
    """`insert` after the file's opening comments, or after its data_version line if it has one."""
    lines = text.splitlines(keepends=True)
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("data_version:")), None)
    if at is None:
        at = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), len(lines))
    return "".join(lines[:at]) + insert + "".join(lines[at:])


def _site_name(root: Path) -> str | None:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and friends
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, yaml.YAMLError):
        return None
    name = config.get("site_name") if isinstance(config, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def to_2(site: Site) -> list[str]:
    """Version 2: the brand (name, colour, logo) is data in site.yml; the name moves in from
    mkdocs.yml's site_name, with the toolkit's colour until the site sets its own."""
    said = []
    if "brand" not in _top_level_keys(site.settings):
        name = _site_name(site.root)
        if name is None:
            raise UpgradeError(f"{site.root / 'mkdocs.yml'} has no site_name to take the brand's name from: "
                               "add `brand: {name: ..., colour: \"#1d4f7a\"}` to site.yml by hand")
        block = ("# The site's name, logo and colour (data version 2): the page header, the sheets,\n"
                 "# the clear-print copies and the present view. White text is drawn on the colour.\n"
                 f"brand:\n  name: {yaml.safe_dump(name, default_style=None, width=10**6).strip().removesuffix('...').strip()}\n"
                 f"  colour: \"{DEFAULT_COLOUR}\"\n")
        site.settings = _after_leading_comments(site.settings, block)
        said.append(f"added brand: name '{name}' (from mkdocs.yml's site_name) and the toolkit's colour "
                    f"{DEFAULT_COLOUR}; set your own colour and logo there")
    return said


STEPS: dict[int, Callable[[Site], list[str]]] = {2: to_2}  # the version each step brings a site to


def upgrade(root: Path, write: bool = True) -> tuple[int, list[str]]:
    """Rewrite the site in `root` to DATA_VERSION; (the version it was at, what changed)."""
    path = root / "briefings" / DATA_DIR / "site.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UpgradeError(f"cannot read {path}: {error.strerror or error}; run this in a site's folder") from None
    site = Site(root, text)
    start = data_version(text)
    if start > DATA_VERSION:
        raise UpgradeError(f"{path} is written for data version {start}, newer than this toolkit's "
                           f"{DATA_VERSION}: install the toolkit version the site pins (requirements.txt)")
    if start == DATA_VERSION:
        return start, []
    if re.search(r"(?m)^data_version:", site.settings):
        site.settings = re.sub(r"(?m)^data_version:\s*\d+", f"data_version: {DATA_VERSION}", site.settings)
    else:
        site.settings = _after_leading_comments(site.settings, f"data_version: {DATA_VERSION}\n")
    said = [f"data_version: {start} -> {DATA_VERSION}"]
    for version in range(start + 1, DATA_VERSION + 1):
        said += STEPS[version](site)
    if write:
        tmp = path.with_suffix(".yml.tmp")
        tmp.write_text(site.settings, encoding="utf-8")
        tmp.replace(path)  # atomic: never a half-written settings file
    return start, said
