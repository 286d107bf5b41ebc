"""The billing half of the agent's member view: coverage, balance, invoices, payments with
their attempts, autopay and saved methods (by last 4), and payment lookup by reference.

This is the one place the agent tools read the billing tables; the shapes are the member's own
(``hcpay.portal.payments.views``), so an agent and the caller look at the same words and
numbers. Processor tokens never leave here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.portal.billing import ledger
from hcpay.portal.models import (
    Allocation,
    Autopay,
    Coverage,
    Invoice,
    Member,
    Payment,
    PaymentAttempt,
    PaymentMethod,
)
from hcpay.portal.payments.autopay import autopay_view
from hcpay.portal.payments.views import invoice_view, method_view, payment_view

BILLING_AVAILABLE = True
RECENT_INVOICES = 24
RECENT_PAYMENTS = 20


@dataclass
class MoneyView:
    coverage_status: str | None = None
    grace: dict[str, Any] | None = None
    balance_due_cents: int | None = None
    past_due_cents: int | None = None
    credit_cents: int | None = None
    invoices: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    autopay: dict[str, Any] | None = None
    payment_methods: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "billing_available": BILLING_AVAILABLE,
            "coverage_status": self.coverage_status,
            "grace": self.grace,
            "balance_due_cents": self.balance_due_cents,
            "past_due_cents": self.past_due_cents,
            "credit_cents": self.credit_cents,
            "invoices": self.invoices,
            "payments": self.payments,
            "autopay": self.autopay,
            "payment_methods": self.payment_methods,
        }


def _coverage(cover: Coverage | None) -> tuple[str, dict[str, Any] | None]:
    status = cover.status if cover else "active"
    grace = None
    if cover is not None and status in ("grace", "termination_pending"):
        grace = {
            "month": cover.grace_month, "of": cover.grace_of,
            "ends_on": cover.grace_ends_on.isoformat() if cover.grace_ends_on else None,
            "first_unpaid_month": cover.first_unpaid_month,
        }
    # "pending" (first bill not paid yet) reads as active to the member; say it as it is here.
    return status, grace


def _attempts(session: Session, payment_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {pid: [] for pid in payment_ids}
    if not payment_ids:
        return found
    rows = session.execute(
        select(PaymentAttempt)
        .where(PaymentAttempt.payment_id.in_(payment_ids))
        .order_by(PaymentAttempt.id)
    ).scalars()
    for attempt in rows:
        found[attempt.payment_id].append(
            {
                "kind": attempt.kind, "outcome": attempt.outcome, "code": attempt.code,
                "processor_ref": attempt.processor_ref,
                "created_at": attempt.created_at.isoformat(),
            }
        )
    return found


def _with_attempts(session: Session, payments: list[Payment]) -> list[dict[str, Any]]:
    attempts = _attempts(session, [p.id for p in payments])
    views = []
    for payment in payments:
        view = payment_view(payment)
        view["attempts"] = attempts[payment.id]
        views.append(view)
    return views


def money_view(session: Session, member: Member, *, now: datetime, today: date) -> MoneyView:
    """The member's billing, as an agent may see it (methods by brand and last 4 only)."""
    member_id = member.member_id
    status, grace = _coverage(session.get(Coverage, member_id))
    invoices = session.execute(
        select(Invoice).where(Invoice.member_id == member_id)
        .order_by(Invoice.coverage_month.desc(), Invoice.policy_kind, Invoice.invoice_id)
        .limit(RECENT_INVOICES)
    ).scalars().all()
    payments = session.execute(
        select(Payment).where(Payment.member_id == member_id)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
        .limit(RECENT_PAYMENTS)
    ).scalars().all()
    methods = session.execute(
        select(PaymentMethod)
        .where(PaymentMethod.member_id == member_id, PaymentMethod.deleted_at.is_(None))
        .order_by(PaymentMethod.is_default.desc(), PaymentMethod.created_at)
    ).scalars().all()
    autopay = session.get(Autopay, member_id)
    return MoneyView(
        coverage_status=status,
        grace=grace,
        balance_due_cents=ledger.balance_cents(session, member_id),
        past_due_cents=ledger.past_due_cents(session, member_id, today),
        credit_cents=max(0, ledger.credit_cents(session, member_id)),
        invoices=[invoice_view(inv, today) for inv in invoices],
        payments=_with_attempts(session, list(payments)),
        autopay=dict(autopay_view(autopay)) if autopay else None,
        payment_methods=[method_view(m) for m in methods],
    )


@dataclass(frozen=True)
class PaymentFound:
    member_id: str
    payment: dict[str, Any]


def explain(payment: Payment, applied_to: list[str]) -> str:
    """What to tell a caller whose payment "is not showing", in one or two sentences."""
    bills = ", ".join(applied_to) if applied_to else "no bill"
    status = payment.status
    if status == "scheduled":
        day = payment.scheduled_for.isoformat() if payment.scheduled_for else "its day"
        return f"Scheduled for {day}: it is charged that day and shows on the bill then."
    if status == "pending":
        return "The charge is with the processor right now; it shows within a few minutes."
    if status == "processing":
        settle = (
            payment.expected_settlement_date.isoformat()
            if payment.expected_settlement_date else "a few business days"
        )
        return (
            f"Bank payment, already applied to {bills}; the bank settles it by {settle}. "
            "If the bank returns it, that bill opens again."
        )
    if status == "succeeded":
        return f"Paid and applied to {bills}."
    if status == "failed":
        return (
            f"It did not go through ({payment.failure_message or payment.code}). Nothing was "
            "charged; the member can pay again with another card or account."
        )
    if status == "returned":
        return (
            f"The bank returned it ({payment.return_code}): the bill it paid is open again and "
            "needs another payment."
        )
    if status == "canceled":
        return "Canceled before it was charged; nothing was taken."
    return f"Status: {status}."


def find_payment(session: Session, reference: str) -> PaymentFound | None:
    """The payment with this reference (already normalised), with its attempts."""
    payment = session.execute(
        select(Payment).where(Payment.reference == reference)
    ).scalar_one_or_none()
    if payment is None:
        return None
    applied = session.execute(
        select(Allocation.invoice_id)
        .where(Allocation.payment_id == payment.id, Allocation.reversed.is_(False))
        .order_by(Allocation.id)
    ).scalars().all()
    applied_to = list(dict.fromkeys(applied))
    (view,) = _with_attempts(session, [payment])
    view["applied_to_invoices"] = applied_to
    if payment.invoice_ids:
        view["invoice_ids_named"] = json.loads(payment.invoice_ids)
    view["explanation"] = explain(payment, applied_to)
    return PaymentFound(member_id=payment.member_id, payment=view)
