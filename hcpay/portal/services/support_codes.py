"""Support codes ("123-456"): six random digits, unique among the codes still alive.

A member makes one from the screen they are stuck on; an agent types it in and sees that screen,
the step and the last error the member saw. A member has one live code at a time: a new one
ends the previous one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hcpay.portal.models import Member, SupportCode

_ATTEMPTS = 20


def format_code(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:]}"


def normalise_code(text: str) -> str | None:
    """The six digits of a code as a person types it ("123-456", "123 456", "123456")."""
    digits = "".join(ch for ch in text if ch.isdigit())
    cleaned = "".join(ch for ch in text if ch not in " -")
    return digits if len(digits) == 6 and digits == cleaned else None


def _live_code_exists(session: Session, digits: str, now: datetime) -> bool:
    found = session.execute(
        select(SupportCode.id).where(SupportCode.code == digits, SupportCode.expires_at > now)
    ).first()
    return found is not None


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
    for _ in range(_ATTEMPTS):
        digits = f"{secrets.randbelow(1_000_000):06d}"
        if not _live_code_exists(session, digits, now):
            break
    else:  # a million codes and only 15 minutes each: this would take a flood of requests
        raise RuntimeError("no free support code")
    row = SupportCode(
        code=digits, member_id=member.member_id, screen=screen, step=step,
        last_error_code=last_error_code, created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class CodeLookup:
    code: SupportCode | None
    expired: bool


def find_code(session: Session, digits: str, now: datetime) -> CodeLookup:
    """The live code with these digits; else whether the newest one with them has expired."""
    newest = session.execute(
        select(SupportCode)
        .where(SupportCode.code == digits)
        .order_by(SupportCode.expires_at.desc(), SupportCode.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if newest is None:
        return CodeLookup(None, expired=False)
    if newest.expires_at <= now:
        return CodeLookup(None, expired=True)
    return CodeLookup(newest, expired=False)
