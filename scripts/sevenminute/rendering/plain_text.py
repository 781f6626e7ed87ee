"""The text an HTML document or fragment shows, a line per block (paragraph, item, heading),
without scripts and styles: what search indexes of a sheet, and what a page already shows."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "header",
           "footer", "dt", "dd", "tr", "br", "ol", "ul", "blockquote", "main", "nav"}
_SKIPPED = {"script", "style", "template"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_lines(markup: str) -> list[str]:
    """The lines of text `markup` shows, whitespace collapsed, empty lines dropped."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]
