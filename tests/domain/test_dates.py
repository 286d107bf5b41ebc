"""Due dates, business days and months, as billing and bank settlement need them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hcpay.domain.dates import (
    add_business_days,
    add_months,
    business_days_between,
    coverage_month_issued_on,
    due_date,
    format_month,
    is_business_day,
    issue_date,
    last_day_of_month,
    month_start,
    months_between,
    next_business_day,
    parse_month,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


def test_invoice_for_a_month_is_issued_on_the_1st_before_and_due_the_23rd() -> None:
    march = date(2026, 3, 1)
    assert issue_date(march) == date(2026, 2, 1)
    assert due_date(march) == date(2026, 2, 23)
    assert due_date(date(2026, 3, 17)) == date(2026, 2, 23)
    assert due_date(date(2026, 1, 1)) == date(2025, 12, 23)
    assert coverage_month_issued_on(date(2026, 2, 1)) == march


def test_due_day_is_a_setting_and_clamps_to_the_month() -> None:
    assert due_date(date(2026, 4, 1), due_day=15) == date(2026, 3, 15)
    assert due_date(date(2026, 3, 1), due_day=31) == date(2026, 2, 28)
    with pytest.raises(ValueError):
        due_date(date(2026, 3, 1), due_day=0)


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 1, 19),  # Martin Luther King Jr. Day
        date(2026, 2, 16),  # Washington's Birthday
        date(2026, 5, 25),  # Memorial Day
        date(2026, 6, 19),  # Juneteenth
        date(2026, 7, 3),  # Independence Day, observed on the Friday
        date(2026, 9, 7),  # Labor Day
        date(2026, 10, 12),  # Columbus Day
        date(2026, 11, 11),  # Veterans Day
        date(2026, 11, 26),  # Thanksgiving
        date(2026, 12, 25),  # Christmas
    ],
)
def test_federal_holidays_are_not_business_days(holiday: date) -> None:
    assert holiday.weekday() < 5
    assert not is_business_day(holiday)


def test_weekends_are_not_business_days() -> None:
    assert not is_business_day(date(2026, 3, 14))  # Saturday
    assert not is_business_day(date(2026, 3, 15))  # Sunday
    assert is_business_day(date(2026, 3, 16))


def test_three_business_days_for_bank_settlement() -> None:
    assert add_business_days(date(2026, 3, 16), 3) == date(2026, 3, 19)  # Mon -> Thu
    assert add_business_days(date(2026, 3, 19), 3) == date(2026, 3, 24)  # Thu -> Tue
    # Friday before Memorial Day: Tue, Wed, Thu.
    assert add_business_days(date(2026, 5, 22), 3) == date(2026, 5, 28)
    # Over Thanksgiving and a weekend.
    assert add_business_days(date(2026, 11, 25), 3) == date(2026, 12, 1)
    # Saturday start counts from Monday.
    assert add_business_days(date(2026, 3, 14), 1) == date(2026, 3, 16)
    assert add_business_days(date(2026, 3, 16), -1) == date(2026, 3, 13)
    assert add_business_days(date(2026, 3, 14), 0) == date(2026, 3, 16)
    assert next_business_day(date(2026, 7, 3)) == date(2026, 7, 6)


@given(days, st.integers(min_value=-30, max_value=30))
def test_adding_business_days_lands_on_one_and_counts_back(start: date, count: int) -> None:
    end = add_business_days(start, count)
    assert is_business_day(end)
    if count > 0:
        assert business_days_between(start, end) == count
    elif count < 0:
        # Going back, the days counted are [end, start): end itself is one of them.
        counted_back = business_days_between(end, start) + 1 - int(is_business_day(start))
        assert counted_back == -count


def test_month_arithmetic() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert months_between(date(2025, 11, 30), date(2026, 2, 1)) == 3
    assert month_start(date(2026, 2, 17)) == date(2026, 2, 1)
    assert last_day_of_month(date(2026, 2, 17)) == date(2026, 2, 28)


@given(days, st.integers(min_value=-120, max_value=120))
def test_add_months_moves_whole_months(start: date, months: int) -> None:
    moved = add_months(start, months)
    assert months_between(start, moved) == months
    assert moved.day == min(start.day, last_day_of_month(moved).day)


def test_month_text() -> None:
    assert parse_month("2026-03") == date(2026, 3, 1)
    assert format_month(date(2026, 3, 9)) == "2026-03"
    for bad in ["2026-13", "2026-3", "March", ""]:
        with pytest.raises(ValueError, match="YYYY-MM"):
            parse_month(bad)


def test_business_days_between_is_zero_backwards() -> None:
    assert business_days_between(date(2026, 3, 20), date(2026, 3, 16)) == 0
    assert business_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1
    assert business_days_between(date(2026, 3, 16), date(2026, 3, 16) + timedelta(days=7)) == 5
