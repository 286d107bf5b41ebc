"""Step 3 for many payments at once: record processor answers with a fixed number of statements
per batch (executemany), not a dozen ORM round trips per payment.

The common case (a card charge that went through, or a bank debit now processing, for a member
whose coverage is simply active and who is not on a payment plan) is done set-based here: the
payments are locked and must still be ``pending``, open invoices are locked and paid oldest first
(named ones first), the rest becomes credit, and the receipt notice goes to the notifications
and the outbox as the member's preferences say. Everything else (declines, coverage that a
payment may start, end grace for or reinstate, plan installments) goes through
``engine.record_outcome``, one payment at a time, in the same transaction. The result is the same
as calling ``engine.record_outcome`` for each payment in id order."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from hcpay.domain.i18n import current_language, using_language
from hcpay.gateway.processor import ChargeResult
from hcpay.portal.billing import coverage
from hcpay.portal.billing.notify import channels_for
from hcpay.portal.language import saved_languages
from hcpay.portal.models import (
    Allocation,
    Coverage,
    Credit,
    Invoice,
    Member,
    Notification,
    NotificationPreference,
    OutboxMessage,
    Payment,
    PaymentAttempt,
)
from hcpay.portal.models.base import table_of
from hcpay.portal.payments import engine, rules
from hcpay.portal.settings import PortalSettings

_P = table_of(Payment)
_I = table_of(Invoice)
# Coverage a payment changes nothing about ("active"), or starts once the binder is paid
# ("pending", done here too); grace and reinstatement go through engine.record_outcome.
_PLAIN_COVERAGE = {"active", "pending"}


# The payments, locked, with what deciding and telling needs: coverage and contact details.
_LOCK_PAYMENTS = (
    select(_P.c.id, _P.c.member_id, _P.c.source, _P.c.status, _P.c.amount_cents, _P.c.reference,
           _P.c.method_kind, _P.c.method_brand, _P.c.method_last4, _P.c.invoice_ids,
           _P.c.plan_id, _P.c.expected_settlement_date, _P.c.code, _P.c.decline_code,
           _P.c.failure_message, Coverage.status.label("coverage_status"), Member.email,
           Member.phone, NotificationPreference.categories)
    .join(Member, Member.member_id == _P.c.member_id)
    .outerjoin(Coverage, Coverage.member_id == _P.c.member_id)
    .outerjoin(NotificationPreference, NotificationPreference.member_id == _P.c.member_id)
    .where(_P.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(_P.c.id)
    .with_for_update(of=_P)
)
_OPEN_INVOICES = (
    select(_I.c.member_id, _I.c.invoice_id, _I.c.amount_cents, _I.c.late_fee_cents,
           _I.c.paid_cents, _I.c.is_binder)
    .where(_I.c.member_id.in_(bindparam("members", expanding=True)), _I.c.status == "open")
    .order_by(_I.c.member_id, _I.c.coverage_month, _I.c.policy_kind, _I.c.invoice_id)
    .with_for_update()
)
_UPDATE_PAYMENT = update(_P).where(_P.c.id == bindparam("b_id")).values(
    status=bindparam("b_status"), processor_ref=bindparam("b_ref"),
    charged_at=bindparam("b_now"), expected_settlement_date=bindparam("b_settle"),
)
_UPDATE_INVOICE = update(_I).where(_I.c.invoice_id == bindparam("b_id")).values(
    paid_cents=bindparam("b_paid"), status=bindparam("b_status"),
    paid_on=bindparam("b_paid_on"),
)
_INSERT_ATTEMPT = insert(table_of(PaymentAttempt))
_INSERT_ALLOCATION = insert(table_of(Allocation))
_INSERT_CREDIT = insert(table_of(Credit))
_INSERT_NOTIFICATION = insert(table_of(Notification))
_INSERT_OUTBOX = insert(table_of(OutboxMessage))


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str | None
    categories: str | None  # stored preferences (JSON), None for the defaults


@dataclass(frozen=True)
class Recorded:
    """How a payment stands after its outcome was recorded."""

    status: str
    expected_settlement_date: date | None
    code: str | None
    decline_code: str | None
    failure_message: str | None


def _of(payment: Payment) -> Recorded:
    return Recorded(payment.status, payment.expected_settlement_date, payment.code,
                    payment.decline_code, payment.failure_message)


@dataclass
class _Open:
    invoice_id: str
    total: int
    paid: int
    binder: bool
    changed: bool = False
    paid_on: date | None = None


def record_outcomes(
    session: Session, outcomes: Sequence[tuple[int, ChargeResult]], settings: PortalSettings,
    *, now: datetime, today: date,
) -> dict[int, Recorded]:
    """Record each (payment id, processor answer) once; payments no longer pending are left as
    they are (and reported as they stand)."""
    if not outcomes:
        return {}
    by_id = dict(outcomes)
    rows = session.connection().execute(_LOCK_PAYMENTS, {"ids": list(by_id)}).all()
    done: dict[int, Recorded] = {}
    pending = []
    for row in rows:
        if row.status != "pending":
            done[row.id] = Recorded(row.status, row.expected_settlement_date, row.code,
                                    row.decline_code, row.failure_message)
        else:
            pending.append(row)
    statuses = {row.member_id: row.coverage_status for row in pending}
    slow_members = {
        row.member_id for row in pending
        if by_id[row.id].status == "failed" or row.plan_id is not None
        or (statuses[row.member_id] or "active") not in _PLAIN_COVERAGE
    }
    for row in pending:
        if row.member_id in slow_members:
            payment = engine.record_outcome(session, row.id, by_id[row.id], settings,
                                            now=now, today=today)
            done[row.id] = _of(payment)
    fast = [row for row in pending if row.member_id not in slow_members]
    if fast:
        session.flush()
        done.update(
            _record_fast(session, fast, by_id, statuses, settings, now=now, today=today)
        )
    return done


def _record_fast(
    session: Session, rows: Sequence[Any], by_id: dict[int, ChargeResult],
    statuses: dict[str, str], settings: PortalSettings, *, now: datetime, today: date,
) -> dict[int, Recorded]:
    conn = session.connection()
    open_by_member: dict[str, list[_Open]] = defaultdict(list)
    for found in conn.execute(_OPEN_INVOICES,
                              {"members": sorted({r.member_id for r in rows})}):
        open_by_member[found.member_id].append(
            _Open(found.invoice_id, found.amount_cents + found.late_fee_cents,
                  found.paid_cents, bool(found.is_binder))
        )
    settle_by = rules.settlement_date(today, settings.bank_settlement_business_days)
    payment_rows: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    allocations: list[dict[str, Any]] = []
    credits: list[dict[str, Any]] = []
    notes: list[tuple[str, str, str]] = []
    done: dict[int, Recorded] = {}
    languages = saved_languages(session, (row.member_id for row in rows))
    for row in rows:
        result = by_id[row.id]
        invoices = open_by_member[row.member_id]
        named_ids = json.loads(row.invoice_ids) if row.invoice_ids else []
        by_invoice = {inv.invoice_id: inv for inv in invoices}
        split = rules.split_payment(
            row.amount_cents,
            [rules.OpenBill(inv.invoice_id, inv.total - inv.paid) for inv in invoices],
            named_ids,
        )
        for invoice_id, take in split.allocations:
            inv = by_invoice[invoice_id]
            allocations.append({"member_id": row.member_id, "payment_id": row.id,
                                "invoice_id": inv.invoice_id, "amount_cents": take,
                                "reversed": False, "created_at": now})
            inv.paid += take
            inv.changed = True
            if inv.paid >= inv.total:
                inv.paid_on = today
        if split.credit_cents > 0:
            credits.append({"member_id": row.member_id, "amount_cents": split.credit_cents,
                            "reason": "overpayment", "payment_id": row.id, "invoice_id": None,
                            "created_at": now})
        bank = result.status == "processing"
        status = "processing" if bank else "succeeded"
        payment_rows.append({"b_id": row.id, "b_status": status, "b_ref": result.processor_ref,
                             "b_now": now, "b_settle": settle_by if bank else None})
        attempts.append({"payment_id": row.id, "kind": "charge", "outcome": result.status,
                         "processor_ref": result.processor_ref, "code": result.code,
                         "created_at": now})
        with using_language(languages.get(row.member_id) or current_language()):
            notes.append((row.member_id, *rules.received_notice(
                row.reference, row.amount_cents,
                rules.method_words(row.method_kind, row.method_brand, row.method_last4),
                settle_by if bank else None, row.source,
            )))
        done[row.id] = Recorded(status, settle_by if bank else None, None, None, None)
    conn.execute(_UPDATE_PAYMENT, payment_rows)
    conn.execute(_INSERT_ATTEMPT, attempts)
    if allocations:
        conn.execute(_INSERT_ALLOCATION, allocations)
    changed = [inv for invoices in open_by_member.values() for inv in invoices if inv.changed]
    if changed:
        conn.execute(_UPDATE_INVOICE, [
            {"b_id": inv.invoice_id, "b_paid": inv.paid,
             "b_status": "paid" if inv.paid_on else "open", "b_paid_on": inv.paid_on}
            for inv in changed
        ])
    if credits:
        conn.execute(_INSERT_CREDIT, credits)
    contacts = {row.member_id: Contact(row.email, row.phone, row.categories) for row in rows}
    notify_many(session, notes, category="payments", code="payment_received", now=now,
                contacts=contacts)
    for member_id in sorted({row.member_id for row in rows}):
        binder_open = any(inv.binder and inv.paid_on is None
                          for inv in open_by_member[member_id])
        if statuses.get(member_id) == "pending" and not binder_open:
            # The binder is paid: coverage starts (policies, notice) as after_payment does.
            coverage.after_payment(session, member_id, settings, day=today, now=now)
    return done


def notify_many(
    session: Session, notes: Sequence[tuple[str, str, str]], *, category: str, code: str,
    now: datetime, contacts: dict[str, Contact] | None = None,
) -> None:
    """``notify`` for many (member id, subject, body) at once: the in-app notification always,
    email and text as each member's preferences for ``category`` say."""
    if not notes:
        return
    conn = session.connection()
    if contacts is None:
        contacts = {
            row.member_id: Contact(row.email, row.phone, row.categories)
            for row in conn.execute(
                select(Member.member_id, Member.email, Member.phone,
                       NotificationPreference.categories)
                .outerjoin(NotificationPreference,
                           NotificationPreference.member_id == Member.member_id)
                .where(Member.member_id.in_({member_id for member_id, _, _ in notes}))
            )
        }
    conn.execute(_INSERT_NOTIFICATION, [
        {"member_id": m, "category": category, "code": code, "subject": s, "body": b,
         "created_at": now} for m, s, b in notes
    ])
    outbox: list[dict[str, Any]] = []
    for member_id, subject, body in notes:
        contact = contacts.get(member_id)
        if contact is None:
            continue
        wanted = channels_for(contact.categories, category)
        if wanted.get("email"):
            outbox.append({"member_id": member_id, "channel": "email",
                           "to": contact.email.lower(), "category": category,
                           "subject": subject, "body": body, "created_at": now,
                           "delivered_at": None})
        if wanted.get("sms") and contact.phone:
            outbox.append({"member_id": member_id, "channel": "sms", "to": contact.phone,
                           "category": category, "subject": subject, "body": body,
                           "created_at": now, "delivered_at": None})
    if outbox:
        conn.execute(_INSERT_OUTBOX, outbox)
