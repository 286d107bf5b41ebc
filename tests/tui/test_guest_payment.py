"""Pay without signing in from the sign-in screen, keyboard only: F5 (shown in the footer),
the demo member's id from its bill and date of birth, Enter on the amount due, a new card,
Enter to pay, and a reference; the payment is then in the member's history as a guest one."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.portal.demo import DEMO_MEMBER_ID, DEMO_PASSWORD
from screens.guest_payment import GuestPaymentScreen
from screens.login import LoginScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of

REFERENCE = re.compile(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}")


async def test_a_guest_pays_the_demo_bill_from_the_sign_in_screen(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, LoginScreen)
        from textual.widgets._footer import FooterKey

        await pilot.pause(0.2)
        shown = {(key.key, key.description) for key in app.screen.query(FooterKey)}
        assert ("f5", "Pay without signing in") in shown, shown
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, GuestPaymentScreen)
        assert text_of(pilot, "#heading") == "Step 1 of 6: Find your bill"
        # a wrong date of birth: said, and what was typed is kept
        await fill(pilot, DEMO_MEMBER_ID.lower(), "March 15, 1984")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 1 of 6: Find your bill"
        assert "could not find a bill" in text_of(pilot, "#status")
        screen = app.screen
        assert screen.values["member_id"] == DEMO_MEMBER_ID.lower()
        date_field = screen.query_one("#field-date_of_birth")
        date_field.value = ""  # type: ignore[attr-defined]
        date_field.focus()
        await fill(pilot, "March 14, 1984")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 2 of 6: Amount"
        assert "first initial is D" in text_of(pilot, "#status")
        await pilot.press("enter")  # the amount due
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 3 of 6: Payment method"
        await pilot.press("enter")  # a new card
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 4 of 6: New card details"
        await fill(pilot, "4242424242424242", "12/34", "123", "")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 5 of 6: Review and pay"
        assert "not saved" in text_of(pilot, "#step-help")
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 6 of 6: Confirmation"
        shown = str(app.screen.query_one("#confirmation").render())
        assert "Paid" in shown
        box = app.screen.query_one("ReferenceBox")
        reference = REFERENCE.search(str(box.render()) + str(getattr(box, "reference", "")))
        assert reference is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)

    http = TestClient(tui_portal)
    tokens = http.post("/api/v1/sessions",
                       json={"username": "demo", "password": DEMO_PASSWORD}).json()
    history = http.get("/api/v1/me/payments",
                       headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
    assert history["items"][0]["reference"] == reference.group(0)
    assert history["items"][0]["source"] == "guest"


async def test_the_dashboard_shows_the_member_id_a_guest_payment_needs(
    make_app: AppFactory,
) -> None:
    from screens.dashboard import DashboardScreen
    from tests.tui.pay_helpers import sign_in

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "demo")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert f"Member ID {DEMO_MEMBER_ID}" in text_of(pilot, "#greeting")
