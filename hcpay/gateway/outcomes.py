"""The sandbox numbers of product-rules.md, and what each outcome means for a charge or a
settlement, in plain words for the member."""

from __future__ import annotations

from hcpay.gateway.processor import ChargeResult, SettlementResult

OK = "ok"

CARD_OUTCOMES: dict[str, str] = {
    "4000000000000002": "generic_decline",
    "4000000000009995": "insufficient_funds",
    "4000000000009987": "lost_card",
    "4000000000009979": "stolen_card",
    "4000000000000069": "expired_card",
    "4000000000000127": "incorrect_cvc",
    "4000000000000119": "processing_error",
}

SANDBOX_ROUTING = "110000000"
BANK_OUTCOMES: dict[str, str] = {
    "000123456789": OK,
    "000111111113": "R02",
    "000111111116": "R03",
    "000222222227": "R01",
    "000333333335": "R05",
}

_DECLINES: dict[str, str] = {
    "generic_decline": (
        "The card was declined. Call the number on the back of the card, or pay with another "
        "card or a bank account."
    ),
    "insufficient_funds": (
        "The card was declined for insufficient funds. Pay a smaller amount, or use another "
        "card or a bank account."
    ),
    "lost_card": "The card was declined. Pay with another card or a bank account.",
    "stolen_card": "The card was declined. Pay with another card or a bank account.",
}

_CARD_ERRORS: dict[str, str] = {
    "expired_card": (
        "The card has expired. Check the expiry date, or pay with another card or a bank "
        "account."
    ),
    "incorrect_cvc": (
        "The security code does not match the card. Enter the card again with the code "
        "printed on it."
    ),
    "processing_error": (
        "The card could not be charged because of a processing error; nothing was charged. "
        "Try again in a few minutes."
    ),
}

TOKEN_USED = (
    "This card or account was already used for a payment. Enter it again, or save it as a "
    "payment method to use it more than once."
)
TOKEN_UNKNOWN = "We could not find this card or account. Please enter it again."

RETURNS: dict[str, str] = {
    "R01": (
        "Your bank returned the payment: not enough money in the account (R01). Pay again "
        "from another account or with a card."
    ),
    "R02": (
        "Your bank returned the payment: the account is closed (R02). Pay from another "
        "account or with a card, and update your saved payment methods."
    ),
    "R03": (
        "Your bank could not find the account (R03). Check the routing and account numbers, "
        "or pay with a card."
    ),
    "R05": (
        "Your bank returned the payment as not authorized (R05). Ask your bank to allow "
        "debits from your health plan, or pay another way."
    ),
    "R09": (
        "Your bank returned the payment: the money was not available yet (R09). Pay again "
        "in a few days, or pay another way."
    ),
}


def card_outcome(number: str) -> str:
    """The sandbox outcome of a card number (digits only); unknown numbers succeed."""
    return CARD_OUTCOMES.get(number, OK)


def bank_outcome(routing: str, account: str) -> str:
    """The sandbox outcome of a bank account; accounts not in the table settle."""
    if routing != SANDBOX_ROUTING:
        return OK
    return BANK_OUTCOMES.get(account, OK)


def failed(ref: str | None, code: str, message: str, decline: str | None = None) -> ChargeResult:
    return ChargeResult(
        status="failed", processor_ref=ref, code=code, decline_code=decline, message=message
    )


def card_charge_result(outcome: str, ref: str) -> ChargeResult:
    if outcome in _DECLINES:
        return failed(ref, "card_declined", _DECLINES[outcome], outcome)
    if outcome in _CARD_ERRORS:
        return failed(ref, outcome, _CARD_ERRORS[outcome])
    return ChargeResult(
        status="succeeded", processor_ref=ref, code=None, decline_code=None, message=None
    )


def expired_result(ref: str) -> ChargeResult:
    return failed(ref, "expired_card", _CARD_ERRORS["expired_card"])


def bank_charge_result(ref: str) -> ChargeResult:
    """A bank debit is accepted for processing; its outcome comes at settlement."""
    return ChargeResult(
        status="processing", processor_ref=ref, code=None, decline_code=None, message=None
    )


def settlement_result(outcome: str) -> SettlementResult:
    if outcome in RETURNS or outcome.startswith("R"):
        message = RETURNS.get(
            outcome, f"Your bank returned the payment ({outcome}). Pay another way."
        )
        return SettlementResult(status="returned", return_code=outcome, message=message)
    return SettlementResult(status="settled", return_code=None, message=None)
