"""Calendar rules both sides share: coverage months and their due dates, business days (for
bank settlement) and month arithmetic. A month is the ``date`` of its first day."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

import holidays

DEFAULT_DUE_DAY = 23
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_start(day: date) -> date:
    return day.replace(day=1)


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); the 31st becomes the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_between(start: date, end: date) -> int:
    """Calendar months from ``start``'s month to ``end``'s month (negative if end is earlier)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def parse_month(text: str) -> date:
    """``"2026-03"`` -> ``date(2026, 3, 1)``; raises ``ValueError`` otherwise."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        raise ValueError("Enter a month as YYYY-MM, for example 2026-03.")
    return date(int(match[1]), int(match[2]), 1)


def format_month(month: date) -> str:
    """``date(2026, 3, 1)`` -> ``"2026-03"`` (the API's coverage_month)."""
    return f"{month.year:04d}-{month.month:02d}"


def _day_in_month(month: date, day: int) -> date:
    if day < 1:
        raise ValueError("a day of the month starts at 1")
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def issue_date(coverage_month: date) -> date:
    """Invoices are issued on the 1st of the month before the coverage month."""
    return add_months(month_start(coverage_month), -1)


def due_date(coverage_month: date, due_day: int = DEFAULT_DUE_DAY) -> date:
    """The due date for a coverage month: ``due_day`` of the month the invoice is issued
    (the 23rd by default), clamped to that month's last day."""
    return _day_in_month(issue_date(coverage_month), due_day)


def coverage_month_issued_on(day: date) -> date:
    """The coverage month whose invoice is issued in ``day``'s month (the next month)."""
    return add_months(month_start(day), 1)


@lru_cache(maxsize=64)
def us_federal_holidays(year: int) -> frozenset[date]:
    """US federal holidays of ``year``, with the weekday they are observed on."""
    return frozenset(holidays.country_holidays("US", years=year).keys())


def is_business_day(day: date) -> bool:
    """Monday to Friday, and not a US federal holiday (as observed)."""
    return day.weekday() < 5 and day not in us_federal_holidays(day.year)


def next_business_day(day: date) -> date:
    """``day`` itself when it is a business day, else the first business day after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, count: int) -> date:
    """The business day ``count`` business days after ``day`` (before it when negative).

    ``add_business_days(friday, 1)`` is the next Monday (or Tuesday after a Monday holiday);
    with ``count == 0`` a non-business day rolls forward to the next business day.
    """
    if count == 0:
        return next_business_day(day)
    step = timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day


def business_days_between(start: date, end: date) -> int:
    """Business days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_business_day(day):
            count += 1
    return count
