"""Agents' money actions (portal-api.md v1.1 "Agent money actions", product-rules.md): a refund
of part or all of a succeeded payment, and a credit or fee waiver on the account.

Each has a reason of at least 10 characters, a reference ``ADJ-XXXX-XXXX``, a notice to the
member and an audit line (the member's access log shows it). The limits hold under concurrency
because each action first locks the member's row and, for a refund, the payment's row (SQLite
has one writer at a time), then checks and writes in that same transaction: two refunds of the
same payment at the same moment, from two portal processes, refund it once.

A refund is three steps like a charge (``payments/engine``): reserve it (the adjustment row and
the credit it uses, in the audited transaction), ask the processor outside any transaction
(keyed by the reference, so asking again refunds once), then record the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hcpay.domain.money import format_cents
from hcpay.domain.references import adjustment_reference, normalise_reference
from hcpay.gateway.processor import GatewayError, Processor
from hcpay.portal.billing import ledger
from hcpay.portal.billing.notify import notify
from hcpay.portal.db import Database
from hcpay.portal.language import speaking_to
from hcpay.portal.models import AgentAdjustment, Credit, Member, Payment
from hcpay.portal.payments import rules
from hcpay.portal.problems import Problem, field_errors
from hcpay.portal.settings import PortalSettings

MIN_REASON = 10
KINDS = ("credit", "fee_waiver")
# The processor's "no" to a refund (as opposed to "not reachable now").
REFUSALS = frozenset({"charge_unknown", "not_refundable", "refund_too_high", "invalid_amount"})
# What an action counts against: a refund that failed at the processor gave its money back.
_HELD = ("pending", "succeeded")


def check_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if len(cleaned) < MIN_REASON:
        raise field_errors([(
            "reason",
            f"Write why, in at least {MIN_REASON} characters (for example \"Paid twice on "
            "the same day\"): the member reads it.",
        )])
    return cleaned


def check_amount(amount_cents: int) -> None:
    if amount_cents <= 0:
        raise field_errors([("amount_cents", "Enter an amount more than $0.00.")])


def refunded_cents(session: Session, payment_id: int) -> int:
    return int(session.execute(
        select(func.coalesce(func.sum(AgentAdjustment.amount_cents), 0)).where(
            AgentAdjustment.payment_id == payment_id, AgentAdjustment.kind == "refund",
            AgentAdjustment.status.in_(_HELD),
        )
    ).scalar_one())


@dataclass(frozen=True)
class Reserved:
    """A refund reserved (step 1): what to ask the processor for."""

    adjustment_id: int
    reference: str
    processor_ref: str
    amount_cents: int
    payment_reference: str
    method: str


def reserve_refund(
    session: Session, member: Member, agent: Member, *, payment_reference: str,
    amount_cents: int, reason: str, now: datetime,
) -> Reserved:
    """Step 1: check the refund against what is left of the payment and the member's credit,
    with both rows locked, and hold it (the adjustment and the credit it uses)."""
    check_amount(amount_cents)
    ledger.lock_member(session, member.member_id)
    payment = session.execute(
        select(Payment).where(
            Payment.reference == normalise_reference(payment_reference),
            Payment.member_id == member.member_id,
        ).with_for_update()
    ).scalar_one_or_none()
    if payment is None:
        raise Problem(
            404, "payment_not_found",
            "This member has no payment with this reference. Read it back to the caller: it "
            "looks like HCP-7K2M-9QX4.",
        )
    if payment.status != "succeeded" or payment.processor_ref is None:
        raise Problem(
            422, "payment_not_refundable",
            f"Payment {payment.reference} is {payment.status}: only a payment that went "
            "through (a bank payment once it settled) can be refunded.",
        )
    unrefunded = payment.amount_cents - refunded_cents(session, payment.id)
    credit = max(0, ledger.credit_cents(session, member.member_id))
    if amount_cents > min(unrefunded, credit):
        raise Problem(
            422, "refund_too_high", rules.refund_limit_message(unrefunded, credit),
            errors=[{"field": "amount_cents",
                     "message": rules.refund_limit_message(unrefunded, credit)}],
            extra={"unrefunded_cents": unrefunded, "credit_cents": credit},
        )
    adjustment = AgentAdjustment(
        reference=adjustment_reference(), member_id=member.member_id, agent_id=agent.member_id,
        kind="refund", status="pending", amount_cents=amount_cents, payment_id=payment.id,
        reason=reason, created_at=now,
    )
    session.add(adjustment)
    session.add(Credit(member_id=member.member_id, amount_cents=-amount_cents,
                       reason="refund", payment_id=payment.id, created_at=now))
    session.flush()
    return Reserved(
        adjustment.id, adjustment.reference, payment.processor_ref, amount_cents,
        payment.reference,
        rules.method_words(payment.method_kind, payment.method_brand, payment.method_last4),
    )


def send_refund(processor: Processor, reserved: Reserved) -> str | GatewayError:
    """Step 2, outside any transaction: the processor's refund reference, or its refusal."""
    try:
        return processor.refund(
            reserved.processor_ref, reserved.amount_cents,
            idempotency_key=f"hcpay-{reserved.reference}",
        ).refund_ref
    except GatewayError as exc:
        return exc


