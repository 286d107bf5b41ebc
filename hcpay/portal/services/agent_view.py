"""What an agent sees: search results and the one-screen member view, masked.

Masked means: email as ``j***@example.com``, phone and SSN by their last 4, methods by brand and
last 4; never a full SSN, date of birth, password hash, two-step secret or token.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from hcpay.domain.references import normalise_reference
from hcpay.portal.models import Member, MemberNote
from hcpay.portal.services.agent_money import find_payment, money_view
from hcpay.portal.services.masking import last4, mask_email
from hcpay.portal.services.money_actions import recent_actions

_MEMBER_ID_CHARS = str.maketrans("OIL", "011")
_REFERENCE = re.compile(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}")


def normalise_member_id(text: str) -> str | None:
    """``m-7k2m-9qx4``, ``M7K2M9QX4`` -> ``M-7K2M-9QX4``; None when it is not shaped like one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) == 9 and cleaned[0] == "M":
        body = cleaned[1:].translate(_MEMBER_ID_CHARS)
        return f"M-{body[:4]}-{body[4:]}"
    return None


def payment_reference_in(text: str) -> str | None:
    """The payment reference ``text`` spells (``hcp 7k2m 9qx4`` -> ``HCP-7K2M-9QX4``), or None."""
    reference = normalise_reference(text)
    return reference if _REFERENCE.fullmatch(reference) else None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _name_filter(q: str) -> ColumnElement[bool] | None:
    words = q.split()
    if not words:
        return None
    if len(words) == 1:
        pattern = _like(words[0])
        return or_(
            Member.first_name.ilike(pattern, escape="\\"),
            Member.last_name.ilike(pattern, escape="\\"),
        )
    return and_(
        Member.first_name.ilike(_like(words[0]), escape="\\"),
        Member.last_name.ilike(_like(" ".join(words[1:])), escape="\\"),
    )


def summary(member: Member) -> dict[str, Any]:
    """One line about a member: enough to tell callers with the same name apart."""
    return {
        "member_id": member.member_id,
        "name": f"{member.first_name} {member.last_name}",
        "email_masked": mask_email(member.email),
        "phone_last4": last4(member.phone),
        "status": member.status,
    }


def search_members(
    session: Session, q: str, *, limit: int, after: str | None
) -> tuple[list[dict[str, Any]], str | None, str]:
    """Members matching ``q`` by member id, payment reference, email, username or name.

    Returns the page, the member id to continue after (or None), and what ``q`` was read as.
    """
    text = q.strip()
    reference = payment_reference_in(text)
    member_id = normalise_member_id(text)
    condition: ColumnElement[bool] | None
    if reference is not None:
        matched_by = "payment_reference"
        found = find_payment(session, reference)
        condition = Member.member_id == (found.member_id if found else "")
    elif member_id is not None:
        matched_by = "member_id"
        condition = Member.member_id == member_id
    elif "@" in text:
        matched_by = "email"
        condition = Member.email == text.lower()
    else:
        matched_by = "name"
        name = _name_filter(text)
        condition = or_(Member.username == text.lower(), name) if name is not None else None
    if condition is None:
        return [], None, matched_by
    query = select(Member).where(condition, Member.role == "member")
    if after:
        query = query.where(Member.member_id > after)
    rows = session.execute(query.order_by(Member.member_id).limit(limit + 1)).scalars().all()
    page = rows[:limit]
    next_after = page[-1].member_id if len(rows) > limit else None
    return [summary(m) for m in page], next_after, matched_by


def notes_for(session: Session, member_id: str) -> list[dict[str, Any]]:
    agent = aliased(Member)
    rows = session.execute(
        select(MemberNote, agent.first_name, agent.last_name)
        .join(agent, agent.member_id == MemberNote.agent_id)
        .where(MemberNote.member_id == member_id)
        .order_by(MemberNote.id.desc())
        .limit(100)
    ).all()
    return [
        {
            "note_id": note.id, "text": note.text, "agent_name": f"{first} {last}",
            "created_at": note.created_at.isoformat(),
        }
        for note, first, last in rows
    ]


def member_view(
    session: Session, member: Member, *, now: datetime, today: date
) -> dict[str, Any]:
    view = summary(member)
    view.update(
        {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "ssn_last4": member.ssn_last4,
            "subsidized": member.subsidized,
            "two_step_enabled": member.totp_enabled,
            "locked": member.locked_until is not None and member.locked_until > now,
            "member_since": member.created_at.date().isoformat(),
        }
    )
    view.update(money_view(session, member, now=now, today=today).as_dict())
    view["notes"] = notes_for(session, member.member_id)
    view["money_actions"] = recent_actions(session, member.member_id)
    return view
