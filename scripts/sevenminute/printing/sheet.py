"""One briefing as a printable one-page A4 sheet.

The HTML comes from overrides/sheet/ (which includes the shared briefing partials with
medium="sheet"); WeasyPrint renders it as PDF/UA-1. The type size steps down from a start chosen
from the amount of text until the sheet fits one page, never below FLOOR, then up while the space
left at the foot allows, so the type is the largest size that fits. WeasyPrint is imported
only inside the functions that render, so worker processes import it themselves."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sevenminute.core.collection import Collection
from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.core.yamlread import read_yaml
from sevenminute.files.fingerprint import fingerprint, package_files
from sevenminute.printing.continued import Break, as_artifacts, break_is_at_continuation, find_break, with_continued
from sevenminute.rendering import markdown as content
from sevenminute.rendering.environment import THEME_DIR, render
from sevenminute.rendering.template_data import BriefingView, briefing_view
from sevenminute.web.pages import template_context

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint import Document

FLOOR = 9.0  # pt: body text never smaller
CEILING = 12.0  # pt: the most comfortable size a short briefing gets
STEP = 0.25  # pt: sizes are multiples of this, so the same text always lands on the same size
# Calibrated on the seeds and 200 generated briefings (scripts/bench_sheets.py), then raised from
# 89,000 when fitting began to grow the type to fill the page (the three included briefings' largest
# sizes put it between 94,900 and 96,400): a sheet whose weighted word count is W fits at about
# sqrt(CAPACITY / W) pt.
CAPACITY = 96_000.0
LINE_WEIGHT = 6  # each list item or paragraph costs about this many words of wrapped space
OPTIONS = {"pdf_variant": "pdf/ua-1"}
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

    @property
    def ratio(self) -> float:
        return self.needed / self.available

    @property
    def lines_over(self) -> int:
        # The spill on later pages is balanced over two columns: count lines of one column.
        return max(0, math.ceil(2 * (self.needed - self.available) / self.line_height))


@dataclass(frozen=True)
class Fit:
    pdf: bytes | None  # None when it cannot fit at the floor
    size: float
    renders: int
    overflow: Overflow | None = None
    continued: Break | None = None  # where a point runs on into the next column under its heading


@dataclass(frozen=True)
class PointLength:
    number: int
    heading: str
    key: str
    words: int


@dataclass(frozen=True)
class SheetSource:
    """Everything a worker process needs to render one sheet: plain, picklable data."""

    slug: str
    html: str
    words: int  # weighted word count, for the starting size
    identifier: str  # the PDF's /ID (pdf_identifier)
    base_url: str
    point_lengths: tuple[PointLength, ...] = field(default=())

    @property
    def start(self) -> float:
        return start_size(self.words)


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


def sheet_link(site_url: str | None):
    """On paper a link must be absolute: site pages link only when the site URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else None
    return lambda path: base + path if base else None


def sheet_context(collection: Collection, slug: str, site_url: str | None = None) -> dict[str, Any]:
    view = briefing_view(collection, slug, site_url)
    context = template_context(view, "sheet", sheet_link(site_url))
    context["qr"] = qr_data_uri(view.page_url) if view.page_url else None
    return context


# Whitespace between list items. WeasyPrint tags a text run between two inline <li> (the
# header's metadata, the resources) as a Span inside the L, which PDF/UA-1 forbids
# (PDFUA1-L-KIDS-001: an L holds only L, LI and Caption). It is never content, so it goes.
_LIST_GAPS = re.compile(r"(?<=>)\s+(?=<li\b)|(?<=</li>)\s+(?=</[uo]l>)")


def sheet_markup(template: str, theme_dir: Path = THEME_DIR, **context: Any) -> str:
    """Render a sheet template (a whole sheet, or one sheet's article for the training pack)."""
    return _LIST_GAPS.sub("", render(template, theme_dir, **context))


def sheet_html(collection: Collection, slug: str, site_url: str | None = None,
               theme_dir: Path = THEME_DIR) -> str:
    """The sheet as a whole HTML document (its size is set by the renderer's stylesheet)."""
    return sheet_markup("sheet/sheet.html", theme_dir, **sheet_context(collection, slug, site_url))


def weighted_words(html: str) -> int:
    body = html.split("<body", 1)[-1]
    words = len(re.sub(r"<[^>]+>", " ", body).split())
    lines = len(re.findall(r"<(?:li|p|h2)\b", body))
    return words + LINE_WEIGHT * lines


def start_size(words: int) -> float:
    size = math.sqrt(CAPACITY / max(words, 1))
    return max(FLOOR, min(CEILING, math.floor(size / STEP) * STEP))


def point_lengths(view: BriefingView) -> tuple[PointLength, ...]:
    lengths = []
    for p in view.points:
        if p.point is None:  # an optional point left out: the site's one `not_covered` line
            lengths.append(PointLength(p.number, p.heading, p.key, content.word_count(view.site.not_covered)))
            continue
        texts = [p.point.text]
        for item in p.point.items:
            texts += [item] if isinstance(item, str) else [item.text, *item.items, item.after or ""]
        lengths.append(PointLength(p.number, p.heading, p.key, content.word_count(*texts)))
    return tuple(lengths)


