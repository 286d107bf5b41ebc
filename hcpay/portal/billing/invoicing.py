"""Issuing invoices: the binder invoice at enrollment, then one a policy each month, issued on
the 1st for the next month and due on the due day (the 23rd) of the month they are issued in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date, month_words
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.domain.references import random_code
from hcpay.portal.billing import ledger
from hcpay.portal.billing.notify import notify
from hcpay.portal.billing.periods import due_date_for, month_key, next_month_key
from hcpay.portal.documents.bills import make_bill
from hcpay.portal.documents.preferences import delivery_for
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Coverage, Invoice, Policy
from hcpay.portal.settings import PortalSettings


def new_invoice_id() -> str:
    return f"INV-{random_code(4)}-{random_code(4)}"


def insert_invoice(
    session: Session, policy: Policy, coverage_month: str, *, issued_on: date, due_date: date,
    now: datetime, is_binder: bool = False,
) -> str | None:
    """Insert the invoice unless that policy already has one for the month (any process); its
    id, or None when it existed."""
    values = {
        "invoice_id": new_invoice_id(), "member_id": policy.member_id,
        "policy_id": policy.policy_id, "policy_kind": policy.kind,
        "coverage_month": coverage_month, "amount_cents": policy.premium_cents,
        "late_fee_cents": 0, "paid_cents": 0, "issued_on": issued_on, "due_date": due_date,
        "status": "open", "is_binder": is_binder, "created_at": now,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Invoice).values(**values).on_conflict_do_nothing().returning(Invoice.invoice_id)
    )
    row = session.execute(statement).first()
    return None if row is None else str(row[0])


def binder_due_date(today: date, settings: PortalSettings) -> date:
    """The binder is due on the due day of this month, or in a week when that has passed."""
    due = today.replace(day=settings.due_day)
    return due if due >= today else today + timedelta(days=7)


def issue_monthly(
    session: Session, settings: PortalSettings, *, day: date, now: datetime, limit: int = 500
) -> tuple[int, int]:
    """Issue next month's invoice for up to ``limit`` active policies that do not have it yet;
    returns (policies looked at, invoices issued). Row locks with SKIP LOCKED let two runners
    share the work on PostgreSQL; the unique (policy, month) key makes each invoice once."""
    target = next_month_key(month_key(day))
    policies = session.execute(
        select(Policy)
        .where(Policy.status == "active", Policy.billed_through < target)
        .order_by(Policy.policy_id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).scalars().all()
    issued = 0
    members: set[str] = set()
    for policy in policies:
        coverage_month = next_month_key(policy.billed_through)
        while coverage_month <= target:
            invoice_id = insert_invoice(
                session, policy, coverage_month, issued_on=day,
                due_date=due_date_for(coverage_month, settings.due_day), now=now,
            )
            if invoice_id:
                # the month's "your bill is ready" notification below says it, once a member
                make_bill(session, settings, invoice_id, now=now, ready_email=False)
                issued += 1
                members.add(policy.member_id)
            policy.billed_through = coverage_month
            coverage_month = next_month_key(coverage_month)
    session.flush()
    for member_id in sorted(members):
        ledger.apply_credit(session, member_id, now=now, today=day)
        coverage = session.get(Coverage, member_id)
        if coverage is not None and coverage.status == "terminated":
            continue
        owed = ledger.balance_cents(session, member_id)
        paperless = delivery_for(session, member_id, "bill") == "email"
        with speaking_to(session, member_id):
            notify(
                session, member_id, category="billing", code="invoice_issued",
                subject=_("Your bill for {month} is ready").format(month=month_words(target)),
                body=(
                    _("Your premium bill for {target} coverage is ready. Amount due: "
                    "{amount}, due {date}. "
                    "Sign in to pay or check your automatic payments.").format(
                        target=month_words(target), amount=format_cents(owed),
                        date=long_date(due_date_for(target, settings.due_day)))
                    + " " + (_("Open Documents in the app to read or save the bill.") if paperless
                             else _("Your paper bill is in the mail."))
                ),
                now=now, email=paperless,  # bills by mail: no email about them
            )
    return len(policies), issued

