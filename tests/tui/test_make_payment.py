"""Make a Payment, keyboard only, against the real portal: Enter through the defaults, a bank
payment, a decline then a good card, a scheduled payment."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from screens.dashboard import DashboardScreen
from screens.make_payment import MakePaymentScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, settle, text_of, type_text
from tests.tui.pay_helpers import enter, new_payments, open_payment, retype, seed_payer, sign_in


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


async def test_a_new_bank_account_is_checked_as_typed_and_settles_later(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await retype(pilot, "40")
        assert "$58.00 will still be due" in text_of(pilot, "#live-amount")
        await enter(pilot, 2)  # amount, date (today)
        await pilot.press("4")  # a new bank account
        await enter(pilot)
        assert text_of(pilot, "#heading") == "Step 4 of 7: New bank account details"
        await type_text(pilot, "110000001")
        assert "typo" in text_of(pilot, "#live-routing_number")
        await pilot.press("enter")
        assert "typo" in text_of(pilot, "#problem-routing_number")
        await pilot.press("shift+tab")
        await retype(pilot, "110000000")
        assert "checks out" in text_of(pilot, "#live-routing_number")
        await pilot.press("enter")
        await fill(pilot, "000123456789")
        await pilot.press("enter")  # checking, as filled in
        await fill(pilot, "Pat Payer")
        await enter(pilot)  # on "Save this account for next time", left unticked
        assert text_of(pilot, "#heading") == "Step 5 of 7: Review"
        review = text_of(pilot, "#step-help")
        assert "$40.00" in review and "Checking account ending 6789 (new account)" in review
        assert "3 business days" in review
        await enter(pilot, 2)
        assert text_of(pilot, "#heading") == "Step 7 of 7: Confirmation"
        (paid,) = await new_payments(tui_portal, username)
        assert paid.status == "processing" and paid.amount_cents == 4000
        assert paid.method is not None and paid.method.kind == "bank_account"
        assert paid.expected_settlement_date is not None
        words = text_of(pilot, "#confirmation")
        assert "3 business days" in words and str(paid.expected_settlement_date.day) in words


async def test_a_declined_card_then_a_good_one(make_app: AppFactory, tui_portal: FastAPI) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await enter(pilot, 2)
        await pilot.press("3")  # a new card
        await enter(pilot)
        await type_text(pilot, "4000000000009995")
        assert text_of(pilot, "#live-card_number").startswith("Visa")
        await pilot.press("enter")
        await fill(pilot, "1230", "123", "Pat Payer")
        await enter(pilot)  # on "Save this card for next time", left unticked
        assert "Visa ending 9995 (new card)" in text_of(pilot, "#step-help")
        await enter(pilot, 2)  # review, pay
        assert text_of(pilot, "#heading") == "Step 3 of 7: Payment method"
        status = text_of(pilot, "#status")
        assert status.startswith("Problem: Declined:") and "insufficient funds" in status.lower()
        assert "smaller amount" in status  # what to do next
        await enter(pilot)  # the new card is still chosen; its details are kept
        screen = app.screen
        assert isinstance(screen, MakePaymentScreen)
        assert screen.values["card_expiry"] == "12/30" and screen.values["card_cvc"] == "123"
        await retype(pilot, "4242424242424242")
        await enter(pilot, 5)  # number, expiry, code, name, save: checked again, a new token
        assert "Visa ending 4242 (new card)" in text_of(pilot, "#step-help")
        await enter(pilot, 2)
        assert text_of(pilot, "#heading") == "Step 7 of 7: Confirmation"
        paid, declined = await new_payments(tui_portal, username)
        assert declined.status == "failed" and declined.decline_code == "insufficient_funds"
        assert paid.status == "succeeded" and paid.method is not None
        assert paid.method.last4 == "4242" and paid.amount_cents == 9800
        assert screen.values["card_number"] == ""  # numbers are dropped once paid


async def test_a_scheduled_payment(make_app: AppFactory, tui_portal: FastAPI) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await enter(pilot)
        screen = app.screen
        assert isinstance(screen, MakePaymentScreen) and screen.ctx is not None
        too_late = screen.ctx.today + timedelta(days=61)
        await retype(pilot, too_late.isoformat())
        await enter(pilot)
        assert "60 days ahead" in text_of(pilot, "#problem-pay_date")
        day = screen.ctx.today + timedelta(days=10)
        await retype(pilot, day.isoformat())
        assert "10 days from today" in text_of(pilot, "#live-pay_date")
        await enter(pilot, 2)  # date, method (the default card)
        assert "(scheduled)" in text_of(pilot, "#step-help")
        await enter(pilot, 2)
        assert "Scheduled" in text_of(pilot, "#confirmation")
        (scheduled,) = await new_payments(tui_portal, username)
        assert scheduled.status == "scheduled" and scheduled.scheduled_for == day
        client = await app.portal()
        await client.cancel_payment(scheduled.reference)  # History (another screen) does this
        assert (await client.payment(scheduled.reference)).status == "canceled"


async def test_enter_on_the_card_step_stops_at_save_this_card(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    """Enter from the name field came to Review with "Save this card for next time" never
    seen; now Enter stops on it, Space ticks it, and Review says whether the card is kept."""
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await enter(pilot, 2)
        await pilot.press("3")  # a new card
        await enter(pilot)
        await fill(pilot, "4242424242424242", "1230", "123", "Pat Payer")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 4 of 7: New card details"
        assert app.focused is not None and app.focused.id == "field-save_method"
        await pilot.press("space")
        await enter(pilot)
        assert text_of(pilot, "#heading") == "Step 5 of 7: Review"
        said = text_of(pilot, "#status")
        assert "Checked: Visa ending 4242" in said
        assert "Already checked" not in said  # said once, not "Checked" and "Already checked"
        review = text_of(pilot, "#step-help")
        assert "Save:        yes, for your next payments" in review
        await pilot.press("escape")  # back to the card: the tick is kept, and can be undone
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 4 of 7: New card details"
        screen = app.screen
        assert isinstance(screen, MakePaymentScreen)
        assert screen.values["save_method"] == "yes"
