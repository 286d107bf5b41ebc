"""Dates in words, the same on every side: the screens, the command line and the portal's
notices say ``Dec 31, 2026`` (``December 31, 2026`` where there is room), never ``2026-12-31``
(``--json`` and the API keep ISO dates for programs)."""

from __future__ import annotations

from datetime import date, datetime

from hcpay.domain import i18n


def short_date(value: date | datetime) -> str:
    """``Dec 31, 2026`` (``31 dic 2026``)."""
    words = i18n.date_words(value, "short")
    if words is not None:
        return words
    return f"{value:%b} {value.day}, {value.year}"


def long_date(value: date | datetime) -> str:
    """``December 31, 2026`` (``31 de diciembre de 2026``)."""
    words = i18n.date_words(value, "long")
    if words is not None:
        return words
    return f"{value:%B} {value.day}, {value.year}"


def month_words(key: str) -> str:
    """A coverage month ``2026-11`` -> ``November 2026``."""
    year, month = (int(part) for part in key.split("-"))
    words = i18n.month_year_words(date(year, month, 1))
    if words is not None:
        return words
    return f"{date(year, month, 1):%B} {year}"


def full_date(value: date | datetime) -> str:
    """``Wednesday, December 23, 2026`` (``miércoles, 23 de diciembre de 2026``): for a
    sentence read aloud."""
    words = i18n.date_words(value, "full")
    if words is not None:
        return words
    return f"{value:%A}, {long_date(value)}"


def month_year(value: date) -> str:
    """``November 2026`` (``noviembre de 2026``)."""
    words = i18n.month_year_words(value)
    if words is not None:
        return words
    return f"{value:%B} {value.year}"


def short_month_year(value: date) -> str:
    """``Nov 2026`` (``nov 2026``): for a column."""
    words = i18n.short_month_words(value)
    if words is not None:
        return words
    return f"{value:%b %Y}"


def day_month(value: date) -> str:
    """``Nov 3`` (``3 nov``): a day in a list of this year's."""
    words = i18n.day_month_words(value)
    if words is not None:
        return words
    return f"{value:%b} {value.day}"


def short_month(value: date) -> str:
    """``Mar`` (``mar``): a month on a chart's axis."""
    words = i18n.short_month_only(value)
    if words is not None:
        return words
    return f"{value:%b}"


def day_month_column(value: date) -> str:
    """``Nov  3`` (`` 3 nov``): a day in a column of this year's, six cells wide."""
    words = i18n.day_month_words(value)
    if words is not None:
        return words.rjust(6)
    return f"{value:%b} {value.day:>2}"


def next_bill_day(today: date) -> date:
    """When the next bill comes, for a member who owes nothing now: bills are issued on the 1st
    of each month (product-rules.md)."""
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)
