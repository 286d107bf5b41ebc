"""The sandbox numbers of product-rules.md, as the tests use them."""

from __future__ import annotations

from datetime import date
from typing import Any

EXP_YEAR = date.today().year + 4

CARDS: dict[str, tuple[str, str]] = {
    # number: (brand, outcome)
    "4242424242424242": ("visa", "succeeded"),
    "5555555555554444": ("mastercard", "succeeded"),
    "378282246310005": ("amex", "succeeded"),
    "6011111111111117": ("discover", "succeeded"),
    "4000000000000002": ("visa", "generic_decline"),
    "4000000000009995": ("visa", "insufficient_funds"),
    "4000000000009987": ("visa", "lost_card"),
    "4000000000000069": ("visa", "expired_card"),
    "4000000000000127": ("visa", "incorrect_cvc"),
    "4000000000000119": ("visa", "processing_error"),
}

ROUTING = "110000000"
ACCOUNTS: dict[str, str | None] = {
    # account: return code, or None when it settles
    "000123456789": None,
    "000111111113": "R02",
    "000111111116": "R03",
    "000222222227": "R01",
    "000333333335": "R05",
}


def card_body(number: str, *, cvc: str | None = None, **overrides: Any) -> dict[str, Any]:
    card: dict[str, Any] = {
        "number": number,
        "exp_month": 12,
        "exp_year": EXP_YEAR,
        "cvc": cvc or ("7314" if number.startswith(("34", "37")) else "731"),
        "name": "Ann Lee",
    }
    card.update(overrides)
    return {"card": card}


def bank_body(account: str, **overrides: Any) -> dict[str, Any]:
    bank: dict[str, Any] = {
        "routing_number": ROUTING,
        "account_number": account,
        "account_type": "checking",
        "holder_name": "Ann Lee",
    }
    bank.update(overrides)
    return {"bank_account": bank}
