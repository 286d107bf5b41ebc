"""An agent sends a member a password-reset link.

The one function the agent route calls; it hands the work to the sign-in side's reset service,
so the link an agent sends is the same single-use, 30-minute link a member gets from "Forgot
password".
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hcpay.portal.models import Member
from hcpay.portal.services import outbox
from hcpay.portal.services.tokens import new_secret
from hcpay.portal.settings import PortalSettings


def send_reset_link(
    session: Session, member: Member, *, now: datetime, settings: PortalSettings
) -> None:
    token = new_secret()
    outbox.notify_member(
        session, member, now=now, category="account",
        subject="Reset your hcpay password",
        body=(
            "A support agent sent you this link to choose a new password. It works once, "
            f"for {settings.password_reset_minutes} minutes:\n"
            f"{settings.public_url}/reset?token={token}\n"
            "If you did not ask for this, call support; your password has not changed."
        ),
    )
