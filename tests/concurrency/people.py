"""Members for the concurrency tests, made directly in the stack's database: each test makes
its own, so tests sharing the servers never meet."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import httpx

from hcpay.portal.billing.invoicing import insert_invoice
from hcpay.portal.billing.periods import add_months, due_date_for, month_key, month_start
from hcpay.portal.models import Coverage, Member
from hcpay.portal.services.agents import add_agent, make_member
from hcpay.portal.services.enrollment import SamplePlan, add_policies
from hcpay.portal.services.tokens import start_login
from tests.concurrency.conftest import PASSWORD, Stack

HEALTH = SamplePlan("health", "Health (test)", 41_250)


@dataclass
class Person:
    member_id: str
    username: str
    email: str
    stack: Stack
    payment_method_id: str | None = None

    def headers(self) -> dict[str, str]:
        """A fresh sign-in (start_login, no password check) each time, at the portal's time
        now (the servers may have just moved the shared clock)."""
        portal = self.stack.portal
        portal.clock.reread()
        with portal.db.write() as session:
            member = session.get(Member, self.member_id)
            assert member is not None
            pair = start_login(session, member, now=portal.clock.now(), settings=portal.settings)
        return {"Authorization": f"Bearer {pair.access_token}"}


def person(
    stack: Stack, *, open_months: int = 0, past_due: bool = False, card: bool = False,
    role: str = "member",
) -> Person:
    """An active member with password PASSWORD. ``open_months`` unpaid bills of $412.50 (due
    already with ``past_due``, else due this month and later); ``card``: a saved Visa 4242."""
    portal = stack.portal
    username = "c" + secrets.token_hex(6)
    email = f"{username}@example.com"
    member = make_member(
        portal, username=username, password=PASSWORD, email=email, first_name="Casey",
        last_name="Tester", role=role,
    )
    portal.clock.reread()  # the servers may have just moved the shared clock
    today = portal.clock.today()
    with portal.db.write() as session:
        if role == "agent":
            add_agent(session, portal, member, "JBSWY3DPEHPK3PXP")
        else:
            session.add(member)
            session.flush()
        if open_months:
            first = month_key(add_months(today, -open_months if past_due else 1))
            months = [month_key(add_months(month_start(first), i)) for i in range(open_months)]
            session.add(Coverage(member_id=member.member_id, status="active"))
            (policy,) = add_policies(
                session, member, [HEALTH], first_month=first, status="active",
                billed_through=months[-1], now=portal.clock.now(),
            )
            for month in months:
                due = due_date_for(month, portal.settings.due_day)
                insert_invoice(session, policy, month, issued_on=min(today, due), due_date=due,
                               now=portal.clock.now())
        member_id = member.member_id
    found = Person(member_id, username, email, stack)
    if card:
        found.payment_method_id = save_card(found)
    return found


def save_card(who: Person, number: str = "4242424242424242") -> str:
    base = who.stack.url(0)
    token = httpx.post(base + "/gateway/v1/tokens", json={"card": {
        "number": number, "exp_month": 12, "exp_year": 2039, "cvc": "123"}}).json()["token"]
    res = httpx.post(base + "/api/v1/me/payment-methods", headers=who.headers(),
                     json={"token": token})
    assert res.status_code == 201, res.text
    method_id: str = res.json()["payment_method_id"]
    return method_id
