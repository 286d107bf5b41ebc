"""Support codes ("123-456"): six random digits, unique among the codes still alive.

A member makes one from the screen they are stuck on; an agent types it in and sees that screen,
the step and the last error the member saw. A member has one live code at a time: a new one
ends the previous one. An agent may look up at most ``WRONG_LOOKUPS`` codes that match
nothing per ``LOOKUP_WINDOW`` (counted in the database: six digits are not guessed).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.portal.models import Member, SupportCode
from hcpay.portal.services import attempt_limits

_ATTEMPTS = 20
WRONG_LOOKUPS = 10
LOOKUP_WINDOW = timedelta(minutes=15)
_SCOPE = "support_code_lookup"


def format_code(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:]}"


def normalise_code(text: str) -> str | None:
    """The six digits of a code as a person types it ("123-456", "123 456", "123456")."""
    digits = "".join(ch for ch in text if ch.isdigit())
    cleaned = "".join(ch for ch in text if ch not in " -")
    return digits if len(digits) == 6 and digits == cleaned else None


def _try_claim(session: Session, row: SupportCode, digits: str, now: datetime) -> bool:
    """Give ``digits`` to ``row`` unless a live code has them (the unique index decides)."""
    try:
        with session.begin_nested():
            session.execute(
                update(SupportCode)
                .where(SupportCode.code == digits, SupportCode.expires_at <= now)
                .values(code=None)
            )
            row.code = digits
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def create_code(
    session: Session,
    member: Member,
    *,
    screen: str,
    step: int | None,
    last_error_code: str | None,
    now: datetime,
    minutes: int,
) -> SupportCode:
    session.execute(
        update(SupportCode)
        .where(SupportCode.member_id == member.member_id, SupportCode.expires_at > now)
        .values(expires_at=now)
    )
    for _unused in range(_ATTEMPTS):
        row = SupportCode(
            member_id=member.member_id, screen=screen, step=step,
            last_error_code=last_error_code, created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
        if _try_claim(session, row, f"{secrets.randbelow(1_000_000):06d}", now):
            return row
    # A million codes and 15 minutes each: only a flood of requests gets here.
    raise RuntimeError("no free support code")


@dataclass(frozen=True)
class CodeLookup:
    code: SupportCode | None
    expired: bool


def find_code(session: Session, digits: str, now: datetime) -> CodeLookup:
    """The live code with these digits; else whether one with them has expired."""
    row = session.execute(
        select(SupportCode).where(SupportCode.code == digits)
    ).scalar_one_or_none()
    if row is None:
        return CodeLookup(None, expired=False)
    if row.expires_at <= now:
        return CodeLookup(None, expired=True)
    return CodeLookup(row, expired=False)


def find_code_for_agent(session: Session, agent_id: str, digits: str, now: datetime) -> CodeLookup:
    """``find_code``, counted against the agent's wrong lookups (a lookup that finds a live
    code does not count): 429 once the window's are used up."""
    wait = attempt_limits.take(session, _SCOPE, agent_id, limit=WRONG_LOOKUPS,
                               window=LOOKUP_WINDOW, now=now)
    if wait is not None:
        raise attempt_limits.too_many(
            wait, _("Too many support codes that match nothing."),
            _("try again; meanwhile find the caller by member id, name or email."),
        )
    found = find_code(session, digits, now)
    if found.code is not None:
        attempt_limits.give_back(session, _SCOPE, agent_id)
    return found
