"""Tell a member something: a notification in the app always, and email or text as their
preferences for that category say (through the outbox, in the caller's transaction)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hcpay.portal.models import Member, Notification, NotificationPreference
from hcpay.portal.services import outbox

CATEGORIES = ("billing", "payments", "autopay")
DEFAULT_REMIND_DAYS = 5


def default_categories() -> dict[str, dict[str, bool]]:
    return {name: {"email": True, "sms": False} for name in CATEGORIES}


def preferences(session: Session, member_id: str) -> tuple[dict[str, dict[str, bool]], int]:
    row = session.get(NotificationPreference, member_id)
    if row is None:
        return default_categories(), DEFAULT_REMIND_DAYS
    stored: dict[str, Any] = json.loads(row.categories)
    merged = default_categories()
    for name, channels in stored.items():
        if name in merged:
            merged[name].update({k: bool(v) for k, v in channels.items() if k in ("email", "sms")})
    return merged, row.remind_days_before_due


def channels_for(stored_categories: str | None, category: str) -> dict[str, bool]:
    """The channels a member wants for ``category``, from their stored preferences (None: the
    defaults)."""
    if stored_categories is None:
        return default_categories().get(category, {"email": True, "sms": False})
    merged = default_categories()
    stored: dict[str, Any] = json.loads(stored_categories)
    for name, channels in stored.items():
        if name in merged:
            merged[name].update({k: bool(v) for k, v in channels.items() if k in ("email", "sms")})
    return merged.get(category, {"email": True, "sms": False})


def notify(
    session: Session,
    member_id: str,
    *,
    category: str,
    code: str,
    subject: str,
    body: str,
    now: datetime,
    email: bool = True,
) -> Notification:
    """``email=False``: no email whatever the category's preferences (a text still goes)."""
    note = Notification(
        member_id=member_id, category=category, code=code, subject=subject, body=body,
        created_at=now,
    )
    session.add(note)
    member = session.get(Member, member_id)
    if member is not None:
        channels, _ = preferences(session, member_id)
        wanted = channels.get(category, {"email": True, "sms": False})
        if email and wanted.get("email"):
            outbox.send(
                session, now=now, to=member.email, subject=subject, body=body,
                category=category, member_id=member_id,
            )
        if wanted.get("sms") and member.phone:
            outbox.send(
                session, now=now, to=member.phone, subject=subject, body=body, channel="sms",
                category=category, member_id=member_id,
            )
    return note
