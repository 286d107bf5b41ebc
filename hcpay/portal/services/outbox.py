"""Sending notifications: a row in the outbox, written in the caller's transaction, so a message
exists before the request that caused it returns. A real email or SMS sender implements
``Delivery`` and drains undelivered rows; the sandbox keeps them for `GET /sandbox/outbox`."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from hcpay.portal.models import Member, OutboxMessage


class Delivery(Protocol):
    def deliver(self, message: OutboxMessage) -> None: ...


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
) -> OutboxMessage:
    message = OutboxMessage(
        member_id=member_id, channel=channel, to=to.lower() if channel == "email" else to,
        category=category, subject=subject, body=body, created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def notify_member(
    session: Session, member: Member, *, now: datetime, subject: str, body: str, category: str
) -> OutboxMessage:
    """Email a member (preferences per category and channel are applied by the caller)."""
    return send(
        session, now=now, to=member.email, subject=subject, body=body, category=category,
        member_id=member.member_id,
    )
