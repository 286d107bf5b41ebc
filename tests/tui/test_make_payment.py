"""Make a Payment, keyboard only, against the real portal: Enter through the defaults, a bank
payment, a decline then a good card, a scheduled payment."""

from __future__ import annotations

from fastapi import FastAPI

from screens.dashboard import DashboardScreen
from screens.make_payment import MakePaymentScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of
from tests.tui.pay_helpers import new_payments, seed_payer, sign_in


async def test_enter_through_the_defaults_pays_what_is_due(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, username)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MakePaymentScreen)
        headings = []
        for _ in range(5):
            headings.append(text_of(pilot, "#heading"))
            await pilot.press("enter")
            await settle(pilot)
        headings.append(text_of(pilot, "#heading"))
        assert headings[-1] == "Step 7 of 7: Confirmation", text_of(pilot, "#status")
        assert headings == [
            "Step 1 of 7: Amount", "Step 2 of 7: Payment date", "Step 3 of 7: Payment method",
            "Step 5 of 7: Review", "Step 6 of 7: Submit", "Step 7 of 7: Confirmation",
        ]
        paid = await new_payments(tui_portal, username)
        assert len(paid) == 1 and paid[0].status == "succeeded" and paid[0].amount_cents == 9800
        assert paid[0].reference in text_of(pilot, "#reference").replace(" ", "")
        await pilot.press("c")
        assert app.clipboard == paid[0].reference
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
