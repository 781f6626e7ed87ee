"""WeasyPrint's part of every printed document (sheet, training pack, clear-print copy, blank
record): laying out HTML as PDF/UA-1 with the shared font configuration, fetching only the
theme's own files (fetcher.py), and writing the PDF with its links checked and made printable,
without attachments. WeasyPrint is imported only inside the functions that render, so worker
processes import it themselves."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from sevenminute.printing.continued import as_artifacts
from sevenminute.printing.fetcher import RefusedResource, locate, refused, theme_fetcher

if TYPE_CHECKING:  # pragma: no cover
    from weasyprint import HTML, Document

OPTIONS = {"pdf_variant": "pdf/ua-1"}


@lru_cache(maxsize=1)
def font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def parse(html: str, base_url: str) -> "HTML":
    """The document's parsed HTML, which lay_out can lay out at several sizes (fitting tries a
    few): parsing it again for each would cost a tenth of every layout."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url, url_fetcher=theme_fetcher(base_url))


def _stopped(fetcher: Any, error: BaseException | None = None) -> RefusedResource:
    """The located error for what the document's fetcher refused."""
    url = fetcher.refused[0] if fetcher.refused else ""
    return refused(url, fetcher.base_url, str(error) if error else None)


def lay_out(parsed: "HTML", size: float | None = None) -> "Document":
    """Lay out a parsed document; `size` (pt) sets a sheet's type size, None leaves its stylesheet's."""
    from weasyprint import CSS

    stylesheets = []
    if size is not None:
        # A user stylesheet: !important is what lets it outrank the author sheet's default size.
        stylesheets.append(CSS(string=f".sheet {{ font-size: {size}pt !important; }}", font_config=font_config(),
                               url_fetcher=parsed.url_fetcher))
    from weasyprint.urls import FatalURLFetchingError

    fetcher = parsed.url_fetcher
    try:
        document = parsed.render(font_config=font_config(), stylesheets=stylesheets, **OPTIONS)
    except FatalURLFetchingError as error:
        raise _stopped(fetcher, error) from None
    if fetcher.refused:  # refused somewhere that WeasyPrint carries on past (never published)
        raise _stopped(fetcher)
    return document


def render_document(html: str, base_url: str, size: float | None = None) -> "Document":
    return lay_out(parse(html, base_url), size)


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
    # Every printed document is finished here (a sheet's through finish), so this is also where
    # the embedded fonts lose the date of the build: same input, same bytes (fontdates.py).
    from sevenminute.printing.fontdates import steady_font_dates

    steady_font_dates(pdf)


def finish(document: "Document", pdf: Any) -> None:
    """The finisher of a sheet's PDF: links printable, continuation headings artifacts."""
    print_links(document, pdf)
    as_artifacts(document, pdf)


def check_attachments(document: "Document") -> None:
    """No printed document carries an attached file (`<link rel=attachment>`, `<a rel=attachment>`):
    whatever it named would travel inside every copy of the PDF."""
    fetcher = document.url_fetcher
    named = list(document.metadata.attachments) + [
        target for page in document.pages for kind, target, *_ in page.links if kind == "attachment"]
    if named:
        path, line, column = locate("", fetcher.base_url, marker="attachment")
        raise RefusedResource("a printed document may not carry an attached file (rel=attachment)",
                              path, line, column, "remove the rel=attachment link")


def write_pdf(document: "Document", identifier: str, finisher: Callable[..., None] = finish) -> bytes:
    """The PDF's bytes, its links and attachments checked first; `identifier` is pdf_identifier
    of its HTML."""
    from weasyprint.urls import FatalURLFetchingError

    check_links(document)
    check_attachments(document)
    try:
        return document.write_pdf(pdf_identifier=identifier[:32].encode(), finisher=finisher, **OPTIONS)
    except FatalURLFetchingError as error:
        raise _stopped(document.url_fetcher, error) from None

