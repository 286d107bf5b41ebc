"""The processor of a live portal that has no real processor configured: every call says so,
so nothing is ever charged against the sandbox by mistake."""

from __future__ import annotations

from hcpay.gateway.processor import (
    ChargeResult,
    GatewayError,
    RefundResult,
    SettlementResult,
    TokenInfo,
)

_MESSAGE = (
    "Payments are not available right now: no payment processor is configured. Please call "
    "support."
)


class UnconfiguredProcessor:
    def _refuse(self) -> GatewayError:
        return GatewayError("gateway_unavailable", _MESSAGE)

    def token_info(self, token: str) -> TokenInfo | None:
        raise self._refuse()

    def make_reusable(self, token: str) -> TokenInfo:
        raise self._refuse()

    def charge(self, token: str, amount_cents: int, *, idempotency_key: str) -> ChargeResult:
        raise self._refuse()

    def settle(self, processor_ref: str) -> SettlementResult:
        raise self._refuse()

    def refund(
        self, processor_ref: str, amount_cents: int, *, idempotency_key: str
    ) -> RefundResult:
        raise self._refuse()
