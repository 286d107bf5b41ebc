"""Troubleshooting and notifications, keyboard only, against the real portal: each guide looks
at the member's real state (a decline made through the API with 4000 0000 0000 0002, a bank
payment still processing, pastdue's grace period), a reset code and a payment plan are sent, a
support code is shown; notices, reminder preferences and the .ics calendar."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from textual.widgets import Checkbox, Input

from hcpay import paths
from hcpay.api import PortalClient, errors, new_idempotency_key
from hcpay.domain.date_words import full_date
from hcpay.portal.demo import DEMO_PASSWORD
from screens.confirm import ConfirmScreen
from screens.dashboard import DashboardScreen
from screens.notifications import NotificationsScreen
from screens.troubleshooting import TroubleshootingScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text


async def api(portal: FastAPI, username: str) -> PortalClient:
    client = PortalClient("http://portal.test", transport=httpx.ASGITransport(app=portal))
    await client.login(username, DEMO_PASSWORD)
    return client


@pytest.fixture
async def demo_api(tui_portal: FastAPI) -> AsyncIterator[PortalClient]:
    client = await api(tui_portal, "demo")
    yield client
    await client.aclose()


@pytest.fixture
async def pastdue_api(tui_portal: FastAPI) -> AsyncIterator[PortalClient]:
    client = await api(tui_portal, "pastdue")
    yield client
    await client.aclose()


def read_text(path: Path) -> str:
    return path.read_text()


def steps(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, TroubleshootingScreen)
    return screen.steps_text


async def open_guides(pilot: object, username: str = "demo") -> TroubleshootingScreen:
    await ready(pilot)  # type: ignore[arg-type]
    await fill(pilot, username, DEMO_PASSWORD)  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    app = pilot.app  # type: ignore[attr-defined]
    assert isinstance(app.screen, DashboardScreen)
    await pilot.press("t")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, TroubleshootingScreen)
    return app.screen


async def test_cant_sign_in_sends_a_reset_link(make_app: AppFactory,
                                               demo_api: PortalClient) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guides(pilot)
        assert "Guide 1 of 6: Can't sign in" in text_of(pilot, "#guide-title")
        assert "reset codes go to d***@example.com" in text_of(pilot, "#found")
        assert "▶ 4. Reset the password" in steps(app)
        before = len(await demo_api.sandbox_outbox(to="demo@example.com"))
        await pilot.press("r")
        await settle(pilot)
        assert "✓ A reset code was sent to d***@example.com" in text_of(pilot, "#found")
        sent = await demo_api.sandbox_outbox(to="demo@example.com")
        assert len(sent) == before + 1 and "reset" in sent[-1].body.lower()


async def test_declined_shows_the_last_decline_and_what_to_do(
    make_app: AppFactory, demo_api: PortalClient
) -> None:
    token = await demo_api.tokenize_card("4000000000000002", 12, 2031, "123")
    with pytest.raises(errors.PortalError) as declined:
        await demo_api.pay(1000, token=token.token, idempotency_key=new_idempotency_key())
    assert declined.value.status == 402
    failed = (await demo_api.payments("failed", limit=1)).items[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guides(pilot)
        await pilot.press("2")
        await settle(pilot)
        found = text_of(pilot, "#found")
        assert f"Your last declined payment: {failed.reference}, $10.00 with Visa ending 0002" \
            in found
        assert "declined it without giving a reason (generic_decline)" in found
        assert "Nothing was charged" in found and "What to do: " in found
        assert "▶ 3. Call your card's bank" in steps(app)


async def test_payment_not_showing_finds_a_processing_bank_payment(
    make_app: AppFactory, demo_api: PortalClient
) -> None:
    bank = await demo_api.pay(800, payment_method_id="PM-DEMO-BANK",
                              idempotency_key=new_idempotency_key())
    assert bank.status == "processing" and bank.expected_settlement_date is not None
    settles = bank.expected_settlement_date
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guides(pilot)
        await pilot.press("3")
        await settle(pilot)
        listing = text_of(pilot, "#found")
        assert f"1) {bank.reference}" in listing  # newest first, to pick by number
        await pilot.press("enter")  # from the list of guides into the reference field
        assert isinstance(app.focused, Input)
        await type_text(pilot, bank.reference.lower())
        await pilot.press("enter")
        await settle(pilot)
        found = text_of(pilot, "#found")
        assert f"{bank.reference}, $8.00" in found
        assert f"processing at the bank, expected to settle by {full_date(settles)}" \
            in found
        assert "▶ 2. Bank payments take 3 business days" in steps(app)
        field = app.screen.query_one("#guide-input", Input)
        field.value = ""
        await type_text(pilot, "HCP-ZZZZ-ZZZZ")
        await pilot.press("enter")
        await settle(pilot)
        assert "No payment with the reference HCP-ZZZZ-ZZZZ" in text_of(pilot, "#found")
        field.value = ""
        await type_text(pilot, "1")  # pick the newest by its number
        await pilot.press("enter")
        await settle(pilot)
        assert f"{bank.reference}, $8.00" in text_of(pilot, "#found")


async def test_missed_payment_grace_and_a_payment_plan(
    make_app: AppFactory, pastdue_api: PortalClient
) -> None:
    summary = await pastdue_api.summary()
    assert summary.grace is not None
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guides(pilot, "pastdue")
        await pilot.press("4")
        await settle(pilot)
        found = text_of(pilot, "#found")
        assert f"month {summary.grace.month} of {summary.grace.of} of your grace period" in found
        assert f"${summary.past_due_cents // 100}." in found
        await pilot.press("enter")  # into the installments field
        app.screen.query_one("#guide-input", Input).value = ""
        await type_text(pilot, "2")
        await pilot.press("shift+tab")  # back to the list of guides, where r is a key
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        # the terms come first: each installment, its day, the method, the first drawn today;
        # then the question
        question = str(app.screen.query_one("#question").render())
        half = summary.past_due_cents // 2
        assert "in 2 monthly installments drawn from Visa ending 4242" in question
        assert f"1. ${half // 100}.{half % 100:02d} on " in question
        assert "today: the first installment is drawn at once" in question
        assert question.index("drawn at once") < question.index("Set up this payment plan?")
        await pilot.press("y")
        await settle(pilot)
        found = text_of(pilot, "#found")
        assert "✓ Payment plan PLN-" in found and "2 installments" in found
        plans = await pastdue_api.payment_plans()
        assert plans and len(plans[-1].installments) == 2


async def test_contact_support_shows_a_support_code_with_phone_and_hours(
    make_app: AppFactory, demo_api: PortalClient
) -> None:
    config = await demo_api.config()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guides(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert config.support.phone in text_of(pilot, "#found")
        await pilot.press("r")
        await settle(pilot)
        found = text_of(pilot, "#found")
        assert re.search(r"Your support code: \d{3}-\d{3}", found)
        assert config.support.phone in found and config.support.hours in found
        await pilot.press("6")
        await settle(pilot)
        assert "question 2 applies to you: a 3-month grace period" in text_of(pilot, "#found")
        assert "2. I get help paying" in steps(app)


async def test_notifications_preferences_and_calendar(
    make_app: AppFactory, pastdue_api: PortalClient
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guides(pilot, "pastdue")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        assert "newest first" in text_of(pilot, "#notes-head")
        assert "grace period" in text_of(pilot, "#note-text")
        # Tab to "Bills: text message", tick it; then to the days field
        await pilot.press("tab", "tab")
        assert isinstance(app.focused, Checkbox) and app.focused.id == "pref-billing-sms"
        await pilot.press("space")
        for _ in range(5):
            await pilot.press("tab")
        assert isinstance(app.focused, Input) and app.focused.id == "remind-days"
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "7")
        await pilot.press("enter")
        await settle(pilot)
        assert "Reminders saved: 7 days" in text_of(pilot, "#status")
        prefs = await pastdue_api.notification_preferences()
        assert prefs.remind_days_before_due == 7
        assert prefs.categories["billing"].sms is True
        await pilot.press("shift+tab")
        await pilot.press("c")
        await settle(pilot)
        status = text_of(pilot, "#status")
        assert "Calendar saved" in status
        path = Path(status.split(": ", 2)[-1].strip())
        assert path.parent == paths.documents_dir() and path.suffix == ".ics"
        assert read_text(path).startswith("BEGIN:VCALENDAR")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TroubleshootingScreen)
