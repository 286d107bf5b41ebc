"""A member's view of the audit trail: which agent opened their account, when, and why."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents
from hcpay.portal.models import AgentAccess, AgentAdjustment, Member, Payment
from hcpay.portal.problems import Problem
from hcpay.portal.routes.paging import cursor_id

# What each agent action looked like from the member's side.
ACTION_WORDS = {
    "search": N_("Found your account in a search"),
    "view_member": N_("Opened your account"),
    "lookup_payment": N_("Looked up one of your payments"),
    "support_code": N_("Opened your account with the support code you gave"),
    "add_note": N_("Added a note to your account"),
    "password_reset": N_("Sent you a reset code for your password"),
    "refund": N_("Refunded part of a payment"),
    "refund_failed": N_("Tried to refund a payment; the processor refused, nothing was refunded"),
    "credit": N_("Added a credit to your account"),
    "fee_waiver": N_("Waived a fee on your account"),
    "pay_link": N_("Made you a one-use code to pay without signing in"),
}
MONEY_ACTIONS = ("refund", "credit", "fee_waiver", "refund_failed", "pay_link")


def _money_words(adjustment: AgentAdjustment, payment_reference: str | None) -> str:
    """``Refunded $50.00 of payment HCP-7K2M-9QX4 (ADJ-4F2K-8M3Q)``: every face that shows the
    description shows the reference too."""
    amount = format_cents(adjustment.amount_cents)
    if adjustment.kind == "refund":
        words = _("Refunded {amount} of payment {reference}").format(
            amount=amount, reference=payment_reference)
    elif adjustment.kind == "pay_link":
        words = _("Made a one-use pay code, valid 24 hours")
    elif adjustment.kind == "fee_waiver":
        words = _("Waived a fee of {amount}").format(amount=amount)
    else:
        words = _("Added a credit of {amount}").format(amount=amount)
    return f"{words} ({adjustment.reference})"


def _adjustments(session: Session, rows: list[AgentAccess]) -> dict[str, str]:
    """The words of each money action these lines name, by its ADJ- reference."""
    wanted = [r.target for r in rows if r.action in MONEY_ACTIONS and r.target]
    if not wanted:
        return {}
    found = session.execute(
        select(AgentAdjustment, Payment.reference)
        .outerjoin(Payment, Payment.id == AgentAdjustment.payment_id)
        .where(AgentAdjustment.reference.in_(wanted))
    ).all()
    return {adj.reference: _money_words(adj, pay_ref) for adj, pay_ref in found}


def _line(row: AgentAccess, first: str, last: str, money: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "accessed_at": row.created_at.isoformat(),
        "agent_name": f"{first} {last}".strip(),
        "action": row.action,
        "description": _(ACTION_WORDS.get(row.action, N_("Opened your account"))),
        "reason": row.reason,
    }
    if row.action in MONEY_ACTIONS:
        words = money.get(row.target or "")
        item["reference"] = row.target if words else None
        if row.outcome != "ok":
            item["description"] = f"{item['description']} (not done: {row.outcome})"
        elif words and row.action != "refund_failed":
            item["description"] = words
    return item


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
    money = _adjustments(session, [row for row, _, _ in page])
    items = [_line(row, first, last, money) for row, first, last in page]
    next_cursor = encode_cursor(page[-1][0].id) if len(rows) > limit else None
    return {"items": items, "next_cursor": next_cursor}
