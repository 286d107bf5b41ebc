"""Card numbers are checked the way a person needs: brand, length, typo, expiry, code."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hcpay.domain.cards import (
    card_brand,
    check_card,
    check_card_number,
    check_cvc,
    check_expiry,
    cvc_length,
    digits_only,
    format_card_number,
    is_expired,
    luhn_check_digit,
    luhn_ok,
    mask_card_number,
    mask_last4,
)

TODAY = date(2026, 3, 15)

SANDBOX = {
    "4242424242424242": "visa",
    "5555555555554444": "mastercard",
    "378282246310005": "amex",
    "6011111111111117": "discover",
    "4000000000000002": "visa",
    "4000000000009995": "visa",
    "4000000000009987": "visa",
    "4000000000000069": "visa",
    "4000000000000127": "visa",
    "4000000000000119": "visa",
}


@pytest.mark.parametrize(("number", "brand"), SANDBOX.items())
def test_sandbox_cards_pass_luhn_and_have_their_brand(number: str, brand: str) -> None:
    assert luhn_ok(number)
    assert card_brand(number) == brand
    assert check_card_number(number) == []


@pytest.mark.parametrize(
    ("prefix", "brand"),
    [
        ("4", "visa"),
        ("51", "mastercard"),
        ("55", "mastercard"),
        ("2221", "mastercard"),
        ("2720", "mastercard"),
        ("34", "amex"),
        ("37", "amex"),
        ("6011", "discover"),
        ("644", "discover"),
        ("649", "discover"),
        ("65", "discover"),
        ("622126", "discover"),
        ("622925", "discover"),
    ],
)
def test_brand_by_iin(prefix: str, brand: str) -> None:
    assert card_brand(prefix + "0" * 10) == brand


@pytest.mark.parametrize(
    "prefix", ["2220", "2721", "50", "56", "35", "36", "6010", "643", "1", "9"]
)
def test_other_prefixes_have_no_brand(prefix: str) -> None:
    number = prefix + "0" * 10
    assert card_brand(number) is None
    (error,) = check_card_number(number)
    assert "We take Visa, Mastercard, American Express and Discover" in error.message


def test_brand_shows_while_typing() -> None:
    assert card_brand("3") is None
    assert card_brand("37") == "amex"
    assert card_brand("4") == "visa"
    assert card_brand("2 3") is None
    assert card_brand("5 1") == "mastercard"


def test_a_typo_is_caught() -> None:
    (error,) = check_card_number("4242 4242 4242 4241")
    assert error == ("number", "The card number has a typo: check the digits.")


def test_length_message_names_the_brand_and_the_count() -> None:
    (short,) = check_card_number("4242 4242 4242 424")
    assert "A Visa card number has 13, 16 or 19 digits; this one has 15" in short.message
    assert "missing or an extra digit" in short.message
    (visa_short,) = check_card_number("4242 4242 4242")
    assert "check for a missing digit" in visa_short.message
    (long,) = check_card_number("3782 822463 100055")
    assert "American Express card number has 15 digits" in long.message
    assert "check for an extra digit" in long.message
    (discover,) = check_card_number("6011 1111 1111 111")
    assert "16 to 19 digits" in discover.message


def test_empty_and_non_digits_say_what_to_do() -> None:
    assert "Enter the card number" in check_card_number("")[0].message
    assert "only digits" in check_card_number("4242-4242-4242-424x")[0].message
    assert "only digits" in check_card_number("\uff14\uff12" * 8)[0].message


@given(st.text(alphabet="0123456789", min_size=11, max_size=18))
def test_luhn_check_digit_completes_and_any_one_digit_change_breaks(payload: str) -> None:
    number = payload + luhn_check_digit(payload)
    assert luhn_ok(number)
    for index in range(len(number)):
        for digit in "0123456789":
            if digit != number[index]:
                changed = number[:index] + digit + number[index + 1 :]
                assert not luhn_ok(changed)


@given(st.text(alphabet="0123456789", min_size=1, max_size=19))
def test_grouping_keeps_every_digit_in_order(digits: str) -> None:
    grouped = format_card_number(digits)
    brand = card_brand(digits)
    limit = 15 if brand == "amex" else 16 if brand == "mastercard" else 19
    assert digits_only(grouped) == digits[:limit]
    assert "  " not in grouped and not grouped.endswith(" ")


def test_grouping_as_typed() -> None:
    assert format_card_number("4242424242424242") == "4242 4242 4242 4242"
    assert format_card_number("424242") == "4242 42"
    assert format_card_number("4242 42424") == "4242 4242 4"
    assert format_card_number("378282246310005") == "3782 822463 10005"
    assert format_card_number("37828224") == "3782 8224"
    assert format_card_number("4242424242424242123") == "4242 4242 4242 4242 123"
    assert format_card_number("5555-5555-5555-4444-99") == "5555 5555 5555 4444"
    assert format_card_number("42x") == "42x"


def test_cvc_length_per_brand() -> None:
    assert cvc_length("amex") == 4
    assert cvc_length("visa") == 3
    assert check_cvc("1234", "amex") == []
    assert check_cvc("123", "visa") == []
    (amex,) = check_cvc("123", "amex")
    assert "4 digits" in amex.message and "front" in amex.message
    (visa,) = check_cvc("1234", "visa")
    assert "3 digits" in visa.message and "back" in visa.message
    assert "Enter the 3-digit security code" in check_cvc("", "mastercard")[0].message
    assert check_cvc("12a", "visa")


def test_expiry_through_the_end_of_its_month() -> None:
    assert check_expiry(3, 2026, TODAY) == []
    assert check_expiry(3, 26, TODAY) == []
    assert not is_expired(3, 2026, date(2026, 3, 31))
    assert is_expired(3, 2026, date(2026, 4, 1))
    (expired,) = check_expiry(2, 2026, TODAY)
    assert expired.field == "exp_year"
    assert "expired at the end of 02/2026" in expired.message
    (month,) = check_expiry(13, 2027, TODAY)
    assert month == ("exp_month", "Enter the expiry month as a number from 1 to 12.")
    assert "too far ahead" in check_expiry(1, 2050, TODAY)[0].message
    assert check_expiry(1, 1999, TODAY)


def test_whole_card_check_prefixes_fields() -> None:
    checked = check_card("3782 822463 10005", 1, 2020, "123", TODAY, prefix="card.")
    assert checked.brand == "amex"
    assert checked.digits == "378282246310005"
    assert [e.field for e in checked.errors] == ["card.exp_year", "card.cvc"]
    assert not checked.ok
    assert check_card("4242424242424242", 12, 2030, "123", TODAY).ok


def test_masking_shows_only_the_last_four() -> None:
    assert mask_card_number("4242 4242 4242 4242") == "Visa •••• 4242"
    assert mask_last4("0005", "amex") == "American Express •••• 0005"
    assert mask_last4("4444") == "•••• 4444"
