"""Bank details are checked before they leave the terminal: routing checksum, account shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hcpay.domain.bank import (
    aba_check_digit,
    aba_ok,
    check_account_number,
    check_account_type,
    check_bank_account,
    check_holder_name,
    check_routing_number,
    mask_account,
    parse_account_type,
)


@pytest.mark.parametrize("routing", ["110000000", "011000015", "021000021", "122105155"])
def test_real_and_sandbox_routing_numbers_pass(routing: str) -> None:
    assert aba_ok(routing)
    assert check_routing_number(routing) == []


def test_a_routing_typo_is_caught() -> None:
    assert not aba_ok("110000001")
    (error,) = check_routing_number("110000001")
    assert "typo" in error.message
    assert "9 digits" in check_routing_number("11000000")[0].message
    assert "missing" in check_routing_number("11000000")[0].message
    assert "extra" in check_routing_number("1100000000")[0].message
    assert "Enter the 9-digit routing number" in check_routing_number("")[0].message
    assert "only digits" in check_routing_number("11000000O")[0].message


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_check_digit_makes_a_valid_routing_number(first8: str) -> None:
    routing = first8 + aba_check_digit(first8)
    assert aba_ok(routing)
    wrong = str((int(routing[-1]) + 1) % 10)
    assert not aba_ok(routing[:-1] + wrong)


@pytest.mark.parametrize("account", ["1234", "000123456789", "12345678901234567", "0001 2345 6789"])
def test_account_numbers_of_4_to_17_digits(account: str) -> None:
    assert check_account_number(account) == []


@pytest.mark.parametrize(("account", "says"), [
    ("123", "4 to 17 digits; this one has 3"),
    ("123456789012345678", "this one has 18"),
    ("12345x", "only digits"),
    ("", "Enter the account number"),
])
def test_bad_account_numbers_say_what_to_do(account: str, says: str) -> None:
    (error,) = check_account_number(account)
    assert says in error.message


def test_account_types() -> None:
    assert parse_account_type(" Checking ") == "checking"
    assert parse_account_type("savings") == "savings"
    assert parse_account_type("brokerage") is None
    assert check_account_type("brokerage") == [("account_type", "Choose checking or savings.")]


def test_holder_name() -> None:
    assert check_holder_name("Ann  Lee") == []
    assert "Enter the name" in check_holder_name("  ")[0].message
    assert "Shorten" in check_holder_name("x" * 101)[0].message


def test_whole_account_check() -> None:
    checked = check_bank_account("110000000", "0001 2345 6789", "Checking", " Ann  Lee ")
    assert checked.ok
    assert (checked.routing, checked.account) == ("110000000", "000123456789")
    assert checked.account_type == "checking"
    assert checked.holder_name == "Ann Lee"
    bad = check_bank_account("110000001", "12", "other", "", prefix="bank_account.")
    assert [e.field for e in bad.errors] == [
        "bank_account.routing_number", "bank_account.account_number",
        "bank_account.account_type", "bank_account.holder_name",
    ]


def test_masking() -> None:
    assert mask_account("6789", "checking") == "Checking •••• 6789"
    assert mask_account("6789") == "Account •••• 6789"
