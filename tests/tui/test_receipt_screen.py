"""The receipt screen shows the portal's document as a member keeps it, and calls a declined
payment's document what it is: a payment attempt record, never a receipt that says "Paid with"."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from hcpay.api import PaymentDeclined
from hcpay.app import HcpayApp
from screens.receipt import ReceiptScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of
from tests.tui.pay_helpers import seed_payer, signed_in


async def test_paid_and_declined_payments_on_the_receipt_screen(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        assert isinstance(app, HcpayApp)
        await signed_in(pilot, seed_payer(tui_portal, "receipt"))
        client = await app.portal()
        method = next(m for m in await client.payment_methods() if m.kind == "card")
        paid = await client.pay(9800, payment_method_id=method.payment_method_id,
                                idempotency_key="receipt-screen-paid")
        token = await client.tokenize_card("4000000000009995", 12, 2030, "123")
        with pytest.raises(PaymentDeclined):
            await client.pay(500, token=token.token, idempotency_key="receipt-screen-declined")
        declined = (await client.payments(status="failed")).items[0]

        app.push_screen(ReceiptScreen(paid))
        await settle(pilot)
        text = text_of(pilot, "#receipt-text")
        assert app.screen.title == f"Receipt {paid.reference}"
        for words in ("Payment receipt", "Member ID", "Paid with", "Visa ending 4242",
                      "Status", "Paid", "Date and time", paid.reference, "Member Services"):
            assert words in text, words
        await pilot.press("escape")
        await settle(pilot)

        app.push_screen(ReceiptScreen(declined))
        await settle(pilot)
        text = text_of(pilot, "#receipt-text")
        assert app.screen.title == f"Payment attempt record {declined.reference}"
        assert "Payment attempt record" in text and "This is not a receipt" in text
        assert "Paid with" not in text and "Payment receipt" not in text
        assert "save this payment attempt record as PDF" in text_of(pilot, "#status")
