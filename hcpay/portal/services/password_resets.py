"""Forgotten passwords: a single-use token (256 random bits, stored only as its SHA-256 hash),
valid 30 minutes, sent through the outbox. Using it ends every sign-in of the member; it does
not turn off two-step sign-in."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from hcpay.portal.models import Member, PasswordReset
from hcpay.portal.services import outbox
from hcpay.portal.services.tokens import hash_token, new_secret
from hcpay.portal.settings import PortalSettings


def send_reset(
    session: Session, member: Member, *, now: datetime, settings: PortalSettings
) -> None:
    """End earlier reset tokens of the member and email a new one."""
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.member_id == member.member_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    token = new_secret()
    minutes = settings.password_reset_minutes
    session.add(
        PasswordReset(
            token_hash=hash_token(token), member_id=member.member_id, created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    link = f"{settings.public_url.rstrip('/')}/reset-password?token={token}"
    outbox.notify_member(
        session, member, now=now, category="account",
        subject="Reset your hcpay password",
        body=(
            f"Hello {member.first_name},\n\nSomeone (we hope you) asked to reset the password "
            f"of the hcpay account {member.username}.\n\nYour reset token: {token}\n"
            f"Or open: {link}\n\nIt works once, for {minutes} minutes. If you did not ask, "
            "ignore this message: your password stays as it is."
        ), secret=token, secret_minutes=minutes,
    )


def live_reset(session: Session, token: str, *, now: datetime) -> PasswordReset | None:
    reset = session.get(PasswordReset, hash_token(token), with_for_update=True)
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        return None
    return reset
