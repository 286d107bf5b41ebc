"""Card and bank numbers to the portal's own sandbox gateway (config says "/gateway"): tokens
back, field errors that name the field and never echo the number."""

from __future__ import annotations

import pytest

from hcpay.api import PortalClient, ValidationFailed


async def test_card_becomes_a_token_with_only_what_is_safe_to_show(portal: PortalClient) -> None:
    token = await portal.tokenize_card("4242 4242 4242 4242", 12, 2034, "123", name="Ana Diaz")
    assert token.kind == "card"
    assert token.brand == "visa" and token.last4 == "4242"
    assert "4242424242424242" not in token.token


async def test_bad_card_number_is_a_field_error_without_the_number(portal: PortalClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await portal.tokenize_card("4242424242424241", 12, 2034, "123")
    fields = caught.value.field_messages()
    assert "card.number" in fields
    assert "4242424242424241" not in str(caught.value.body)


async def test_bank_account_becomes_a_token(portal: PortalClient) -> None:
    token = await portal.tokenize_bank_account("011000015", "000123456789", "checking", "Ana Diaz")
    assert token.kind == "bank_account" and token.last4 == "6789"
    with pytest.raises(ValidationFailed) as caught:
        await portal.tokenize_bank_account("011000016", "000123456789", "checking", "Ana Diaz")
    assert "bank_account.routing_number" in caught.value.field_messages()
