"""Amounts are read as people type them and always shown the same way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hcpay.domain.money import (
    MAX_CENTS,
    AmountError,
    check_amount,
    format_cents,
    format_cents_plain,
    parse_amount,
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("123.45", 12345),
        ("$1,234.5", 123450),
        ("12", 1200),
        (" 12.00 ", 1200),
        ("$ 7.05", 705),
        (".5", 50),
        ("12.", 1200),
        ("1,000,000", 100_000_000),
        ("0.01", 1),
    ],
)
def test_reads_amounts_as_typed(typed: str, cents: int) -> None:
    assert parse_amount(typed) == cents


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("-5", "without a minus sign"),
        ("$-5", "without a minus sign"),
        ("0", "above $0.00"),
        ("0.00", "above $0.00"),
        ("1.234", "two digits"),
        ("12,34", "commas only between thousands"),
        ("1.2.3", "one decimal point"),
        ("ten", "digits only"),
        ("12e3", "digits only"),
        ("1000000000000", "up to"),
    ],
)
def test_unreadable_amounts_say_what_to_do(typed: str, says: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert says in caught.value.message
    assert check_amount(typed, field="amount_cents") == [("amount_cents", caught.value.message)]


def test_zero_can_be_allowed_and_a_ceiling_set() -> None:
    assert parse_amount("0", allow_zero=True) == 0
    with pytest.raises(AmountError, match=r"up to \$500.00"):
        parse_amount("500.01", max_cents=50000)
    assert parse_amount("500", max_cents=50000) == 50000


@pytest.mark.parametrize(
    ("cents", "shown"),
    [
        (0, "$0.00"),
        (5, "$0.05"),
        (123450, "$1,234.50"),
        (-500, "-$5.00"),
        (100_000_000, "$1,000,000.00"),
    ],
)
def test_formats_cents_for_display(cents: int, shown: str) -> None:
    assert format_cents(cents) == shown


def test_plain_format_is_what_goes_back_into_a_field() -> None:
    assert format_cents_plain(123450) == "1234.50"
    assert format_cents_plain(7) == "0.07"


@given(st.integers(min_value=1, max_value=MAX_CENTS))
def test_displayed_amount_reads_back_as_the_same_cents(cents: int) -> None:
    assert parse_amount(format_cents(cents)) == cents
    assert parse_amount(format_cents_plain(cents)) == cents


@given(st.text(max_size=20))
def test_any_text_gives_cents_or_a_message(typed: str) -> None:
    try:
        cents = parse_amount(typed)
    except AmountError as exc:
        assert exc.message.endswith(".")
    else:
        assert 0 < cents <= MAX_CENTS
