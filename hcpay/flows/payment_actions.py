"""The calls that end the payment flows' steps (see ``hcpay.flows.actions``): a new card or bank
account goes to the gateway only (the portal gets the token), and the payment goes to the portal
with the Idempotency-Key kept in the flow's values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hcpay.domain import cards
from hcpay.flows import make_payment, pay_checks

if TYPE_CHECKING:
    from hcpay.api import PortalClient


async def tokenize_new_method(client: PortalClient, values: Mapping[str, str]) -> Any:
    if values.get("method") == make_payment.NEW_BANK:
        savings = values.get("account_type") == "savings"
        return await client.tokenize_bank_account(
            routing_number=cards.digits_only(values["routing_number"]),
            account_number=cards.digits_only(values["account_number"]),
            account_type="savings" if savings else "checking",
            holder_name=" ".join(values["holder_name"].split()),
        )
    expiry = pay_checks.parse_expiry(values["card_expiry"])
    if expiry is None:
        raise ValueError("the expiry date was not checked before sending")
    return await client.tokenize_card(
        cards.digits_only(values["card_number"]), expiry[0], expiry[1],
        values["card_cvc"].strip(), values.get("card_name", "").strip() or None,
    )


async def submit_payment(client: PortalClient, values: Mapping[str, str]) -> Any:
    """One payment, sent with the key made for this review (``make_payment.idempotency_key``)."""
    request = make_payment.payment_request(values)
    key = values[make_payment.KEY]
    return await client.pay(
        request.amount_cents,
        payment_method_id=request.payment_method_id,
        token=request.token,
        scheduled_for=request.scheduled_for,
        invoice_ids=list(request.invoice_ids) or None,
        idempotency_key=key,
    )


ACTIONS = {
    "tokenize_new_method": tokenize_new_method,
    "submit_payment": submit_payment,
}
