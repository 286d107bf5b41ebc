"""Figures said as words: amounts, dates, days left, statuses, payment methods (the wording is
hcpay.facts.words and hcpay.facts.labels, the same in every face)."""

from __future__ import annotations

from datetime import date

from hcpay.domain.i18n import Said
from hcpay.facts.labels import label
from hcpay.facts.words import STATUS_WORDS, days_left, money, status_meaning
from hcpay.facts.words import long_day as day
from hcpay.facts.words import spelled_out as grouped

__all__ = ["PAYMENT_STATUS", "day", "days_left", "grouped", "method", "money", "short_day"]

PAYMENT_STATUS = Said(STATUS_WORDS, status_meaning)


def short_day(value: date) -> str:
    """``Wednesday, December 2, 2026``: plain mode says every date one way (the weekday
    helps a listener place it)."""
    return day(value)


def method(kind: str, brand: str | None, last4: str, account_type: str | None = None) -> str:
    """``Visa ending 4242`` or ``Checking account ending 6789``."""
    return label(kind, brand, last4, account_type)

