"""The one interface between the portal and a payment processor.

The portal sees tokens, brands, last 4 digits and outcomes, never a card or account number.
The sandbox gateway implements it; a real processor's adapter would implement the same
``Processor`` protocol, so nothing here may depend on a web framework.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

TokenKind = Literal["card", "bank_account"]


@dataclass(frozen=True)
class TokenInfo:
    token: str
    kind: TokenKind
    brand: str | None  # "visa", "mastercard", "amex", "discover" for cards
    last4: str
    exp_month: int | None
    exp_year: int | None
    account_type: str | None  # "checking" | "savings" for bank accounts
    holder_name: str | None
    reusable: bool  # False: a one-time token from POST /gateway/v1/tokens


@dataclass(frozen=True)
class ChargeResult:
    status: Literal["succeeded", "processing", "failed"]  # bank debits start as "processing"
    processor_ref: str | None
    # card_declined | expired_card | incorrect_cvc | processing_error | token_used | token_unknown
    code: str | None
    decline_code: str | None  # insufficient_funds | generic_decline | lost_card | stolen_card
    message: str | None  # plain words for the member


@dataclass(frozen=True)
class SettlementResult:
    status: Literal["settled", "returned"]
    return_code: str | None  # R01, R02, R03, R05 ...
    message: str | None


@dataclass(frozen=True)
class RefundResult:
    """Money sent back to the method a charge was made on."""

    refund_ref: str
    processor_ref: str  # the charge refunded
    amount_cents: int
    refunded_cents: int  # all refunded of that charge so far, this one included


@dataclass(frozen=True)
class ChargeRequest:
    """One charge of a batch (see ``BatchCharging``)."""

    token: str
    amount_cents: int
    idempotency_key: str


class GatewayError(Exception):
    """A request the processor refuses outright (nothing was charged).

    ``code`` is stable (``token_used``, ``token_unknown``, ``charge_unknown``,
    ``invalid_amount``, ``gateway_unavailable``, ``not_refundable``, ``refund_too_high``);
    ``message`` is plain words for the member.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"GatewayError(code={self.code!r}, message={self.message!r})"


class Processor(Protocol):
    def token_info(self, token: str) -> TokenInfo | None:
        """What is safe to show about a token, or None when the processor does not know it."""
        ...

    def make_reusable(self, token: str) -> TokenInfo:
        """Save a one-time token as a reusable payment-method token (a new token string).

        The one-time token is used up by this. Raises ``GatewayError`` with code
        ``token_used`` (already charged or saved) or ``token_unknown``.
        """
        ...

    def charge(self, token: str, amount_cents: int, *, idempotency_key: str) -> ChargeResult:
        """Charge a token. Idempotent per ``idempotency_key``: the same key returns the first
        result and never charges twice. A one-time token is used up by its first charge (a
        second one gets code ``token_used``)."""
        ...

    def settle(self, processor_ref: str) -> SettlementResult:
        """The outcome of a ``processing`` bank debit, asked by the portal's settlement job once
        its clock says enough business days have passed. Asking again gives the same answer."""
        ...

    def refund(
        self, processor_ref: str, amount_cents: int, *, idempotency_key: str
    ) -> RefundResult:
        """Send part or all of a charge back to the card or account it came from. Idempotent
        per ``idempotency_key``; never more than the charge in all. Raises ``GatewayError``
        with code ``charge_unknown``, ``not_refundable`` (failed, returned or not settled) or
        ``refund_too_high``."""
        ...


@runtime_checkable
class BatchCharging(Protocol):
    """Optional for a processor: many charges in one call (a job's draw day). Each answer is
    what ``Processor.charge`` would have returned for that request, or the ``GatewayError`` it
    would have raised; the same idempotency guarantees hold per request."""

    def charge_many(
        self, requests: Sequence[ChargeRequest]
    ) -> list[ChargeResult | GatewayError]: ...


def charge_all(
    processor: Processor, requests: Sequence[ChargeRequest]
) -> list[ChargeResult | GatewayError]:
    """Charge each request: in one batch when the processor offers ``charge_many``, else one
    ``charge`` call at a time."""
    if isinstance(processor, BatchCharging):
        return processor.charge_many(requests)
    answers: list[ChargeResult | GatewayError] = []
    for request in requests:
        try:
            answers.append(processor.charge(request.token, request.amount_cents,
                                            idempotency_key=request.idempotency_key))
        except GatewayError as exc:
            answers.append(exc)
    return answers
