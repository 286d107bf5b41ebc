"""Making accounts outside the sign-up form: support agents (two-step sign-in always on) and
the demo members. Both skip identity verification: an administrator vouches for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hcpay.domain.ssn import normalise_ssn
from hcpay.portal.context import Portal
from hcpay.portal.models import Member
from hcpay.portal.services import accounts, passwords, two_step


@dataclass(frozen=True)
class NewAgent:
    member_id: str
    secret: str
    otpauth_uri: str
    recovery_codes: list[str]


def make_member(
    portal: Portal,
    *,
    username: str,
    password: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str = "member",
    date_of_birth: date | None = None,
    ssn: str | None = None,
    phone: str | None = None,
    subsidized: bool = False,
    password_hash: str | None = None,
) -> Member:
    """An active member row, not yet added to any session (hash it outside a transaction);
    ``password_hash``: ``password`` already hashed (the demo's, kept from an earlier start)."""
    digits = normalise_ssn(ssn) if ssn else None
    return Member(
        member_id=accounts.new_member_id(), role=role, status="active",
        username=username.lower(), email=email.lower(), phone=phone, first_name=first_name,
        last_name=last_name, date_of_birth=date_of_birth,
        ssn_encrypted=portal.box.encrypt(digits) if digits else None,
        ssn_last4=digits[-4:] if digits else None,
        password_hash=password_hash or passwords.hash_password(password, portal.settings),
        subsidized=subsidized, created_at=portal.clock.now(), failed_logins=0,
        totp_enabled=False,
    )


def add_agent(session: Session, portal: Portal, agent: Member, secret: str) -> NewAgent:
    """Add ``agent`` with two-step sign-in on, using ``secret``."""
    agent.role = "agent"
    codes = two_step.enable(agent, portal.box, secret)
    session.add(agent)
    session.flush()
    return NewAgent(
        agent.member_id, secret, two_step.otpauth_uri(secret, agent.username), codes
    )
