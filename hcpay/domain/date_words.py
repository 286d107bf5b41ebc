"""Dates in words, the same on every side: the screens, the command line and the portal's
notices say ``Dec 31, 2026`` (``December 31, 2026`` where there is room), never ``2026-12-31``
(``--json`` and the API keep ISO dates for programs)."""

from __future__ import annotations

from datetime import date, datetime


def short_date(value: date | datetime) -> str:
    """``Dec 31, 2026``."""
    return f"{value:%b} {value.day}, {value.year}"


def long_date(value: date | datetime) -> str:
    """``December 31, 2026``."""
    return f"{value:%B} {value.day}, {value.year}"


def weekday_date(value: date | datetime) -> str:
    """``Wednesday, December 31, 2026``: a date in a sentence, read aloud the same everywhere."""
    return f"{value:%A}, {long_date(value)}"


def month_words(key: str) -> str:
    """A coverage month ``2026-11`` -> ``November 2026``."""
    year, month = (int(part) for part in key.split("-"))
    return f"{date(year, month, 1):%B} {year}"


def next_bill_day(today: date) -> date:
    """When the next bill comes, for a member who owes nothing now: bills are issued on the 1st
    of each month (product-rules.md)."""
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)
