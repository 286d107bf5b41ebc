"""A member who owes nothing is told when the next bill comes (bills are issued on the 1st),
on the dashboard and in plain mode; a member whose coverage ended is not promised a bill."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hcpay.api.models import Summary
from hcpay.domain.date_words import next_bill_day
from hcpay.facts.account import AccountFacts
from hcpay.plain.dashboard import sentences
from screens.dashboard import due_text


def _summary(day: date, status: str = "active") -> Summary:
    return Summary.model_validate({
        "balance_due_cents": 0, "coverage_status": status,
        "as_of": datetime(day.year, day.month, day.day, 15, tzinfo=UTC).isoformat(),
    })


@pytest.mark.parametrize(("today", "bill_day"), [
    (date(2026, 11, 25), date(2026, 12, 1)),
    (date(2026, 12, 24), date(2027, 1, 1)),
    (date(2027, 1, 1), date(2027, 2, 1)),
])
def test_the_next_bill_is_the_first_of_next_month(today: date, bill_day: date) -> None:
    assert next_bill_day(today) == bill_day


def test_dashboard_and_plain_mode_say_when_the_next_bill_comes() -> None:
    summary = _summary(date(2026, 11, 25))
    assert "Nothing due. Next bill Dec 1, 2026." in due_text(AccountFacts.from_summary(summary))
    assert "No bill is due. Your next bill comes Tuesday, December 1, 2026." in sentences(
        summary)


def test_no_next_bill_is_promised_once_coverage_has_ended() -> None:
    summary = _summary(date(2026, 11, 25), status="terminated")
    assert "Next bill" not in due_text(AccountFacts.from_summary(summary))
    assert not any("next bill comes" in line for line in sentences(summary))


def test_hcpay_status_says_when_the_next_bill_comes() -> None:
    from hcpay.commands.status import summary_words

    lines = summary_words(AccountFacts.from_summary(_summary(date(2026, 11, 25))), "Dana")
    assert "No bill is due. Your next bill comes Dec 1, 2026." in lines
