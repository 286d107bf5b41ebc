"""Figures said as words: amounts, dates, days left, statuses, payment methods."""

from __future__ import annotations

from datetime import date

from hcpay.domain.cards import brand_name
from hcpay.domain.date_words import long_date
from hcpay.domain.money import format_cents

PAYMENT_STATUS = {
    "scheduled": "scheduled", "processing": "processing at the bank", "succeeded": "paid",
    "failed": "declined, nothing was charged", "returned": "returned by the bank",
    "canceled": "canceled",
}
COVERAGE_STATUS = {
    "active": "Your coverage is active.",
    "grace": "Your coverage is in a grace period: a payment is overdue.",
    "termination_pending": "Your coverage is about to end: a payment is overdue.",
    "terminated": "Your coverage has ended.",
}


def money(cents: int) -> str:
    return format_cents(cents)


def day(value: date) -> str:
    """``Wednesday, December 2, 2026``."""
    return f"{value:%A}, {value:%B} {value.day}, {value.year}"


def short_day(value: date) -> str:
    """``December 2, 2026``."""
    return long_date(value)


def days_left(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 1:
        return f"in {days} days"
    return f"{-days} day{'s' if days < -1 else ''} ago"


def method(kind: str, brand: str | None, last4: str, account_type: str | None = None) -> str:
    """``Visa card ending in 4242`` or ``checking account ending in 6789``."""
    if kind == "card":
        return f"{brand_name(brand)} card ending in {last4}" if brand else f"card ending in {last4}"
    return f"{account_type or 'bank'} account ending in {last4}"


def grouped(reference: str) -> str:
    """``HCP-7K2M-9QX4`` -> ``H C P, 7 K 2 M, 9 Q X 4``: one character at a time, in groups,
    as a screen reader should spell it."""
    return ", ".join(" ".join(group) for group in reference.split("-"))
