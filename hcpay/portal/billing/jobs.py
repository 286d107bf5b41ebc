"""The billing jobs: issue invoices, walk grace periods, send due-date reminders."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.portal.billing import coverage, ledger
from hcpay.portal.billing.invoicing import issue_monthly
from hcpay.portal.billing.markers import claim
from hcpay.portal.billing.notify import notify, preferences
from hcpay.portal.context import Portal
from hcpay.portal.jobs import JobContext
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Invoice

BATCH = 500


def run_billing(portal: Portal, ctx: JobContext) -> int:
    issued = 0
    while True:
        with ctx.db.write() as session:
            seen, made = issue_monthly(
                session, portal.settings, day=ctx.day, now=ctx.now, limit=BATCH
            )
        issued += made
        if seen < BATCH:
            return issued


def run_grace(portal: Portal, ctx: JobContext) -> int:
    with ctx.db.read() as session:
        members = coverage.members_to_review(session, ctx.day)
    changed = 0
    for start in range(0, len(members), 100):
        with ctx.db.write() as session:
            for member_id in members[start : start + 100]:
                before = coverage.get_coverage(session, member_id)
                old = before.status if before else None
                new = coverage.evaluate(
                    session, member_id, portal.settings, day=ctx.day, now=ctx.now
                )
                changed += int(new != old)
    return changed


def run_reminders(portal: Portal, ctx: JobContext) -> int:
    """Remind members N days before a due date (N and channels from their preferences)."""
    horizon = ctx.day + timedelta(days=31)
    with ctx.db.read() as session:
        rows = session.execute(
            select(Invoice.member_id, Invoice.due_date)
            .where(
                Invoice.status == "open", Invoice.due_date >= ctx.day,
                Invoice.due_date <= horizon,
            )
            .distinct()
        ).all()
    sent = 0
    with ctx.db.write() as session:
        for member_id, due_date in rows:
            _unused, remind_days = preferences(session, member_id)
            if remind_days <= 0 or (due_date - ctx.day).days != remind_days:
                continue
            if not claim(session, "reminder", member_id, due_date.isoformat(), now=ctx.now):
                continue
            owed = sum(
                inv.remaining_cents for inv in ledger.open_invoices(session, member_id)
                if inv.due_date <= due_date
            )
            if owed <= 0:
                continue
            with speaking_to(session, member_id):
                notify(
                    session, member_id, category="billing", code="payment_reminder",
                    subject=_("Your premium is due on {date}").format(date=long_date(due_date)),
                    body=(
                        _("A reminder: {amount} is due on {date}. "
                        "If automatic payments are on, there is nothing to do.").format(
                            amount=format_cents(owed), date=long_date(due_date))
                    ),
                    now=ctx.now,
                )
            sent += 1
    return sent
