"""The member's ledger: open balance, allocation of payments to invoices (oldest first or the
named ones), credit from over-payment, and reversal when a payment comes back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hcpay.portal.models import Allocation, Credit, Invoice, Member, Payment, Policy
from hcpay.portal.payments import rules


def open_invoices(session: Session, member_id: str, *, lock: bool = False) -> list[Invoice]:
    query = (
        select(Invoice)
        .where(Invoice.member_id == member_id, Invoice.status == "open")
        .order_by(Invoice.coverage_month, Invoice.policy_kind, Invoice.invoice_id)
    )
    if lock:
        query = query.with_for_update()
    return list(session.execute(query).scalars())


def lock_member(session: Session, member_id: str) -> None:
    """The member's row, locked (SQLite: one writer at a time already): whatever spends the
    member's credit (an agent's refund, credit applied to a new bill) takes turns."""
    session.execute(
        select(Member.member_id).where(Member.member_id == member_id).with_for_update()
    ).scalar_one()


def credit_cents(session: Session, member_id: str) -> int:
    total = session.execute(
        select(func.coalesce(func.sum(Credit.amount_cents), 0)).where(Credit.member_id == member_id)
    ).scalar_one()
    return int(total)


def balance_cents(session: Session, member_id: str) -> int:
    """What the member owes now (open invoices, due or not), less any credit; never negative."""
    owed = sum(inv.remaining_cents for inv in open_invoices(session, member_id))
    return max(0, owed - credit_cents(session, member_id))


def past_due_cents(session: Session, member_id: str, today: date) -> int:
    return sum(
        inv.remaining_cents for inv in open_invoices(session, member_id) if inv.due_date < today
    )


def monthly_premium_cents(session: Session, member_id: str) -> int:
    total = session.execute(
        select(func.coalesce(func.sum(Policy.premium_cents), 0)).where(
            Policy.member_id == member_id, Policy.status != "terminated"
        )
    ).scalar_one()
    return int(total)


def _pay_invoice(
    session: Session, invoice: Invoice, amount: int, *, payment_id: int | None, now: datetime,
    today: date,
) -> None:
    session.add(
        Allocation(
            member_id=invoice.member_id, payment_id=payment_id, invoice_id=invoice.invoice_id,
            amount_cents=amount, created_at=now,
        )
    )
    invoice.paid_cents += amount
    if invoice.paid_cents >= invoice.total_cents:
        invoice.status = "paid"
        invoice.paid_on = today


def allocate(
    session: Session, payment: Payment, *, now: datetime, today: date,
    invoice_ids: Sequence[str] = (),
) -> list[str]:
    """Apply a payment as ``rules.split_payment`` says: the named invoices first, then the
    oldest open ones; the rest is credit. Returns the ids of the invoices it paid something on."""
    found = open_invoices(session, payment.member_id, lock=True)
    invoices = {inv.invoice_id: inv for inv in found}
    split = rules.split_payment(
        payment.amount_cents,
        [rules.OpenBill(inv.invoice_id, inv.remaining_cents) for inv in invoices.values()],
        invoice_ids,
    )
    for invoice_id, take in split.allocations:
        _pay_invoice(session, invoices[invoice_id], take, payment_id=payment.id, now=now,
                     today=today)
    if split.credit_cents > 0:
        session.add(
            Credit(
                member_id=payment.member_id, amount_cents=split.credit_cents,
                reason="overpayment", payment_id=payment.id, created_at=now,
            )
        )
    session.flush()
    return [invoice_id for invoice_id, _ in split.allocations]


def apply_credit(session: Session, member_id: str, *, now: datetime, today: date) -> int:
    """Use the member's credit on their open invoices, oldest first; returns cents applied."""
    lock_member(session, member_id)
    available = credit_cents(session, member_id)
    applied = 0
    if available <= 0:
        return 0
    for invoice in open_invoices(session, member_id, lock=True):
        take = min(available - applied, invoice.remaining_cents)
        if take <= 0:
            continue
        _pay_invoice(session, invoice, take, payment_id=None, now=now, today=today)
        session.add(
            Credit(
                member_id=member_id, amount_cents=-take, reason="applied",
                invoice_id=invoice.invoice_id, created_at=now,
            )
        )
        applied += take
        if applied >= available:
            break
    session.flush()
    return applied


def reverse(session: Session, payment: Payment, *, now: datetime) -> list[str]:
    """Undo what a returned payment paid: its invoices open again, its credit goes away."""
    allocations = session.execute(
        select(Allocation).where(
            Allocation.payment_id == payment.id, Allocation.reversed.is_(False)
        )
    ).scalars().all()
    reopened: list[str] = []
    for allocation in allocations:
        invoice = session.execute(
            select(Invoice).where(Invoice.invoice_id == allocation.invoice_id).with_for_update()
        ).scalar_one()
        invoice.paid_cents -= allocation.amount_cents
        if invoice.status == "paid" and invoice.paid_cents < invoice.total_cents:
            invoice.status = "open"
            invoice.paid_on = None
        allocation.reversed = True
        reopened.append(invoice.invoice_id)
    credit_from_it = session.execute(
        select(func.coalesce(func.sum(Credit.amount_cents), 0)).where(
            Credit.payment_id == payment.id
        )
    ).scalar_one()
    if credit_from_it:
        session.add(
            Credit(
                member_id=payment.member_id, amount_cents=-int(credit_from_it), reason="returned",
                payment_id=payment.id, created_at=now,
            )
        )
    session.flush()
    return reopened
