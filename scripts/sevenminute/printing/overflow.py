"""How a laid-out sheet overflows its one page, and telling the author when it cannot fit.

measure_overflow reads a WeasyPrint layout (a page count alone does not prove a sheet fits: a box
can run past its panel and be clipped); too_long turns the overflow at the smallest size into an
error at the briefing's longest point."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from sevenminute.core.collection import Collection
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.yamlread import read_yaml
from sevenminute.printing.sheet_html import SheetSource
from sevenminute.printing.sizes import FLOOR

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint import Document

EPSILON = 0.5  # CSS px of rounding slack when comparing box edges
PANELS = {"point", "key-message", "resources", "contact", "sheet__header", "sheet__footer"}


@dataclass(frozen=True)
class Overflow:
    """How a rendering failed to fit: enough to say how far over it is."""

    pages: int
    needed: float  # CSS px of content height the page would need
    available: float  # CSS px of content height the page has
    line_height: float  # CSS px, of body text at the size tried
    escaped: tuple[str, ...] = ()  # boxes that ran past their panel or the page edge
    contact: float = 0.0  # CSS px of height the partnership's contact block takes, on all pages

    @property
    def ratio(self) -> float:
        return self.needed / self.available

    @property
    def lines_over(self) -> int:
        # The spill on later pages is balanced over two columns: count lines of one column.
        return max(0, math.ceil(2 * (self.needed - self.available) / self.line_height))


def _classes(box: Any) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or not hasattr(element, "get"):
        return set()
    return set((element.get("class") or "").split())


def measure_overflow(document: "Document", size: float) -> Overflow | None:
    """None when the sheet fits: one page, and no box past its panel or the page's content area."""
    from weasyprint.formatting_structure import boxes

    pages = document.pages
    first = pages[0]._page_box
    left, top = first.content_box_x(), first.content_box_y()
    right, bottom = left + first.width, top + first.height
    escaped: list[str] = []

    def walk(box: Any, panel: Any, panel_name: str) -> float:
        """Check a box and its descendants; return the lowest bottom edge seen."""
        lowest = 0.0
        if not isinstance(box, (boxes.PageBox, boxes.MarginBox)):
            x, y = box.position_x, box.position_y
            width = box.margin_width() if hasattr(box, "margin_width") else box.width
            height = box.margin_height() if hasattr(box, "margin_height") else box.height
            if isinstance(box, boxes.TextBox) or not isinstance(box, boxes.LineBox):
                x2, y2 = x + width, y + height
                lowest = y2
                limits = (left, top, right, bottom) if panel is None else panel
                if (x < limits[0] - EPSILON or x2 > limits[2] + EPSILON
                        or y2 > limits[3] + EPSILON):
                    text = getattr(box, "text", "") or ""
                    escaped.append(f"{panel_name}: {text[:40]!r}" if text else panel_name)
            names = _classes(box) & PANELS
            if names:
                panel = (box.border_box_x(), box.border_box_y(),
                         box.border_box_x() + box.border_width(),
                         box.border_box_y() + box.border_height())
                panel_name = sorted(names)[0]
        for child in getattr(box, "children", ()):
            lowest = max(lowest, walk(child, panel, panel_name))
        return lowest

    walk(first, None, "page")
    available = bottom - top
    needed = available
    if len(pages) > 1:
        # Content that spilled over: everything on the later pages, measured from their top.
        needed = available
        for page in pages[1:]:
            box = page._page_box
            spill = walk(box, None, "page") - box.content_box_y()
            needed += max(spill, 0)
    if len(pages) == 1 and not escaped:
        return None
    line_height = size * 4 / 3 * 1.2  # pt to CSS px, times the sheet's line-height
    contact = sum(box.border_height() for page in pages for box in _sections(page._page_box, "contact"))
    return Overflow(len(pages), needed, available, line_height, tuple(dict.fromkeys(escaped)), contact)


def _sections(box: Any, name: str) -> Iterator[Any]:
    """The outermost boxes of the <section class=name> elements under `box`."""
    element = getattr(box, "element", None)
    if name in _classes(box) and getattr(element, "tag", None) == "section":
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _sections(child, name)


# A contact block is a tenth of a column or so; more than half a column and it, not the
# briefing, is what stops the sheet fitting.
CONTACT_SHARE = 0.5


def _contact_diagnostic(collection: Collection, slug: str, overflow: Overflow) -> Diagnostic:
    """The error when the partnership's contact block is what does not fit: at its `contact:`
    in partnerships.yml, since cutting the briefing would not help."""
    from sevenminute.core.collection import DATA_DIR

    pid = collection.briefings[slug].partnership
    path = collection.root / DATA_DIR / "partnerships.yml"
    line, column = 1, 1
    doc, _ = read_yaml(path)
    if doc is not None:
        line, column = doc.position((pid, "contact"), key=True)
    share = round(100 * overflow.contact / overflow.available)
    return Diagnostic(
        display_path(path), line, column, "error",
        f"the printed sheet of '{slug}' does not fit one A4 page even at {FLOOR:g} pt because of "
        f"{pid}'s contact block, not the briefing: the block takes {share}% of a column's height"
        if overflow.contact else
        f"the printed sheet of '{slug}' does not fit one A4 page: text in {pid}'s contact block runs "
        "past its edge",
        "shorten the contact block: fewer phones and emails, shorter labels (every briefing of "
        "this partnership prints it)", "sheet-too-long")



def too_long(collection: Collection, source: SheetSource, result: Fit) -> Diagnostic:
    overflow = result.overflow
    assert overflow is not None
    if (overflow.contact > CONTACT_SHARE * overflow.available
            or any(e.split(":")[0] == "contact" for e in overflow.escaped)):
        return _contact_diagnostic(collection, source.slug, overflow)
    path = collection.sources[source.slug]
    longest = sorted(source.point_lengths, key=lambda p: -p.words)[:3]
    line, column = 1, 1
    doc, _ = read_yaml(path)
    if doc is not None and longest:
        line, column = doc.position(("points", longest[0].key), key=True)
    words_per_line = 9  # about, in a half-width panel at 9 pt
    if overflow.lines_over:
        how_far = (f"about {overflow.lines_over} lines (roughly "
                   f"{overflow.lines_over * words_per_line} words) too long")
    else:
        how_far = "too wide: text runs past the edge of " + ", ".join(overflow.escaped[:3])
    names = ", ".join(f"{p.number} {p.heading} ({p.words} words)" for p in longest)
    return Diagnostic(
        display_path(path), line, column, "error",
        f"the printed sheet does not fit one A4 page even at {FLOOR:g} pt: it is {how_far}; "
        f"the longest points are {names}",
        "shorten those points' text or items; move extra material to `detail:`, "
        "which the web page shows and the sheet leaves out",
        "sheet-too-long",
    )

