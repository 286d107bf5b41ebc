"""Display formatting for the screens: the words of hcpay.facts.words (money from integer
cents, dates, days left, each status with a mark, never colour alone)."""

from __future__ import annotations

from hcpay.facts.words import (
    COVERAGE_MARKS,
    COVERAGE_WORDS,
    STATUS_WORDS,
    day,
    days_left,
    marked_status,
    money,
)

__all__ = ["COVERAGE_STATUS", "PAYMENT_STATUS", "day", "days_left", "money"]

PAYMENT_STATUS = {status: marked_status(status) for status in STATUS_WORDS}

COVERAGE_STATUS = {state: f"{COVERAGE_MARKS[state]} {words}"
                   for state, words in COVERAGE_WORDS.items()}
