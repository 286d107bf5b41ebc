"""Sending notifications: a row in the outbox, written in the caller's transaction, so a message
exists before the request that caused it returns. A real email or SMS sender implements
``Delivery`` and drains undelivered rows; the sandbox keeps them for `GET /sandbox/outbox`.

A message that carries a live secret (a verification code, a reset code) is *sealed*:
its body is stored encrypted with the database's key (the SSN key), never in plain text, also
not in the WAL. The secret lives only as long as it works: when the message is delivered, or when
the secret expires (the retention job), the seal is replaced by the body with the secret blanked
out, and not even the ciphertext stays. Until then the sandbox outbox, which is the sandbox's
inbox, opens the seal and shows the code to the member.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.portal.models import Member, OutboxMessage
from hcpay.portal.security.secrets_box import SecretBox

# ``session.info`` key of the SecretBox that seals secrets (set by the app's Database)
SECRET_BOX = "secret_box"
SEALED = "sealed:v1:"
BLANKED = "[no longer shown]"


class Delivery(Protocol):
    def deliver(self, message: OutboxMessage, body: str) -> None: ...


def _box(session: Session) -> SecretBox:
    box = session.info.get(SECRET_BOX)
    if not isinstance(box, SecretBox):
        raise RuntimeError("this database was opened without the portal's key: cannot seal")
    return box


def send(
    session: Session,
    *,
    now: datetime,
    to: str,
    subject: str,
    body: str,
    channel: str = "email",
    category: str = "account",
    member_id: str | None = None,
    secret: str | None = None,
    secret_minutes: int = 0,
) -> OutboxMessage:
    """Queue a message. ``secret`` (which ``body`` contains) is sealed for ``secret_minutes``."""
    stored = body
    if secret:
        until = (now + timedelta(minutes=secret_minutes)).isoformat()
        sealed = json.dumps({"body": body, "secret": secret, "until": until})
        stored = SEALED + _box(session).encrypt(sealed).decode()
    message = OutboxMessage(
        member_id=member_id, channel=channel, to=to.lower() if channel == "email" else to,
        category=category, subject=subject, body=stored, created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def notify_member(
    session: Session, member: Member, *, now: datetime, subject: str, body: str, category: str,
    secret: str | None = None, secret_minutes: int = 0,
) -> OutboxMessage:
    """Email a member (preferences per category and channel are applied by the caller)."""
    return send(
        session, now=now, to=member.email, subject=subject, body=body, category=category,
        member_id=member.member_id, secret=secret, secret_minutes=secret_minutes,
    )


def _opened(session: Session, message: OutboxMessage) -> dict[str, str] | None:
    if not message.body.startswith(SEALED):
        return None
    sealed = _box(session).decrypt(message.body[len(SEALED):].encode())
    opened: dict[str, str] = json.loads(sealed)
    return opened


def readable_body(session: Session, message: OutboxMessage) -> str:
    """The body as the member receives it (a sealed secret shown while it lives)."""
    opened = _opened(session, message)
    return opened["body"] if opened else message.body


def _blank(session: Session, message: OutboxMessage) -> None:
    opened = _opened(session, message)
    if opened:
        message.body = opened["body"].replace(opened["secret"], BLANKED)


def mark_delivered(session: Session, message: OutboxMessage, *, now: datetime) -> None:
    """The sender handed the message on: its secret is no longer kept."""
    message.delivered_at = now
    _blank(session, message)


def deliver_pending(session: Session, delivery: Delivery, *, now: datetime) -> int:
    """Hand every undelivered message to ``delivery`` (a real email/SMS sender), oldest first."""
    rows = session.execute(
        select(OutboxMessage).where(OutboxMessage.delivered_at.is_(None))
        .order_by(OutboxMessage.id).limit(500)
    ).scalars().all()
    for message in rows:
        delivery.deliver(message, readable_body(session, message))
        mark_delivered(session, message, now=now)
    return len(rows)


def blank_expired_secrets(session: Session, *, now: datetime) -> int:
    """Blank the secrets that no longer work (the retention job). Returns how many."""
    rows = session.execute(
        select(OutboxMessage).where(OutboxMessage.body.startswith(SEALED))
    ).scalars().all()
    done = 0
    for message in rows:
        opened = _opened(session, message)
        if opened and datetime.fromisoformat(opened["until"]) <= now:
            _blank(session, message)
            done += 1
    return done
