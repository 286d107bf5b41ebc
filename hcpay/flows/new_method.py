"""A new card or bank account, sent to the payment processor (never the portal): the one call
that Make a Payment, Automatic Payments and the wallet make with what the member typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hcpay.domain import cards
from hcpay.flows import make_payment as mp
from hcpay.flows import pay_checks

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import GatewayToken


async def tokenize(client: PortalClient, values: Mapping[str, str]) -> GatewayToken:
    """The typed details (already checked by the step) to the gateway; a token back."""
    if values.get("method") == mp.NEW_BANK:
        return await client.tokenize_bank_account(
            routing_number=cards.digits_only(values["routing_number"]),
            account_number=cards.digits_only(values["account_number"]),
            account_type="savings" if values.get("account_type") == "savings" else "checking",
            holder_name=" ".join(values["holder_name"].split()),
        )
    expiry = pay_checks.parse_expiry(values["card_expiry"])
    if expiry is None:
        raise ValueError("the expiry date was not checked before sending")
    return await client.tokenize_card(
        cards.digits_only(values["card_number"]), expiry[0], expiry[1],
        values["card_cvc"].strip(), values.get("card_name", "").strip() or None,
    )
