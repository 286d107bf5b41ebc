"""Calendar arithmetic for billing: coverage months ("YYYY-MM"), due dates, business days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


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


def add_business_days(day: date, days: int) -> date:
    current = day
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current