def renderer_fingerprint(theme_dir: Path = THEME_DIR) -> str:
    """What, besides a briefing's HTML, decides its PDF: stylesheet, fonts, templates, code."""
    files = [*(theme_dir / "sheet").glob("*"), *(theme_dir / "assets" / "fonts").glob("*.woff2"),
             *(theme_dir / "briefing").glob("*.html"), *package_files("printing/sheet.py", "printing/continued.py")]
    return fingerprint(files, ("weasyprint", "segno"))


def pdf_identifier(html: str) -> str:
    """A printed document's /ID, from its HTML alone (which holds the content and the site
    address): the same briefing gives the same bytes whatever changes in code that does not
    change what is printed, such as moving a module."""
    return hashlib.sha256(html.encode()).hexdigest()


def sheet_source(collection: Collection, slug: str, site_url: str | None = None,
                 theme_dir: Path = THEME_DIR) -> SheetSource:
    context = sheet_context(collection, slug, site_url)
    html = sheet_markup("sheet/sheet.html", theme_dir, **context)
    view: BriefingView = context["v"]  # type: ignore[assignment]
    return SheetSource(
        slug=slug,
        html=html,
        words=weighted_words(html),
        identifier=pdf_identifier(html),
        base_url=str(theme_dir / "sheet" / "sheet.html"),
        point_lengths=point_lengths(view),
    )


# --- Rendering (imports WeasyPrint) -------------------------------------------------------

@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_document(html: str, base_url: str, size: float) -> "Document":
    from weasyprint import CSS, HTML

    # A user stylesheet: !important is what lets it outrank the author sheet's default size.
    size_css = CSS(string=f".sheet {{ font-size: {size}pt !important; }}", font_config=_font_config())
    return HTML(string=html, base_url=base_url).render(
        font_config=_font_config(), stylesheets=[size_css], **OPTIONS
    )


_WEB_LINK = re.compile(r"(?:https?://[^/\s]|mailto:|tel:)", re.I)


class UnsafeLink(Exception):
    """A link in a rendered sheet that is not a web, mail or phone address."""


def check_links(document: "Document") -> None:
    """No PDF may link to a file: WeasyPrint resolves a relative address against the sheet's
    template folder, which would publish the builder's paths as file:/// links. Validation
    refuses such addresses; this check stands behind it for every sheet and pack written."""
    for page in document.pages:
        for kind, target, *_ in page.links:
            if kind != "internal" and not _WEB_LINK.match(str(target)):
                raise UnsafeLink(f"the sheet would link to {str(target)[:80]!r}, which is not a web, "
                                 "mail or phone address")


def print_links(document: "Document", pdf: Any) -> None:
    """WeasyPrint's finisher hook: give every link annotation the Print flag (PDF 12.5.3, bit 3),
    as PDF/UA checkers expect, so the links exist on paper as on screen. Deterministic: it only
    sets a value on objects WeasyPrint made, before the file is written."""
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Annot" and obj.get("Subtype") == "/Link":
            obj["F"] = 4


def finish(document: "Document", pdf: Any) -> None:
    """The finisher of a sheet's PDF: links printable, continuation headings artifacts."""
    print_links(document, pdf)
    as_artifacts(document, pdf)


def write_pdf(document: "Document", identifier: str) -> bytes:
    check_links(document)
    return document.write_pdf(pdf_identifier=identifier[:32].encode(), finisher=finish, **OPTIONS)


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
    return Overflow(len(pages), needed, available, line_height, tuple(dict.fromkeys(escaped)))


def next_size(size: float, overflow: Overflow) -> float:
    """At least one step smaller; more when the overflow shows the text needs much less room.
    Text area scales with the square of the size, panels' padding and gaps do not: aim a little low."""
    guess = size / math.sqrt(max(overflow.ratio, 1.0)) - (STEP if overflow.ratio > 1.02 else 0)
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


def fit(source: SheetSource, start: float | None = None) -> Fit:
    """The largest size (a multiple of STEP, FLOOR to CEILING) at which the sheet fits one page:
    down from the estimate until it fits, then up while the space left at the foot says a larger
    size could fit too, so a sheet below the ceiling fills its page."""
    size = source.start if start is None else start
    renders = 0
    best: tuple[float, Document] | None = None
    failed = CEILING + STEP  # the smallest size known not to fit
    while True:
        document = render_document(source.html, source.base_url, size)
        renders += 1
        overflow = measure_overflow(document, size)
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
            return Fit(None, size, renders, overflow)
        size = next_size(size, overflow)
    size, document = best
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
        smaller = render_document(source.html, source.base_url, size - STEP)
        renders += 1
        if measure_overflow(smaller, size - STEP) is not None:
            break
        size, document = size - STEP, smaller
    return Fit(write_pdf(document, source.identifier), size, renders, continued=continued)


# --- Explaining a sheet that cannot fit ---------------------------------------------------

def too_long(collection: Collection, source: SheetSource, result: Fit) -> Diagnostic:
    overflow = result.overflow
    assert overflow is not None
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


def render_sheet(collection: Collection, slug: str, site_url: str | None = None) -> tuple[SheetSource, Fit]:
    """Render one sheet in this process (for previews and tests)."""
    source = sheet_source(collection, slug, site_url)
    return source, fit(source)

