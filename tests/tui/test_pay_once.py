"""A payment is charged once: the network failing at submit then a retry, and Enter pressed
twice while the payment is in flight. Counted at the portal (its own API) and on the wire."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI
from textual.widgets import Button

from screens.make_payment import MakePaymentScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of
from tests.tui.pay_helpers import enter, gate, new_payments, open_payment, seed_payer


async def test_network_failing_at_submit_then_retries_charge_once(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    wire = gate(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await enter(pilot, 4)  # amount, date, method, review
        assert text_of(pilot, "#heading") == "Step 6 of 7: Submit"
        # 1. The cable is out: nothing reaches the portal.
        make_app.transport.down = True
        await enter(pilot)
        status = text_of(pilot, "#status")
        assert status.startswith("Problem:") and "never charged twice" in status
        assert text_of(pilot, "#heading") == "Step 6 of 7: Submit"
        assert await new_payments(tui_portal, username) == []
        # 2. The network is back, but the answer is lost after the charge went through.
        make_app.transport.down = False
        wire.lose_answer = True
        await enter(pilot)
        assert text_of(pilot, "#heading") == "Step 6 of 7: Submit"
        assert "did not answer" in text_of(pilot, "#status")
        assert len(await new_payments(tui_portal, username)) == 1
        # 3. Enter again: the same payment, answered from the portal's record.
        await enter(pilot)
        assert text_of(pilot, "#heading") == "Step 7 of 7: Confirmation"
        (paid,) = await new_payments(tui_portal, username)
        assert paid.status == "succeeded" and paid.amount_cents == 9800
        assert paid.reference in text_of(pilot, "#reference").replace(" ", "")
        assert len(wire.keys) == 2 and len(set(wire.keys)) == 1  # one key for every try


async def test_enter_twice_on_submit_sends_one_payment(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    username = seed_payer(tui_portal)
    app = make_app()
    wire = gate(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await enter(pilot, 4)
        wire.hold = asyncio.Event()  # the portal is slow to answer
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MakePaymentScreen)
        assert screen.query_one("#continue", Button).disabled
        await pilot.press("enter")
        await pilot.pause()
        assert "being sent" in text_of(pilot, "#status")
        wire.hold.set()
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 7 of 7: Confirmation"
        assert len(wire.keys) == 1
        assert len(await new_payments(tui_portal, username)) == 1


async def test_a_failure_is_told_once(
    make_app: AppFactory, tui_portal: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual runs the base screen's worker handler after the wizard's own: a failure used to
    be handled (and said) twice."""
    told: list[str] = []
    original = MakePaymentScreen.failed

    def counting(self: MakePaymentScreen, action: str, error: BaseException) -> bool:
        told.append(action)
        return original(self, action, error)

    monkeypatch.setattr(MakePaymentScreen, "failed", counting)
    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, username)
        await enter(pilot, 4)
        make_app.transport.down = True
        await enter(pilot)
        await settle(pilot)
        assert text_of(pilot, "#status").startswith("Problem:")
        assert len(told) == 1, told
