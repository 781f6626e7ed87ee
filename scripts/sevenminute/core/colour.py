"""WCAG 2 contrast for a site's brand colour: the header band of the pages and sheets draws white
text on it, and links on white pages use it, so it must give at least 4.5:1 with white (AA for
normal text). A colour that fails gets the nearest darker shade that passes as its fix."""

from __future__ import annotations

import colorsys
import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
AA = 4.5
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def nearest_passing(colour: str, against: str = WHITE, ratio: float = AA) -> str:
    """The same hue and saturation, darkened step by step until white text on it passes."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    while lightness > 0:
        lightness = max(0.0, lightness - 0.005)
        shade = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(h, lightness, s))
        if contrast(shade, against) >= ratio:
            return shade
    return "#000000"
