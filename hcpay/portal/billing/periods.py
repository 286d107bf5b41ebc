"""Calendar arithmetic for billing: coverage months ("YYYY-MM") and their due dates."""

from __future__ import annotations

import calendar
from datetime import date

# One calendar: month arithmetic and business days (holiday-aware) live in hcpay.domain.dates.
from hcpay.domain.dates import add_business_days, add_months

__all__ = [
    "add_business_days", "add_months", "due_date_for", "month_end", "month_key", "month_start",
    "months_between", "next_month_key",
]


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def next_month_key(key: str, months: int = 1) -> str:
    return month_key(add_months(month_start(key), months))


def month_end(key: str) -> date:
    start = month_start(key)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def months_between(first: str, second: str) -> int:
    """How many months ``second`` is after ``first`` (0 for the same month)."""
    a, b = month_start(first), month_start(second)
    return (b.year - a.year) * 12 + b.month - a.month


def due_date_for(coverage_month: str, due_day: int) -> date:
    """An invoice for a coverage month is due on ``due_day`` of the month before it."""
    before = add_months(month_start(coverage_month), -1)
    return before.replace(day=due_day)
