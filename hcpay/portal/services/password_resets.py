"""Forgotten passwords, by a reset code a person can read and type (ASVS recovery rules):
8 characters of Crockford base32 shown as ``7K2M-9QX4`` (40 random bits), stored only as a
hash tied to the member, valid ``password_reset_minutes`` (15), ended by ``MAX_WRONG`` (5)
wrong tries, used once (a conditional UPDATE, so two requests at the same moment cannot both
use it). At most ``CODES_PER_HOUR`` codes are sent to a member in an hour, so asking again
cannot turn 5 tries into unlimited guessing. Using it ends every sign-in of the member; it
does not turn off two-step sign-in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.domain.references import random_code
from hcpay.portal.models import Member, PasswordReset
from hcpay.portal.services import outbox
from hcpay.portal.settings import PortalSettings

CODE_LENGTH = 8
MAX_WRONG = 5
CODES_PER_HOUR = 5
_READ_AS = str.maketrans("OIL", "011")

R = PasswordReset


def normalise_code(text: str) -> str:
    """A reset code as a person types it: any case, with spaces or dashes, O for 0, I or L
    for 1 -> ``7K2M9QX4``."""
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(_READ_AS)


def shown(code: str) -> str:
    """``7K2M9QX4`` -> ``7K2M-9QX4``, the way the message shows it."""
    return f"{code[:4]}-{code[4:]}"


def _hash(member_id: str, code: str) -> str:
    return hashlib.sha256(f"reset:{member_id}:{normalise_code(code)}".encode()).hexdigest()


def send_reset(
    session: Session, member: Member, *, now: datetime, settings: PortalSettings
) -> bool:
    """End earlier reset codes of the member and email a new one (False, and nothing sent,
    when this hour's codes are used up; the caller answers the same either way)."""
    sent = session.execute(
        select(func.count()).where(R.member_id == member.member_id,
                                   R.created_at > now - timedelta(hours=1))
    ).scalar_one()
    if int(sent) >= CODES_PER_HOUR:
        return False
    session.execute(
        update(R).where(R.member_id == member.member_id, R.used_at.is_(None)).values(used_at=now)
    )
    code = random_code(CODE_LENGTH)
    minutes = settings.password_reset_minutes
    session.add(
        R(token_hash=_hash(member.member_id, code), member_id=member.member_id,
          created_at=now, expires_at=now + timedelta(minutes=minutes), wrong_attempts=0)
    )
    outbox.notify_member(
        session, member, now=now, category="account",
        subject=_("Your hcpay password reset code"),
        body=(
            _("Hello {first_name},\n\nSomeone (we hope you) asked to reset the password "
            "of the hcpay account {username}.\n\nYour reset code: {code}\n\n"
            "It works once, for {minutes} minutes; {MAX_WRONG} wrong tries end it. If you did "
            "not ask, ignore this message: your password stays as it is.").format(
                first_name=member.first_name, username=member.username, code=shown(code),
                minutes=minutes, MAX_WRONG=MAX_WRONG)
        ), secret=shown(code), secret_minutes=minutes,
    )
    return True


def check(
    session: Session, member: Member | None, code: str, *, now: datetime, use: bool
) -> bool:
    """True when ``code`` is the member's live reset code (and, with ``use``, uses it up).
    A wrong code counts a try; the fifth ends the code. ``member`` None (no such account)
    does the same work and answers False, so the answer tells nobody whether it exists."""
    member_id = member.member_id if member is not None else "-"
    typed = _hash(member_id, code)
    live = session.execute(
        select(R).where(R.member_id == member_id, R.used_at.is_(None), R.expires_at > now)
        .order_by(R.created_at.desc()).limit(1).with_for_update()
    ).scalar_one_or_none()
    if live is None:
        secrets.compare_digest(typed, typed)
        return False
    if secrets.compare_digest(live.token_hash, typed):
        if not use:
            return True
        used = session.execute(
            update(R).where(R.token_hash == live.token_hash, R.used_at.is_(None))
            .values(used_at=now).execution_options(synchronize_session=False)
        )
        return bool(used.rowcount)  # type: ignore[attr-defined]
    session.execute(
        update(R).where(R.token_hash == live.token_hash, R.used_at.is_(None))
        .values(wrong_attempts=R.wrong_attempts + 1,
                used_at=case((R.wrong_attempts + 1 >= MAX_WRONG, now), else_=None))
        .execution_options(synchronize_session=False)
    )
    return False
