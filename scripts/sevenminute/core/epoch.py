"""SOURCE_DATE_EPOCH, the reproducible-builds date (seconds since 1970 UTC), checked before use.

MkDocs stamps the sitemap with it and the lints judge staleness by it; a value that is not a whole
number of seconds in range made both fail with a traceback."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

NAME = "SOURCE_DATE_EPOCH"
LATEST = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can hold


def epoch_problem(value: str | None = None) -> str | None:
    """What is wrong with SOURCE_DATE_EPOCH (or `value`), or None when it is unset or usable."""
    value = os.environ.get(NAME) if value is None else value
    if value is None:
        return None
    if not value.strip().isdigit() or not value.strip().isascii() or int(value) > LATEST:
        return (f"{NAME} is {value[:40]!r}, not a time: set it to a whole number of seconds since "
                f"1970 (such as 1767225600 for 1 January 2026, from `date +%s`), or unset it")
    return None


def epoch_date() -> date | None:
    """The day SOURCE_DATE_EPOCH names, or None when it is unset or unusable."""
    value = os.environ.get(NAME)
    if value is None or epoch_problem(value):
        return None
    return datetime.fromtimestamp(int(value), tz=timezone.utc).date()
