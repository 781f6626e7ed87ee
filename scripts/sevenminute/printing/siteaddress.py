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


def printable_url(url: str | None) -> str | None:
    """`url` if it is a real public address to print, else None."""
    if not url:
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
