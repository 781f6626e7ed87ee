"""What a printed document may fetch: the toolkit's own assets and the theme folder it is made
from (the project's overrides), nothing else.

WeasyPrint's default fetcher opens any address a stylesheet or template names: one CSS line
would embed /etc/passwd or a file from the builder's home folder into every sheet, another
would make HTTP requests from the build, and `<link rel=attachment>` attaches any file to the
PDF. So every printed document (sheet, clear-print copy, blank record, training pack) is laid
out with this fetcher: `data:` addresses (the bullets, the QR code) and regular files inside
those folders are served; anything else stops the render, and the address is traced back to the
line of the theme file that asked for it (`locate`), so the error names file:line:column."""

from __future__ import annotations

import mimetypes
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from sevenminute.core.diagnostics import Diagnostic, display_path
from sevenminute.files.safe import Scope, UnsafeFile, read_bounded, real_folders
from sevenminute.rendering.environment import THEME_DIR

MAX_ASSET_BYTES = 10_000_000  # a font or a stylesheet is a few hundred kilobytes


class RefusedResource(Exception):
    """A printed document asked for something it may not have; where (path, line, column) is the
    theme file that asked. Plain arguments only, so it crosses from a worker process intact."""

    def __init__(self, message: str, path: str, line: int, column: int, hint: str):
        super().__init__(message, path, line, column, hint)
        self.message, self.path, self.line, self.column, self.hint = message, path, line, column, hint

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(display_path(Path(self.path)), self.line, self.column, "error", self.message,
                          self.hint, "refused-fetch")


def roots(base_url: str) -> tuple[Path, ...]:
    """The folders a document may read: the toolkit's theme and the theme folder holding the
    document's template (its base_url is <theme>/<kind>/<template>.html)."""
    return tuple(dict.fromkeys(real_folders(THEME_DIR, Path(base_url).parent.parent)))


HINT = ("a printed document uses only files inside the theme folder (its fonts and stylesheets) "
        "and fetches nothing from the network: put the file in overrides/ and refer to it by a "
        "relative address, or remove the reference")


def _refusal(url: str, folders: tuple[Path, ...]) -> str | None:
    """Why `url` may not be served (None: it may)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return f"the printed document would fetch {url[:200]!r} from the network"
    try:
        read_bounded(Path(url2pathname(urlsplit(url).path)), Scope(folders), MAX_ASSET_BYTES)
    except UnsafeFile as problem:
        return f"the printed document would read {url[:200]!r}, which is not one of the theme's files ({problem.message})"
    except OSError as error:
        return f"the printed document would read {url[:200]!r}, which cannot be read ({error.strerror})"
    return None


@lru_cache(maxsize=1)
def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ThemeFetcher(URLFetcher):
        """Serves data: addresses and the theme's own files; records and stops on anything else."""

        def __init__(self, base_url: str) -> None:
            super().__init__(timeout=1, allow_redirects=False, fail_on_errors=True)
            self.base_url, self.folders = base_url, roots(base_url)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            why = _refusal(url, self.folders)
            if why is not None:
                self.refused.append(url)
                raise FatalURLFetchingError(why)
            if urlsplit(url).scheme.lower() == "data":
                return super().fetch(url, headers)  # decoded by urllib's data: handler, no network
            path = Path(url2pathname(urlsplit(url).path))
            body = read_bounded(path, Scope(self.folders), MAX_ASSET_BYTES)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return ThemeFetcher


def theme_fetcher(base_url: str):
    """A new fetcher for one document (it keeps the addresses it refused)."""
    return _fetcher_class()(base_url)


def refused(url: str, base_url: str, why: str | None = None) -> RefusedResource:
    """The error for a refused address, at the line of the theme file that names it."""
    path, line, column = locate(url, base_url)
    return RefusedResource(why or _refusal(url, roots(base_url)) or f"the printed document may not use {url[:200]!r}",
                           path, line, column, HINT)


# Where a stylesheet or template names an address: url(...), @import "...", href=, src=.
_REFERENCE = re.compile(r"""url\(\s*(['"]?)(?P<a>[^'")\s]+)\1\s*\)|@import\s+(['"])(?P<b>[^'"]+)\3|"""
                        r"""\b(?:href|src)\s*=\s*(['"])(?P<c>[^'"]+)\5""", re.I)
_TEXT_FILES = (".css", ".html", ".svg", ".xml")


def locate(url: str, base_url: str, marker: str | None = None) -> tuple[str, int, int]:
    """The theme file, line and column that name `url` (or hold `marker`), resolving each
    reference as WeasyPrint does: against the stylesheet's own address, or the document's for a
    template. The document's template at 1:1 when no file names it."""
    document = Path(base_url).as_uri()
    for folder in roots(base_url):
        for path in sorted(p for p in folder.rglob("*") if p.suffix in _TEXT_FILES and p.is_file()):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            bases = (path.as_uri(), document) if path.suffix == ".css" else (document, path.as_uri())
            if marker is not None:
                at = text.find(marker)
                if at >= 0:
                    return _position(path, text, at)
                continue
            for match in _REFERENCE.finditer(text):
                raw = match.group("a") or match.group("b") or match.group("c")
                if any(_same(urljoin(base, raw), url) for base in bases):
                    return _position(path, text, match.start())
    return str(Path(base_url)), 1, 1


def _same(a: str, b: str) -> bool:
    return a == b or a.split("#")[0] == b.split("#")[0] or a.replace("file:///", "file:/") == b.replace("file:///", "file:/")


def _position(path: Path, text: str, offset: int) -> tuple[str, int, int]:
    line = text.count("\n", 0, offset) + 1
    return str(path), line, offset - (text.rfind("\n", 0, offset) + 1) + 1
