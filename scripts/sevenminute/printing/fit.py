"""Fitting a sheet to one A4 page at the largest type size that fits.

The type size steps down from a start chosen from the amount of text (sizes.start_size) until the
sheet fits one page, never below FLOOR, then up while the space left at the foot allows, so the
type is the largest size that fits. A point that runs on into the next column then gets its
heading repeated there (continued.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sevenminute.core.collection import Collection
from sevenminute.printing.continued import Break, break_is_at_continuation, find_break, with_continued
from sevenminute.printing.overflow import Overflow, measure_overflow
from sevenminute.printing.pdf import lay_out, parse, render_document, write_pdf
from sevenminute.printing.sheet_html import SheetSource, sheet_source
from sevenminute.printing.sizes import CEILING, FLOOR, STEP

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint import HTML, Document


@dataclass(frozen=True)
class Fit:
    pdf: bytes | None  # None when it cannot fit at the floor
    size: float
    renders: int
    overflow: Overflow | None = None
    continued: Break | None = None  # where a point runs on into the next column under its heading


NEAR = 1.3  # an overflow ratio below this is one or two steps too large, rarely more


def next_size(size: float, overflow: Overflow) -> float:
    """At least one step smaller; more when the overflow shows the text needs much less room.
    The ratio hardly tells one step too large from two (the spill is measured in one column of
    the next page: 1.06 to 1.23 for one step, 1.08 to 1.26 for two, on 46 sheets), so a near miss
    goes one step down: the size that failed then proves the one below is the largest. Far over,
    text area scales with the square of the size, panels' padding and gaps do not: aim a little low."""
    if overflow.ratio < NEAR:
        return max(FLOOR, size - STEP)
    guess = size / math.sqrt(overflow.ratio) - STEP
    return max(FLOOR, min(size - STEP, math.floor(guess / STEP) * STEP))


def foot_space(document: "Document") -> tuple[float, float]:
    """(empty CSS px at the foot of the first page's content area, the area's height)."""
    from weasyprint.formatting_structure import boxes

    page = document.pages[0]._page_box
    top, bottom = page.content_box_y(), page.content_box_y() + page.height
    lowest = top
    for box in page.descendants():
        if isinstance(box, (boxes.PageBox, boxes.MarginBox)) or not hasattr(box, "margin_height"):
            continue
        lowest = max(lowest, box.position_y + box.margin_height())
    return max(0.0, bottom - lowest), bottom - top


def larger_size(size: float, document: "Document", below: float) -> float | None:
    """A size worth trying when a sheet fits with room to spare at its foot, or None.
    Text area grows with the square of the size, so the room left predicts how far to go; the
    guess is capped below the smallest size already known not to fit."""
    blank, area = foot_space(document)
    used = max(area - blank, 1.0)
    guess = math.floor(size * math.sqrt(area / used) / STEP) * STEP
    candidate = min(guess, CEILING, below - STEP)
    return candidate if candidate >= size + STEP else None


class Layouts:
    """A sheet's plain HTML laid out at each size tried, parsed once and laid out once a size: the
    step back down for a continued heading often returns to a size the search already laid out."""

    def __init__(self, source: SheetSource) -> None:
        self.source = source
        self.renders = 0
        self._parsed: HTML | None = None
        self._done: dict[float, tuple[Document, Overflow | None]] = {}

    def at(self, size: float) -> tuple["Document", Overflow | None]:
        """The layout at `size` and how it overflows (None: it fits)."""
        if size not in self._done:
            if self._parsed is None:
                self._parsed = parse(self.source.html, self.source.base_url)
            document = lay_out(self._parsed, size)
            self.renders += 1
            self._done[size] = (document, measure_overflow(document, size))
        return self._done[size]


def fit(source: SheetSource, start: float | None = None) -> Fit:
    """The largest size (a multiple of STEP, FLOOR to CEILING) at which the sheet fits one page:
    down from the estimate until it fits, then up while the space left at the foot says a larger
    size could fit too, so a sheet below the ceiling fills its page."""
    size = source.start if start is None else start
    layouts = Layouts(source)
    best: tuple[float, Document] | None = None
    failed = CEILING + STEP  # the smallest size known not to fit
    while True:
        document, overflow = layouts.at(size)
        if overflow is None:
            best = (size, document)
            up = larger_size(size, document, failed)
            if up is None and size + STEP < failed and size + STEP <= CEILING:
                # The room at the foot is only an estimate (two balanced columns): one step up
                # is tried unless it is already known not to fit, so the size is the largest.
                up = size + STEP
            if up is None:
                break
            size = up
            continue
        failed = min(failed, size)
        if best is not None:  # a guess upwards overshot: one step above the best, or stop there
            if best[0] + STEP < size:
                size = best[0] + STEP
                continue
            break
        if size <= FLOOR:
            return Fit(None, size, layouts.renders, overflow)
        size = next_size(size, overflow)
    size, document = best
    renders = 0  # layouts with a continued heading, besides the plain ones
    continued = None
    # A point that runs on into the second column gets its heading repeated there. The repeated
    # heading takes a line, so if the sheet then no longer fits it steps down (a few times at most);
    # at the floor the sheet keeps the plain break rather than fail.
    for _ in range(3):
        at = find_break(document)
        html = with_continued(source.html, at) if at is not None else None
        if html is None:
            break
        repeated = render_document(html, source.base_url, size)
        renders += 1
        if measure_overflow(repeated, size) is None and break_is_at_continuation(repeated, at):
            document, continued = repeated, at
            break
        if size <= FLOOR:
            break
        smaller, overflow = layouts.at(size - STEP)
        if overflow is not None:
            break
        size, document = size - STEP, smaller
    return Fit(write_pdf(document, source.identifier), size, layouts.renders + renders, continued=continued)


def render_sheet(collection: Collection, slug: str, site_url: str | None = None) -> tuple[SheetSource, Fit]:
    """Render one sheet in this process (for previews and tests)."""
    source = sheet_source(collection, slug, site_url)
    return source, fit(source)

