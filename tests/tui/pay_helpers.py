"""Helpers for the payment screens' tests: a fresh member per test (a health plan with one open
bill, a saved Visa 4242 as default and a checking account 6789, like the demo member), sign-in,
and a look at the portal's own record of the member's payments."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import httpx
from fastapi import FastAPI
from textual.pilot import Pilot

from hcpay.api import PortalClient
from hcpay.api.models import Payment
from hcpay.portal import demo_billing
from hcpay.portal.billing.periods import month_key, next_month_key
from hcpay.portal.context import Portal
from hcpay.portal.demo import DEMO_PASSWORD
from hcpay.portal.models import Coverage, Invoice, Member
from hcpay.portal.services.agents import make_member
from hcpay.portal.services.enrollment import add_policies
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, type_text

_numbers = itertools.count(1)


def seed_payer(app: FastAPI, prefix: str = "payer") -> str:
    """A member who owes $98.00 (health, next month) with two saved methods; the username."""
    portal: Portal = app.state.portal
    username = f"{prefix}{next(_numbers)}"
    member = make_member(
        portal, username=username, password=DEMO_PASSWORD, email=f"{username}@example.com",
        first_name="Pat", last_name="Payer", subsidized=True,
    )
    with portal.db.write() as session:
        session.add(member)
    member_id = member.member_id
    card, bank = demo_billing._saved_methods(portal)
    today, now = portal.clock.today(), portal.clock.now()
    this_month = month_key(today)
    months = [this_month, next_month_key(this_month, 1)]
    with portal.db.write() as session:
        row = session.get(Member, member_id)
        assert row is not None
        session.merge(Coverage(member_id=member_id, status="active"))
        visa = demo_billing._method_row(member_id, card, default=True, now=now,
                                        method_id=f"PM-{username.upper()}-VISA")
        checking = demo_billing._method_row(member_id, bank, default=False, now=now,
                                            method_id=f"PM-{username.upper()}-BANK")
        session.add_all([visa, checking])
        policies = add_policies(session, row, demo_billing.DEMO_PLANS[:1], first_month=this_month,
                                status="active", billed_through=this_month, now=now)
        demo_billing._issue(session, portal, policies, months)
        demo_billing._pay_month(session, portal, member_id, this_month, visa)
        open_bill = session.query(Invoice).filter(
            Invoice.member_id == member_id, Invoice.status == "open"
        ).one()
        if open_bill.due_date < today:
            open_bill.due_date = today + timedelta(days=7)
    return username


async def sign_in(pilot: Pilot[None], username: str) -> None:
    await ready(pilot)
    await fill(pilot, username, DEMO_PASSWORD)
    await settle(pilot)


async def payments_of(app: FastAPI, username: str) -> list[Payment]:
    """The member's payments as the portal records them (its own API, a separate session)."""
    async with PortalClient("http://portal.test",
                            transport=httpx.ASGITransport(app=app)) as client:
        await client.login(username, DEMO_PASSWORD)
        page = await client.payments(limit=200)
        return page.items


async def new_payments(app: FastAPI, username: str) -> list[Payment]:
    """Payments made in the test, newest first (the seeded month's payment, the oldest, is
    left out)."""
    return (await payments_of(app, username))[:-1]


class PaymentGate(httpx.AsyncBaseTransport):
    """Sits between the app and the real portal and watches POST /me/payments: counts them and
    their Idempotency-Keys, can hold one in flight (``hold``), or let one reach the portal and
    lose its answer on the way back (``lose_answer``: the connection drops after the charge)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.keys: list[str] = []
        self.hold: asyncio.Event | None = None
        self.lose_answer = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        paying = request.method == "POST" and request.url.path.endswith("/me/payments")
        if paying:
            self.keys.append(request.headers.get("Idempotency-Key", ""))
            if self.hold is not None:
                await self.hold.wait()
        response = await self.inner.handle_async_request(request)
        if paying and self.lose_answer:
            self.lose_answer = False
            await response.aread()
            raise httpx.ReadTimeout("the answer was lost on the way back", request=request)
        return response


def gate(factory: AppFactory) -> PaymentGate:
    """Put a PaymentGate behind the app made last (inside its outage switch)."""
    outage = factory.transport
    watched = PaymentGate(outage.inner)
    outage.inner = watched
    return watched


async def open_payment(pilot: Pilot[None], username: str) -> None:
    await sign_in(pilot, username)
    await pilot.press("p")
    await settle(pilot)


async def enter(pilot: Pilot[None], times: int = 1) -> None:
    for _ in range(times):
        await pilot.press("enter")
        await settle(pilot)


async def retype(pilot: Pilot[None], text: str) -> None:
    """Clear the focused field and type ``text``."""
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)
