"""Members for money tests, made directly in the database (until account creation lands):
an active member, a bearer token from ``start_login``, optionally enrolled with paid-up
coverage, or enrolled as a new member with a binder invoice."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.domain.references import member_id as new_member_id
from hcpay.portal.billing.invoicing import insert_invoice
from hcpay.portal.billing.periods import add_months, due_date_for, month_key, next_month_key
from hcpay.portal.context import Portal
from hcpay.portal.models import Coverage, Invoice, Member
from hcpay.portal.services.enrollment import add_policies, enroll_new_member, sample_plans
from hcpay.portal.services.tokens import start_login


@dataclass
class TestMember:
    __test__ = False

    member_id: str
    username: str
    email: str
    portal: Portal

    @property
    def headers(self) -> dict[str, str]:
        """A fresh sign-in each time: moving the sandbox clock also ages sessions."""
        with self.portal.db.write() as session:
            member = session.get(Member, self.member_id)
            assert member is not None
            pair = start_login(
                session, member, now=self.portal.clock.now(), settings=self.portal.settings
            )
        return {"Authorization": f"Bearer {pair.access_token}"}


def portal_of(client: TestClient) -> Portal:
    app = client.app
    assert isinstance(app, FastAPI)
    portal: Portal = app.state.portal
    return portal


def make_member(
    client: TestClient, *, subsidized: bool = True, coverage: str = "paid",
    dental: bool = False, phone: str | None = None,
) -> TestMember:
    """``coverage``: "paid" (active, paid through next month), "new" (binder invoice open),
    or "none"."""
    portal = portal_of(client)
    # Jobs run day by day only from the first day they ever ran: start that count now.
    advance(client, 0)
    username = "m" + secrets.token_hex(5)
    email = f"{username}@example.com"
    now, today = portal.clock.now(), portal.clock.today()
    with portal.db.write() as session:
        member = Member(
            member_id=new_member_id(), username=username, email=email, phone=phone,
            first_name="Pat", last_name="Tester", password_hash="!", subsidized=subsidized,
            status="active", created_at=now,
        )
        session.add(member)
        session.flush()
        if coverage == "new":
            enroll_new_member(session, portal, member)
        elif coverage == "paid":
            _paid_up(session, member, portal, today, dental=dental)
        member_id = member.member_id
    return TestMember(member_id, username, email, portal)


def _paid_up(session: object, member: Member, portal: Portal, today: date, *,
             dental: bool) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    this_month = month_key(today)
    following = next_month_key(this_month)
    session.add(Coverage(member_id=member.member_id, status="active"))
    policies = add_policies(
        session, member, sample_plans(member, dental=dental), first_month=this_month,
        status="active", billed_through=following, now=portal.clock.now(),
    )
    for policy in policies:
        for month in (this_month, following):
            insert_invoice(
                session, policy, month, issued_on=today,
                due_date=min(today, due_date_for(month, portal.settings.due_day)),
                now=portal.clock.now(),
            )
    session.flush()
    for invoice in session.query(Invoice).filter(Invoice.member_id == member.member_id):
        invoice.paid_cents = invoice.amount_cents
        invoice.status = "paid"
        invoice.paid_on = today


def advance(client: TestClient, days: int) -> date:
    res = client.post("/sandbox/clock", json={"advance_days": days})
    assert res.status_code == 200, res.text
    return date.fromisoformat(res.json()["today"])


def set_day(client: TestClient, day: date) -> date:
    res = client.post("/sandbox/clock", json={"set": day.isoformat()})
    assert res.status_code == 200, res.text
    return date.fromisoformat(res.json()["today"])


def today(client: TestClient) -> date:
    return date.fromisoformat(client.get("/sandbox/clock").json()["today"])


def a_day_with_the_demos_open_bill(today: date) -> date:
    """The first 10th on or after ``today``: the demo member has its one open bill then (from
    the 24th to the end of a month it has none; see hcpay/portal/demo_billing.py)."""
    tenth = today.replace(day=10)
    return tenth if tenth >= today else add_months(tenth, 1)
