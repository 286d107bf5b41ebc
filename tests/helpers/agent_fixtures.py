"""Members, agents and their bearer tokens, made straight in the database for agent tests.

(The sign-up and sign-in routes belong to another part of the portal; these helpers make the
same rows those routes make, so the agent tests do not depend on them.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import select

from hcpay.domain.references import member_id as new_member_id
from hcpay.portal.context import Portal
from hcpay.portal.models import AgentAccess, Member
from hcpay.portal.services.tokens import start_login

REASON = "Caller asked why a payment is not showing"


@dataclass(frozen=True)
class Person:
    member_id: str
    username: str
    email: str
    first_name: str
    last_name: str
    token: str
    refresh_token: str = ""

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def agent_headers(self, reason: str | None = REASON) -> dict[str, str]:
        headers = dict(self.auth)
        if reason is not None:
            headers["X-Access-Reason"] = reason
        return headers


def portal_of(app: FastAPI) -> Portal:
    portal: Portal = app.state.portal
    return portal


def make_person(
    app: FastAPI,
    *,
    role: str = "member",
    first_name: str = "Jane",
    last_name: str | None = None,
    phone: str | None = "+1 555 010 4477",
    ssn_last4: str | None = "6789",
    email: str | None = None,
) -> Person:
    """An active member (or agent) with a fresh sign-in; names and emails are unique."""
    portal = portal_of(app)
    tag = secrets.token_hex(4)
    last = last_name or f"Tester{tag}"
    username = f"{role}{tag}"
    address = email or f"{first_name.lower()}.{tag}@example.com"
    now = portal.clock.now()
    with portal.db.write() as session:
        member = Member(
            member_id=new_member_id(), role=role, status="active", username=username,
            email=address.lower(), phone=phone, first_name=first_name, last_name=last,
            ssn_last4=ssn_last4, ssn_encrypted=portal.box.encrypt("123-45-" + (ssn_last4 or "0000"))
            if ssn_last4 else None,
            password_hash="$argon2id$not-used-in-these-tests", created_at=now,
        )
        session.add(member)
        session.flush()
        pair = start_login(session, member, now=now, settings=portal.settings)
    return Person(
        member.member_id, username, address.lower(), first_name, last, pair.access_token,
        pair.refresh_token,
    )


def sign_in_again(app: FastAPI, person: Person) -> Person:
    """A new sign-in for someone who already exists (after the clock has moved)."""
    portal = portal_of(app)
    now = portal.clock.now()
    with portal.db.write() as session:
        member = session.get(Member, person.member_id)
        assert member is not None
        pair = start_login(session, member, now=now, settings=portal.settings)
    return Person(
        person.member_id, person.username, person.email, person.first_name, person.last_name,
        pair.access_token, pair.refresh_token,
    )


def move_clock(app: FastAPI, minutes: float) -> None:
    clock = portal_of(app).clock
    clock.move_to(clock.now() + timedelta(minutes=minutes))


def audit_rows(app: FastAPI, agent_id: str) -> list[AgentAccess]:
    portal = portal_of(app)
    with portal.db.read() as session:
        rows = session.execute(
            select(AgentAccess).where(AgentAccess.agent_id == agent_id).order_by(AgentAccess.id)
        ).scalars().all()
        for row in rows:
            session.expunge(row)
        return list(rows)
