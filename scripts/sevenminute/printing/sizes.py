"""The type sizes a sheet may take, and the size its fitting starts from.

Sizes run from FLOOR to CEILING in steps of STEP. The start is estimated from the amount of text
(weighted_words), so most sheets are laid out at or next to the size they end at."""

from __future__ import annotations

import math
import re

FLOOR = 9.0  # pt: body text never smaller
CEILING = 12.0  # pt: the most comfortable size a short briefing gets
STEP = 0.25  # pt: sizes are multiples of this, so the same text always lands on the same size
# Calibrated on the seeds and 200 generated briefings (scripts/bench_sheets.py), then raised from
# 89,000 when fitting began to grow the type to fill the page (the three included briefings' largest
# sizes put it between 94,900 and 96,400): a sheet whose weighted word count is W fits at about
# sqrt(CAPACITY / W) pt.
CAPACITY = 96_000.0
LINE_WEIGHT = 6  # each list item or paragraph costs about this many words of wrapped space


def weighted_words(html: str) -> int:
    body = html.split("<body", 1)[-1]
    words = len(re.sub(r"<[^>]+>", " ", body).split())
    lines = len(re.findall(r"<(?:li|p|h2)\b", body))
    return words + LINE_WEIGHT * lines


def start_size(words: int) -> float:
    # Rounded up: a start at the largest size that fits or one step above it costs two layouts
    # (the one that fails proves the other is the largest); a start below it costs three.
    size = math.sqrt(CAPACITY / max(words, 1))
    return max(FLOOR, min(CEILING, math.ceil(size / STEP) * STEP))

