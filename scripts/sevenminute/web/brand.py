"""The site's brand on its web pages: a stylesheet setting Material's primary colour (the header,
the present view) and the link colour from site.yml's `brand`. Data, not a stylesheet to edit."""

from __future__ import annotations

from sevenminute.core import model as m

BRAND_CSS = "assets/stylesheets/brand.css"


def brand_css(brand: m.Brand) -> bytes:
    # Light scheme: header band and links in the brand colour (4.5:1 with white, checked on load).
    # Dark scheme: the header only; its links keep their light colour, readable on the dark page.
    c = brand.colour
    return (f'[data-md-color-primary="custom"] {{\n  --md-primary-fg-color: {c};\n'
            f"  --md-primary-fg-color--dark: {c};\n  --md-typeset-a-color: {c};\n}}\n"
            f'[data-md-color-scheme="slate"][data-md-color-primary="custom"] {{\n'
            f"  --md-primary-fg-color: {c};\n}}\n").encode()
