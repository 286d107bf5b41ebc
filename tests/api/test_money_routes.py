"""The client against the real portal's money routes: the dashboard summary, bills, saved
methods, paying (idempotent, declined, scheduled and canceled), history pages, receipts,
autopay, notifications and the calendar. Members are made directly in the database here (the
sign-in routes have tests of their own); the client gets their tokens as after a sign-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.api import (
    Conflict,
    PaymentDeclined,
    PortalClient,
    RetryPolicy,
    TokenPair,
    ValidationFailed,
    new_idempotency_key,
)
from hcpay.api.models import AutopayAmount, AutopaySettings, NotificationPreferences
from hcpay.portal.models import Member
from hcpay.portal.services.tokens import start_login
from tests.api.conftest import PORTAL_URL
from tests.helpers.gateway import DECLINE_INSUFFICIENT
from tests.helpers.members import make_member, portal_of


@pytest.fixture
async def member_client(
    client: TestClient, portal_app: FastAPI
) -> AsyncIterator[PortalClient]:
    """A signed-in client for a new member whose first bill (the binder) is open."""
    made = make_member(client, coverage="new")
    portal = portal_of(client)
    with portal.db.write() as session:
        member = session.get(Member, made.member_id)
        assert member is not None
        pair = start_login(session, member, now=portal.clock.now(), settings=portal.settings)
    transport = httpx.ASGITransport(app=portal_app)
    async with PortalClient(
        PORTAL_URL, transport=transport, retry=RetryPolicy(backoff=0.0)
    ) as api:
        api.use_tokens(TokenPair(
            access_token=pair.access_token, refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
        ))
        yield api


async def test_new_member_pays_the_first_bill_once_with_a_saved_card(
    member_client: PortalClient,
) -> None:
    api = member_client
    summary = await api.summary()
    assert summary.coverage_starts_on_payment is True
    assert summary.next_due is not None and summary.balance_due_cents > 0
    bills = await api.invoices("open")
    assert sum(b.remaining_cents for b in bills.items) == summary.balance_due_cents
    assert any(b.binder for b in bills.items)

    token = await api.tokenize_card("4242424242424242", 12, 2039, "123")
    method = await api.add_payment_method(token.token, make_default=True)
    assert method.is_default and method.last4 == "4242"
    assert [m.payment_method_id for m in await api.payment_methods()] == [
        method.payment_method_id
    ]

    key = new_idempotency_key()
    paid = await api.pay(
        summary.balance_due_cents, payment_method_id=method.payment_method_id,
        idempotency_key=key,
    )
    assert paid.status == "succeeded" and paid.reference.startswith("HCP-")
    # the same attempt sent again (a retry after a lost answer): same payment, no 2nd charge
    again = await api.pay(
        summary.balance_due_cents, payment_method_id=method.payment_method_id,
        idempotency_key=key,
    )
    assert again.reference == paid.reference
    with pytest.raises(ValidationFailed) as reused:
        await api.pay(100, payment_method_id=method.payment_method_id, idempotency_key=key)
    assert reused.value.code == "idempotency_key_reused"

    after = await api.summary()
    assert after.balance_due_cents == 0 and after.coverage_starts_on_payment is False
    assert after.recent_payments[0].reference == paid.reference
    history = await api.payments()
    assert [p.reference for p in history.items] == [paid.reference]
    assert (await api.payment(paid.reference)).amount_cents == summary.balance_due_cents
    receipt = await api.receipt(paid.reference)
    assert paid.reference.encode() in receipt
    assert (await api.receipt(paid.reference, "pdf")).startswith(b"%PDF")


async def test_declined_card_says_why_and_stays_in_history(member_client: PortalClient) -> None:
    api = member_client
    owed = (await api.summary()).balance_due_cents
    token = await api.tokenize_card(DECLINE_INSUFFICIENT, 12, 2039, "123")
    with pytest.raises(PaymentDeclined) as caught:
        await api.pay(owed, token=token.token, idempotency_key=new_idempotency_key())
    assert caught.value.code == "card_declined"
    assert caught.value.decline_code == "insufficient_funds"
    failed = (await api.payments(status="failed")).items
    assert len(failed) == 1 and failed[0].decline_code == "insufficient_funds"


async def test_scheduled_payment_can_be_canceled(member_client: PortalClient) -> None:
    api = member_client
    owed = (await api.summary()).balance_due_cents
    token = await api.tokenize_card("4242424242424242", 12, 2039, "123")
    method = await api.add_payment_method(token.token)
    day = (await api.sandbox_clock()).today + timedelta(days=5)
    scheduled = await api.pay(
        owed, payment_method_id=method.payment_method_id, scheduled_for=day,
        idempotency_key=new_idempotency_key(),
    )
    assert scheduled.status == "scheduled" and scheduled.scheduled_for == day
    await api.cancel_payment(scheduled.reference)
    assert (await api.payment(scheduled.reference)).status == "canceled"


async def test_autopay_set_read_and_removed(member_client: PortalClient) -> None:
    api = member_client
    assert await api.autopay() is None
    token = await api.tokenize_card("4242424242424242", 12, 2039, "123")
    method = await api.add_payment_method(token.token)
    saved = await api.set_autopay(AutopaySettings(
        payment_method_id=method.payment_method_id, amount=AutopayAmount(type="full_balance"),
    ))
    assert saved.enabled and saved.next_draw_date is not None
    assert (await api.autopay()) == saved
    assert (await api.summary()).autopay is not None
    with pytest.raises(Conflict):
        await api.delete_payment_method(method.payment_method_id)  # autopay uses it
    await api.delete_autopay()
    assert await api.autopay() is None
    await api.delete_payment_method(method.payment_method_id)


async def test_notifications_preferences_and_calendar(member_client: PortalClient) -> None:
    api = member_client
    prefs = await api.notification_preferences()
    prefs.categories["billing"].sms = True
    changed = await api.set_notification_preferences(
        NotificationPreferences(categories=prefs.categories, remind_days_before_due=7)
    )
    assert changed.remind_days_before_due == 7 and changed.categories["billing"].sms is True
    assert (await api.notification_preferences()).remind_days_before_due == 7
    assert isinstance(await api.notifications(), list)
    ics = await api.calendar_ics()
    assert ics.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics
