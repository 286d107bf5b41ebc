"""Automatic Payments, keyboard only, against the real portal: set up (with the warning for a
fixed amount below the premium), changed, paused and cancelled; the portal's own record checked
after each."""

from __future__ import annotations

from datetime import timedelta

import httpx
from fastapi import FastAPI

from hcpay.api import PortalClient
from hcpay.api.models import Autopay
from hcpay.flows.pay_checks import fmt_day
from hcpay.portal.demo import DEMO_PASSWORD
from screens import fmt
from screens.autopay import AutopayScreen
from screens.dashboard import DashboardScreen
from screens.key_question import KeyQuestion
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of, type_text
from tests.tui.pay_helpers import enter, retype, seed_payer, signed_in


async def autopay_of(app: FastAPI, username: str) -> Autopay | None:
    async with PortalClient("http://portal.test",
                            transport=httpx.ASGITransport(app=app)) as client:
        await client.login(username, DEMO_PASSWORD)
        return await client.autopay()


async def test_autopay_set_up_changed_paused_and_cancelled(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, username)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AutopayScreen)
        assert "are off" in text_of(pilot, "#status")
        assert text_of(pilot, "#heading") == "Step 1 of 7: Payment method"
        await enter(pilot)  # the default card
        await pilot.press("down")  # a fixed amount
        await pilot.press("enter")
        await retype(pilot, "50")
        assert "below your monthly premium of $98.00" in text_of(pilot, "#live-fixed_amount")
        await enter(pilot)
        assert text_of(pilot, "#heading") == "Step 3 of 7: Frequency"
        await enter(pilot)  # monthly
        await retype(pilot, "5")
        assert "5th each month" in text_of(pilot, "#live-draw_day")
        await enter(pilot, 2)  # draw day, start today
        review = text_of(pilot, "#step-help")
        assert "$50.00 each time" in review and "below your monthly premium" in review
        await enter(pilot, 2)  # review, activate
        saved = await autopay_of(tui_portal, username)
        assert saved is not None and saved.enabled and saved.draw_day == 5
        assert saved.amount.type == "fixed" and saved.amount.amount_cents == 5000
        assert saved.next_draw_date is not None
        assert f"{saved.next_draw_date.day}" in text_of(pilot, "#step-help")
        await enter(pilot)  # Done
        assert isinstance(app.screen, DashboardScreen)

        # Changed: the full balance on the due date, starting from what is set up.
        await pilot.press("a")
        await settle(pilot)
        assert "are ON" in text_of(pilot, "#status")
        await enter(pilot)
        await pilot.press("up")  # the full balance
        await enter(pilot, 3)  # the choice, the (unused) fixed amount, frequency
        await retype(pilot, "due date")
        await enter(pilot, 4)  # draw day, start, review, save
        changed = await autopay_of(tui_portal, username)
        assert changed is not None and changed.amount.type == "full_balance"
        assert changed.draw_day == "due_date"

        # Paused: F6 asks first, with an optional resume date (Esc leaves it as it was),
        # then cancelled (F8 twice).
        screen = app.screen
        assert isinstance(screen, AutopayScreen) and screen.autopay.ctx is not None
        resume = screen.autopay.ctx.today + timedelta(days=30)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, KeyQuestion)
        assert "Pause automatic payments?" in text_of(pilot, "#question")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AutopayScreen)
        assert "Nothing was changed" in text_of(pilot, "#status")
        still = await autopay_of(tui_portal, username)
        assert still is not None and still.enabled
        await pilot.press("f6")
        await settle(pilot)
        await type_text(pilot, screen.autopay.ctx.today.strftime("%m/%d/%Y"))  # not after today
        await pilot.press("enter")
        await settle(pilot)
        assert "after today" in text_of(pilot, "#question-problem")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, resume.strftime("%m/%d/%Y"))
        await pilot.press("enter")
        await settle(pilot)
        status = text_of(pilot, "#status")
        assert f"PAUSED until {fmt_day(resume)}" in status and "next draw" not in status
        assert "next draw" not in text_of(pilot, "#step-help").lower()  # the saved words too
        paused = await autopay_of(tui_portal, username)
        assert paused is not None and not paused.enabled and paused.paused_until == resume
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        card = text_of(pilot, "#autopay")
        assert f"Paused until {fmt.day(resume)}" in card and "Next draw" not in card
        assert "Off" not in card
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert "F8 again" in text_of(pilot, "#status")
        assert await autopay_of(tui_portal, username) is not None
        await pilot.press("f8")
        await settle(pilot)
        assert "cancelled" in text_of(pilot, "#status")
        assert await autopay_of(tui_portal, username) is None


async def test_warns_when_the_card_expires_before_the_first_draw(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, username)
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AutopayScreen) and screen.autopay.ctx is not None
        card = screen.autopay.ctx.methods[0]
        assert card.kind == "card" and card.exp_year is not None
        await enter(pilot, 4)  # card, full balance (choice and amount), monthly
        await enter(pilot)  # due date
        await retype(pilot, f"{card.exp_year + 1}-01-10")
        await enter(pilot)
        review = text_of(pilot, "#step-help")
        assert "expires" in review and "before the first draw" in review
