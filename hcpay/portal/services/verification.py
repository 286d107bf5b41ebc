"""Identity verification: a 6-digit code sent through the outbox, valid 15 minutes, void after
5 wrong tries; a resend replaces any earlier code. At most ``CODES_PER_HOUR`` codes are sent to a
member in an hour, so that resending cannot turn 5 tries into unlimited guessing."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.portal.models import Member, VerificationCode
from hcpay.portal.services import attempt_limits, outbox
from hcpay.portal.settings import PortalSettings

CODES_PER_HOUR = 5
CHECKS_WINDOW = timedelta(minutes=15)
CHECKS_PER_USERNAME = 10
CHECKS_PER_ADDRESS = 100


def _hash(member_id: str, code: str) -> str:
    return hashlib.sha256(f"{member_id}:{code}".encode()).hexdigest()


def send_code(
    session: Session, member: Member, *, now: datetime, settings: PortalSettings
) -> None:
    """End any earlier code, make a new one and put it in the outbox."""
    session.execute(
        update(VerificationCode)
        .where(VerificationCode.member_id == member.member_id, VerificationCode.ended_at.is_(None))
        .values(ended_at=now)
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    minutes = settings.verification_code_minutes
    session.add(
        VerificationCode(
            member_id=member.member_id, code_hash=_hash(member.member_id, code), created_at=now,
            expires_at=now + timedelta(minutes=minutes), wrong_attempts=0,
        )
    )
    outbox.notify_member(
        session, member, now=now, category="account",
        subject=_("Your hcpay verification code"),
        body=(
            _("Hello {first_name},\n\nYour verification code is {code}. It works for "
              "{minutes} minutes. If you did not create an hcpay account, ignore this "
              "message.").format(first_name=member.first_name, code=code, minutes=minutes)
        ), secret=code, secret_minutes=minutes,
    )


def may_send(session: Session, member: Member, *, now: datetime) -> bool:
    sent = session.execute(
        select(func.count()).where(
            VerificationCode.member_id == member.member_id,
            VerificationCode.created_at > now - timedelta(hours=1),
        )
    ).scalar_one()
    return int(sent) < CODES_PER_HOUR


def check_code(
    session: Session, member: Member, code: str, *, now: datetime, settings: PortalSettings
) -> bool:
    """True when ``code`` is the member's live code (and uses it); a wrong one counts a try."""
    live = session.execute(
        select(VerificationCode)
        .where(VerificationCode.member_id == member.member_id, VerificationCode.ended_at.is_(None))
        .order_by(VerificationCode.id.desc())
        .limit(1)
        .with_for_update()
    ).scalar_one_or_none()
    if live is None or live.expires_at <= now:
        return False
    if secrets.compare_digest(live.code_hash, _hash(member.member_id, code.strip())):
        live.ended_at = now
        return True
    live.wrong_attempts += 1
    if live.wrong_attempts >= settings.verification_max_attempts:
        live.ended_at = now
    return False


def throttle(session: Session, *, username: str, client_address: str, now: datetime) -> int | None:
    """Count a code check for the username and for the address: None when it may go ahead,
    else the seconds to wait."""
    for scope, key, limit in (
        ("verify_username", username.strip().lower(), CHECKS_PER_USERNAME),
        ("verify_address", client_address, CHECKS_PER_ADDRESS),
    ):
        wait = attempt_limits.take(session, scope, key, limit=limit, window=CHECKS_WINDOW,
                                   now=now)
        if wait is not None:
            return wait
    return None