def record_refund(
    db: Database, reserved: Reserved, answer: str | GatewayError, *, now: datetime
) -> dict[str, Any]:
    """Step 3: the refund went through (tell the member) or was refused (give back what it
    held). Answers the adjustment as the agent sees it."""
    with db.write() as session:
        adjustment = session.execute(
            select(AgentAdjustment).where(AgentAdjustment.id == reserved.adjustment_id)
            .with_for_update()
        ).scalar_one()
        # Only a held refund is recorded (a resumed one may have been recorded already).
        pending = adjustment.status == "pending"
        if pending and isinstance(answer, GatewayError):
            adjustment.status = "failed"
            session.add(Credit(member_id=adjustment.member_id,
                               amount_cents=adjustment.amount_cents, reason="refund_failed",
                               payment_id=adjustment.payment_id, created_at=now))
        elif pending and not isinstance(answer, GatewayError):
            adjustment.status = "succeeded"
            adjustment.refund_ref = answer
            with speaking_to(session, adjustment.member_id):
                subject, body = rules.refund_notice(
                    adjustment.reference, adjustment.amount_cents, reserved.payment_reference,
                    reserved.method,
                )
                notify(session, adjustment.member_id, category="payments", code="refund_issued",
                       subject=subject, body=body, now=now)
        return adjustment_view(session, adjustment, reserved.payment_reference)


def add_adjustment(
    session: Session, member: Member, agent: Member, settings: PortalSettings, *, kind: str,
    amount_cents: int, reason: str, now: datetime,
) -> dict[str, Any]:
    """A credit or fee waiver, up to the settings' limit (above it a supervisor must do it)."""
    check_amount(amount_cents)
    if kind not in KINDS:
        raise field_errors([("kind", "Choose credit or fee_waiver.")])
    limit = settings.agent_adjustment_limit_cents
    if amount_cents > limit:
        raise Problem(
            403, "needs_supervisor",
            f"An agent may add up to {format_cents(limit)} at a time. Ask a supervisor "
            "to add this amount.",
            extra={"limit_cents": limit},
        )
    ledger.lock_member(session, member.member_id)
    adjustment = AgentAdjustment(
        reference=adjustment_reference(), member_id=member.member_id, agent_id=agent.member_id,
        kind=kind, status="succeeded", amount_cents=amount_cents, reason=reason,
        created_at=now,
    )
    session.add(adjustment)
    session.add(Credit(member_id=member.member_id, amount_cents=amount_cents, reason=kind,
                       created_at=now))
    with speaking_to(session, member.member_id):
        subject, body = rules.adjustment_notice(adjustment.reference, amount_cents, kind)
        notify(session, member.member_id, category="payments", code="account_credited",
               subject=subject, body=body, now=now)
    session.flush()
    return adjustment_view(session, adjustment, None)


def adjustment_view(
    session: Session, adjustment: AgentAdjustment, payment_reference: str | None
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "reference": adjustment.reference,
        "kind": adjustment.kind,
        "status": adjustment.status,
        "amount_cents": adjustment.amount_cents,
        "reason": adjustment.reason,
        "created_at": adjustment.created_at.isoformat(),
        "credit_cents": max(0, ledger.credit_cents(session, adjustment.member_id)),
    }
    if adjustment.payment_id is not None:
        payment = session.get(Payment, adjustment.payment_id)
        assert payment is not None
        view["payment_reference"] = payment_reference or payment.reference
        view["refunded_cents"] = refunded_cents(session, payment.id)
        view["unrefunded_cents"] = payment.amount_cents - view["refunded_cents"]
    return view


def unfinished_refunds(session: Session, before: datetime) -> list[Reserved]:
    """Refunds held but never recorded (the process stopped between steps 1 and 3)."""
    rows = session.execute(
        select(AgentAdjustment, Payment)
        .join(Payment, Payment.id == AgentAdjustment.payment_id)
        .where(AgentAdjustment.kind == "refund", AgentAdjustment.status == "pending",
               AgentAdjustment.created_at < before)
        .order_by(AgentAdjustment.id)
    ).all()
    return [
        Reserved(adj.id, adj.reference, payment.processor_ref or "", adj.amount_cents,
                 payment.reference,
                 rules.method_words(payment.method_kind, payment.method_brand,
                                    payment.method_last4))
        for adj, payment in rows
    ]


def finish_refund(
    db: Database, processor: Processor, reserved: Reserved, *, now: datetime
) -> bool:
    """Steps 2 and 3 again for a held refund: the key is the same, so the processor refunds
    once however often this runs. False when the processor cannot be reached (next run)."""
    answer = send_refund(processor, reserved)
    if isinstance(answer, GatewayError) and answer.code not in REFUSALS:
        return False
    record_refund(db, reserved, answer, now=now)
    return True


RECENT_ACTIONS = 20


def recent_actions(session: Session, member_id: str) -> list[dict[str, Any]]:
    """The member's latest money actions, newest first, for the agent's member view."""
    rows = session.execute(
        select(AgentAdjustment, Payment.reference)
        .outerjoin(Payment, Payment.id == AgentAdjustment.payment_id)
        .where(AgentAdjustment.member_id == member_id)
        .order_by(AgentAdjustment.id.desc())
        .limit(RECENT_ACTIONS)
    ).all()
    return [
        {"reference": adj.reference, "kind": adj.kind, "status": adj.status,
         "amount_cents": adj.amount_cents, "reason": adj.reason,
         "created_at": adj.created_at.isoformat(), "payment_reference": payment_reference}
        for adj, payment_reference in rows
    ]
