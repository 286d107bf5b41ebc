"""A member's view of the audit trail: which agent opened their account, when, and why."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hcpay.portal.models import AgentAccess, Member
from hcpay.portal.problems import Problem
from hcpay.portal.routes.paging import cursor_id

# What each agent action looked like from the member's side.
ACTION_WORDS = {
    "search": "Found your account in a search",
    "view_member": "Opened your account",
    "lookup_payment": "Looked up one of your payments",
    "support_code": "Opened your account with the support code you gave",
    "add_note": "Added a note to your account",
    "password_reset": "Sent you a password-reset link",
}


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"al:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "al":
            raise ValueError(kind)
        return cursor_id(int(value))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise Problem(
            400, "invalid_cursor",
            "This cursor is not valid. Start again without a cursor and follow next_cursor.",
        ) from exc


def access_log_page(
    session: Session, member_id: str, *, limit: int, cursor: str | None
) -> dict[str, Any]:
    agent = aliased(Member)
    query = (
        select(AgentAccess, agent.first_name, agent.last_name)
        .join(agent, agent.member_id == AgentAccess.agent_id)
        .where(AgentAccess.member_id == member_id)
        .order_by(AgentAccess.id.desc())
        .limit(limit + 1)
    )
    if cursor:
        query = query.where(AgentAccess.id < decode_cursor(cursor))
    rows = session.execute(query).all()
    page = rows[:limit]
    items = [
        {
            "accessed_at": row.created_at.isoformat(),
            "agent_name": f"{first} {last}".strip(),
            "action": row.action,
            "description": ACTION_WORDS.get(row.action, "Opened your account"),
            "reason": row.reason,
        }
        for row, first, last in page
    ]
    next_cursor = encode_cursor(page[-1][0].id) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}
