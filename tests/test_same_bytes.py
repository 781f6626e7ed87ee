"""Same input, same bytes, whatever the folder, the clock or the process.

Two clean builds of one commit in two folders a minute apart gave sheets whose embedded fonts
differed in `head.modified`: WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is
installed (Debian brings it with chromium, so a fresh machine lacks it until the browser tests
install it) and with fontTools otherwise, which stamps the font with SOURCE_DATE_EPOCH or the clock.

Each run here is a separate process working from its own copy of the package, theme (fonts
included) and briefings, in its own folder, with its own cache. The second copy's files are dated
a day earlier (as a later checkout would date them the other way), its clock runs a day ahead,
and it has another SOURCE_DATE_EPOCH and time zone. Both subsetters are tried: every PDF (sheets,
clear-print copies, blank records, a training pack) must be byte for byte the same."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parents[1]
DAY = 86_400

RUN = r"""
import sys, time
shift, subsetter = float(sys.argv[1]), sys.argv[2]
real = time.time
time.time = lambda: real() + shift  # a clock `shift` seconds ahead, for everything in this process
import weasyprint.pdf.fonts
if subsetter == "fonttools":  # as on a machine without libharfbuzz-subset
    weasyprint.pdf.fonts.harfbuzz_subset = None
from pathlib import Path
from sevenminute.core.loading import load_collection
from sevenminute.printing.companions import build_companions
from sevenminute.printing.pack import build_pack
from sevenminute.printing.sheets import build_sheets
from sevenminute.rendering.environment import THEME_DIR
assert THEME_DIR == Path.cwd() / "scripts" / "sevenminute" / "theme", THEME_DIR  # this copy's
collection = load_collection(Path("briefings")).collection
cache = Path.cwd().parent / (Path.cwd().name + "-cache")
build_sheets(collection, cache, site_url="https://example.org.uk/briefings/", jobs=1)
build_companions(collection, cache, site_url="https://example.org.uk/briefings/", jobs=1)
pack = build_pack(collection, sorted(collection.briefings), cache, "Training pack", None,
                  "https://example.org.uk/briefings/", 1)
(cache / "pack.pdf").write_bytes(pack)
"""


def copy_of_project(folder: Path, days_back: int) -> Path:
    """The package (with its theme and fonts) and the briefings copied into `folder`, every file
    dated `days_back` days ago."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for part in ("scripts", "briefings"):
        shutil.copytree(REPO / part, folder / part, ignore=ignore)
    # The theme is the package's sevenminute.theme (overrides/ in the repository): put it where
    # the copied package finds it, so the fonts are this copy's too.
    shutil.copytree(REPO / "overrides", folder / "scripts" / "sevenminute" / "theme", ignore=ignore)
    stamp = os.stat(REPO / "README.md").st_mtime - days_back * DAY
    for path in folder.rglob("*"):
        os.utime(path, (stamp, stamp))
    return folder


def render_all(folder: Path, *, subsetter: str, clock_shift: int, env: dict[str, str]) -> dict[str, str]:
    """Every PDF the run made (path in the cache -> SHA-256)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")}
    environment.update(env, PYTHONPATH=str(folder / "scripts"), PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, "-c", RUN, str(clock_shift), subsetter], cwd=folder, env=environment,
                   check=True, capture_output=True, text=True, timeout=600)
    cache = folder.parent / f"{folder.name}-cache"
    return {path.relative_to(cache).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(cache.rglob("*.pdf"))}


def font_programs(pdf: Path) -> list[bytes]:
    with pikepdf.open(pdf) as document:
        return [obj[key].read_bytes() for obj in document.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
                for key in ("/FontFile2", "/FontFile3") if key in obj]


@pytest.mark.parametrize("subsetter", ["harfbuzz", "fonttools"])
def test_every_pdf_is_the_same_whatever_the_folder_clock_and_process(tmp_path, subsetter):
    first = render_all(copy_of_project(tmp_path / "checkout-one", 0), subsetter=subsetter,
                       clock_shift=0, env={})
    second = render_all(copy_of_project(tmp_path / "elsewhere" / "checkout-two", 1), subsetter=subsetter,
                        clock_shift=DAY, env={"SOURCE_DATE_EPOCH": "1700000000", "TZ": "Pacific/Kiritimati"})
    kinds = {name.split("/")[0] if "/" in name else "pack" if name == "pack.pdf" else "sheet" for name in first}
    assert kinds == {"sheet", "clear-print", "records", "pack"}, sorted(first)
    assert len(first) == 3 * 3 + 1
    assert first == second

    # The fonts are whole and valid: every table's checksum and the font's own adjustment hold.
    fonts = font_programs(tmp_path / "checkout-one-cache" / "pack.pdf")
    assert fonts
    for program in fonts:
        font = TTFont(io.BytesIO(program), checkChecksums=2)  # raises on a wrong table checksum
        assert font["head"].modified == font["head"].created
        padded = program + b"\0" * (-len(program) % 4)
        assert sum(int.from_bytes(padded[i:i + 4], "big") for i in range(0, len(padded), 4)) % 2**32 == 0xB1B0AFBA
