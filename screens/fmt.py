"""Display formatting for the screens: the words of hcpay.facts.words (money from integer
cents, dates, days left, each status with a mark, never colour alone)."""

from __future__ import annotations

from hcpay.domain.i18n import Said, _
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

PAYMENT_STATUS = Said(STATUS_WORDS, marked_status)

COVERAGE_STATUS = Said(COVERAGE_WORDS, lambda state: f"{COVERAGE_MARKS[state]} "
                       f"{_(COVERAGE_WORDS[state])}")
