"""Display formatting for the screens, in one place: money from integer cents, dates, and the
words (with a mark, never colour alone) for each status."""

from __future__ import annotations

from datetime import date, datetime

from hcpay.domain.date_words import short_date
from hcpay.domain.money import format_cents


def money(cents: int) -> str:
    return format_cents(cents)


def day(value: date | datetime) -> str:
    return short_date(value)


def days_left(due: date, today: date) -> str:
    delta = (due - today).days
    if delta > 1:
        return f"{delta} days left"
    if delta == 1:
        return "1 day left (due tomorrow)"
    if delta == 0:
        return "due today"
    return f"{-delta} day{'s' if delta != -1 else ''} overdue"


PAYMENT_STATUS = {
    "succeeded": "✓ Paid",
    "processing": "… Processing",
    "scheduled": "◷ Scheduled",
    "failed": "✗ Failed",
    "returned": "✗ Returned",
    "canceled": "- Canceled",
}

COVERAGE_STATUS = {
    "active": "✓ Active",
    "grace": "⚠ In a grace period",
    "termination_pending": "⚠ Termination warning",
    "terminated": "✗ Coverage ended",
}
