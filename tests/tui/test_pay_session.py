"""The session ends in the middle of Make a Payment (the portal's clock moves a day on, so the
login has ended): signing in again in the modal brings the member back to the same step with
everything typed, and the payment goes through once. Its own module: the clock only moves on."""

from __future__ import annotations

from fastapi import FastAPI

from hcpay.portal.demo import DEMO_PASSWORD
from screens.make_payment import MakePaymentScreen
from screens.relogin import ReloginScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of, type_text
from tests.tui.pay_helpers import enter, new_payments, open_payment, retype, seed_payer


async def test_session_ending_mid_payment_loses_nothing(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await retype(pilot, "61.50")
        await enter(pilot, 4)  # amount, date, method, review
        wizard = app.screen
        assert isinstance(wizard, MakePaymentScreen)
        client = await app.portal()
        await client.advance_sandbox_clock(days=1)  # idle and 12-hour limits pass
        await enter(pilot)  # pay: the portal says the login has ended
        assert isinstance(app.screen, ReloginScreen)
        await type_text(pilot, DEMO_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is wizard
        assert text_of(pilot, "#heading") == "Step 6 of 7: Submit"
        assert wizard.values["amount"] == "61.50"
        await enter(pilot)
        assert text_of(pilot, "#heading") == "Step 7 of 7: Confirmation"
        (paid,) = await new_payments(tui_portal, username)
        assert paid.amount_cents == 6150 and paid.status == "succeeded"
