"""Which site address may be printed on a sheet. An address on paper (and its QR code) must lead
somewhere real: the bare example names (example.org, the mkdocs.yml default), the reserved
top-level names (.example, .test, .invalid, .localhost; RFC 2606 and 6761) and this computer are
never printed. (Subdomains such as briefings.example.org stand in for a real address in tests.)"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

_RESERVED = ("example.org", "example.com", "example.net", "localhost")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")

NO_ADDRESS = ("no site address (set SITE_URL to where the site is published): the printed sheets "
              "leave out the briefing's web address and QR code")


# A site's address is printed on each sheet with its QR code and written into every feed entry:
# longer than this it is a mistake (a QR code holds about 2,300 characters in all).
MAX_ADDRESS = 300


def address_problem(url: str | None) -> str | None:
    """What is wrong with a site address (site_url, SITE_URL), or None. Only https:// or http://
    with a host: javascript: or ftp: would go into the feeds and on paper as the site's links."""
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_ADDRESS:
        return f"is {len(url):,} characters long (at most {MAX_ADDRESS}); give the site's address only"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        return "is not a web address: it must start with https:// (or http://) and name a host"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "contains a space or a control character"
    return None


def printable_url(url: str | None) -> str | None:
    """`url` if it is a real public address to print, else None."""
    if not url or address_problem(url):
        return None
    host = (urlsplit(url.strip()).hostname or "").lower()
    if not host or host in _RESERVED or host.endswith(_RESERVED_SUFFIXES):
        return None
    if host.startswith("127.") or host in ("0.0.0.0", "::1"):
        return None
    return url.strip()


def site_url_from_environment() -> str | None:
    """The address the build would print: SITE_URL, if it is a real one."""
    return printable_url(os.environ.get("SITE_URL"))


def main(argv: list[str]) -> int:
    """`python -m sevenminute.printing.siteaddress URL`: exit 1, saying why, unless URL may be printed
    (the deploy workflow's guard against publishing sheets without their address)."""
    url = argv[0] if argv else ""
    if printable_url(url) is None:
        shown = f"'{url}'" if url else "no address"
        print(f"error: {shown} is not a real site address: set SITE_URL (or enable GitHub Pages, "
              "whose address the workflow uses) before deploying", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
