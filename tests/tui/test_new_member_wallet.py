"""A member who has just signed up (no saved method yet) pays the first bill with a new card,
saves it for next time from Make a Payment, then sets up automatic payments from it, keyboard
only; no message sends the member to Member Services."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.api import PortalClient
from screens.autopay import AutopayScreen
from screens.dashboard import DashboardScreen
from screens.make_payment import MakePaymentScreen
from tests.helpers.accounts import create_member, verify
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle, text_of, type_text
from tests.tui.pay_helpers import enter


async def test_a_new_member_saves_a_card_while_paying_then_sets_up_autopay(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    http = TestClient(tui_portal)
    body = create_member(http)
    verify(http, body)
    app = make_app()
    seen: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        client = await app.portal()
        app.signed_in(body["username"], await client.login(body["username"], body["password"]))
        await app.go("dashboard")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MakePaymentScreen)
        await enter(pilot, 3)  # the first bill, today, a new card (nothing is saved yet)
        assert text_of(pilot, "#heading") == "Step 4 of 7: New card details"
        await type_text(pilot, "4242424242424242")
        await pilot.press("enter")
        await type_text(pilot, "1234")
        await pilot.press("enter")
        await type_text(pilot, "123")
        await pilot.press("tab", "tab", "space")  # past the name: "Save this card", ticked
        await enter(pilot)
        seen.append(text_of(pilot, "#status"))
        assert "Saved for next time" in text_of(pilot, "#status")
        assert text_of(pilot, "#heading") == "Step 5 of 7: Review"
        await enter(pilot, 2)  # review, pay
        assert text_of(pilot, "#heading") == "Step 7 of 7: Confirmation"
        assert "Paid" in text_of(pilot, "#confirmation")
        await enter(pilot)
        assert isinstance(app.screen, DashboardScreen)

        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AutopayScreen)
        seen.append(text_of(pilot, "#status"))
        assert app.screen.autopay.values["method"].startswith("PM-")  # the card just saved
        await enter(pilot, 8)  # the saved card, full balance (choice, amount), monthly, due
        # date, today, review, turn on
        seen.append(text_of(pilot, "#status"))
        assert "Automatic payments are ON" in text_of(pilot, "#status")
        await enter(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert not any("Member Services" in line for line in seen)
    async with PortalClient("http://portal.test",
                            transport=httpx.ASGITransport(app=tui_portal)) as check:
        await check.login(body["username"], body["password"])
        methods = await check.payment_methods()
        autopay = await check.autopay()
    assert [m.last4 for m in methods] == ["4242"]
    assert autopay is not None and autopay.enabled
    assert autopay.payment_method_id == methods[0].payment_method_id
