"""Coverage: the binder starts it; missed payments walk through the grace period to a
(retroactive) termination; a payment plan holds it; reinstatement within 35 days.

Subsidized members: 3 grace months from the first unpaid month (month 1 "Past due warning",
months 2 and 3 "Termination warning"); unpaid at the end, coverage ends at the last day of the
first unpaid month. Others: a past-due notice with a deadline 30 days out; unpaid by then,
coverage ends at the last day of the last fully paid month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date, month_words
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.portal.billing import ledger
from hcpay.portal.billing.markers import claim
from hcpay.portal.billing.notify import notify
from hcpay.portal.billing.periods import month_end, month_key, months_between, next_month_key
from hcpay.portal.documents.notices import tell
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Coverage, Invoice, Member, PaymentPlan, Policy
from hcpay.portal.settings import PortalSettings


@dataclass(frozen=True)
class GraceStep:
    status: str  # grace | termination_pending | terminated
    first_unpaid_month: str
    month: int
    of: int
    ends_on: date
    terminated_on: date | None


def _oldest_past_due(session: Session, member_id: str, day: date) -> Invoice | None:
    return session.execute(
        select(Invoice)
        .where(
            Invoice.member_id == member_id, Invoice.status == "open",
            Invoice.is_binder.is_(False), Invoice.due_date < day,
        )
        .order_by(Invoice.coverage_month)
        .limit(1)
    ).scalar_one_or_none()


def grace_step(
    member: Member, oldest: Invoice, day: date, settings: PortalSettings
) -> GraceStep:
    first = oldest.coverage_month
    if member.subsidized:
        of = settings.grace_months_subsidized
        month = max(1, months_between(first, month_key(day)) + 1)
        ends_on = month_end(next_month_key(first, of - 1))
        if day > ends_on:
            return GraceStep("terminated", first, of, of, ends_on, month_end(first))
        status = "grace" if month == 1 else "termination_pending"
        return GraceStep(status, first, month, of, ends_on, None)
    ends_on = oldest.due_date + timedelta(days=settings.past_due_days_unsubsidized)
    if day > ends_on:
        return GraceStep(
            "terminated", first, 1, 1, ends_on, month_end(next_month_key(first, -1))
        )
    return GraceStep("grace", first, 1, 1, ends_on, None)


def _has_active_plan(session: Session, member_id: str) -> bool:
    count = session.execute(
        select(func.count()).select_from(PaymentPlan).where(
            PaymentPlan.member_id == member_id, PaymentPlan.status == "active"
        )
    ).scalar_one()
    return bool(count)


def _terminate(
    session: Session, member: Member, coverage: Coverage, step: GraceStep, *, day: date,
    now: datetime, settings: PortalSettings,
) -> None:
    assert step.terminated_on is not None
    ended = step.terminated_on
    coverage.status = "terminated"
    coverage.terminated_on = ended
    coverage.terminated_at = day
    coverage.grace_month = coverage.grace_of = None
    coverage.grace_ends_on = None
    session.execute(
        update(Invoice)
        .where(
            Invoice.member_id == member.member_id, Invoice.status == "open",
            Invoice.coverage_month > month_key(ended),
        )
        .values(status="void")
    )
    session.execute(
        update(Policy).where(Policy.member_id == member.member_id).values(status="terminated")
    )
    with speaking_to(session, member.member_id):
        body = _(
            "Because premiums were not paid, your coverage ended on {date}. You can get it back "
            "within {days} days by paying the whole balance plus next month's premium. Call us if "
            "you need help."
        ).format(date=long_date(ended), days=settings.reinstatement_days)
        tell(session, settings, member, event="coverage_terminated", key=ended.isoformat(),
             subject=_("Your coverage has ended"), body=body, day=day, now=now)


def _warn(
    session: Session, member: Member, step: GraceStep, *, day: date, now: datetime,
    settings: PortalSettings,
) -> None:
    period = f"{step.first_unpaid_month}:{step.month}"
    if not claim(session, "grace_notice", member.member_id, period, now=now):
        return
    with speaking_to(session, member.member_id):
        if member.subsidized and step.month == 1:
            code, subject = "past_due_warning", _("Past due warning")
        elif member.subsidized:
            code, subject = "termination_warning", _("Termination warning")
        else:
            code, subject = "past_due_notice", _("Past-due notice")
        owed = ledger.balance_cents(session, member.member_id)
        body = (
            _("Your premium for {first_unpaid_month} is unpaid. This is month {month} of "
              "{of} of your grace period. Pay {amount} by {date} "
              "to keep your coverage, or ask for a payment plan.").format(
                first_unpaid_month=month_words(step.first_unpaid_month), month=step.month,
                of=step.of, amount=format_cents(owed), date=long_date(step.ends_on))
        )
        tell(session, settings, member, event=code, key=period, subject=subject, body=body,
             day=day, now=now)


def evaluate(
    session: Session, member_id: str, settings: PortalSettings, *, day: date, now: datetime
) -> str:
    """Bring one member's coverage up to date for ``day``; returns the new status."""
    coverage = session.execute(
        select(Coverage).where(Coverage.member_id == member_id).with_for_update()
    ).scalar_one_or_none()
    member = session.get(Member, member_id)
    if coverage is None or member is None or coverage.status in ("pending", "terminated"):
        return coverage.status if coverage else "none"
    oldest = _oldest_past_due(session, member_id, day)
    if oldest is None or _has_active_plan(session, member_id):
        if coverage.status != "active":
            coverage.status = "active"
            coverage.first_unpaid_month = None
            coverage.grace_month = coverage.grace_of = None
            coverage.grace_ends_on = None
        return "active"
    step = grace_step(member, oldest, day, settings)
    if step.status == "terminated":
        _terminate(session, member, coverage, step, day=day, now=now, settings=settings)
        return "terminated"
    coverage.status = step.status
    coverage.first_unpaid_month = step.first_unpaid_month
    coverage.grace_month, coverage.grace_of = step.month, step.of
    coverage.grace_ends_on = step.ends_on
    _warn(session, member, step, day=day, now=now, settings=settings)
    if settings.late_fee_cents > 0:
        session.execute(
            update(Invoice)
            .where(
                Invoice.member_id == member_id, Invoice.status == "open",
                Invoice.due_date < day, Invoice.late_fee_cents == 0,
                Invoice.is_binder.is_(False),
            )
            .values(late_fee_cents=settings.late_fee_cents)
        )
    return step.status


def members_to_review(session: Session, day: date) -> list[str]:
    """Members with a past-due invoice, or still marked in grace."""
    past_due = select(Invoice.member_id).where(
        Invoice.status == "open", Invoice.is_binder.is_(False), Invoice.due_date < day
    )
    in_grace = select(Coverage.member_id).where(
        Coverage.status.in_(("grace", "termination_pending"))
    )
    rows = session.execute(past_due.union(in_grace)).scalars().all()
    return sorted(set(rows))


def after_payment(
    session: Session, member_id: str, settings: PortalSettings, *, day: date, now: datetime
) -> None:
    """A payment landed: a paid binder starts coverage; a cleared past-due ends grace."""
    coverage = session.get(Coverage, member_id)
    if coverage is None:
        return
    if coverage.status == "pending":
        binders_open = session.execute(
            select(func.count()).select_from(Invoice).where(
                Invoice.member_id == member_id, Invoice.is_binder.is_(True),
                Invoice.status == "open",
            )
        ).scalar_one()
        if not binders_open:
            coverage.status = "active"
            session.execute(
                update(Policy)
                .where(Policy.member_id == member_id, Policy.status == "pending")
                .values(status="active")
            )
            with speaking_to(session, member_id):
                notify(
                    session, member_id, category="billing", code="coverage_started",
                    subject=_("Your coverage is confirmed"),
                    body=_("We received your first premium payment. Your coverage starts as "
                           "planned."),
                    now=now,
                )
        return
    if coverage.status in ("grace", "termination_pending"):
        evaluate(session, member_id, settings, day=day, now=now)


def reinstatement_cents(session: Session, member_id: str, today: date) -> int:
    """What bringing terminated coverage back costs: the whole balance (the voided months too)
    plus next month's premium."""
    voided = session.execute(
        select(func.coalesce(func.sum(Invoice.amount_cents), 0)).where(
            Invoice.member_id == member_id, Invoice.status == "void"
        )
    ).scalar_one()
    premium = int(
        session.execute(
            select(func.coalesce(func.sum(Policy.premium_cents), 0)).where(
                Policy.member_id == member_id
            )
        ).scalar_one()
    )
    next_month = next_month_key(month_key(today))
    billed_next = session.execute(
        select(func.count()).select_from(Invoice).where(
            Invoice.member_id == member_id, Invoice.coverage_month == next_month
        )
    ).scalar_one()
    owed = sum(inv.remaining_cents for inv in ledger.open_invoices(session, member_id))
    extra = 0 if billed_next else premium
    return max(0, owed + int(voided) + extra - ledger.credit_cents(session, member_id))


def can_reinstate(coverage: Coverage | None, today: date, settings: PortalSettings) -> bool:
    return (
        coverage is not None and coverage.status == "terminated"
        and coverage.terminated_at is not None
        and (today - coverage.terminated_at).days <= settings.reinstatement_days
    )


def reinstate(
    session: Session, member_id: str, *, day: date, now: datetime, settings: PortalSettings,
) -> None:
    """Bring coverage back: voided invoices are owed again, billing resumes."""
    coverage = session.get(Coverage, member_id)
    assert coverage is not None
    ended = coverage.terminated_on
    session.execute(
        update(Invoice)
        .where(Invoice.member_id == member_id, Invoice.status == "void")
        .values(status="open")
    )
    session.execute(
        update(Policy).where(Policy.member_id == member_id).values(status="active")
    )
    coverage.status = "active"
    coverage.terminated_on = None
    coverage.terminated_at = None
    coverage.first_unpaid_month = None
    coverage.reinstated = True
    session.flush()
    with speaking_to(session, member_id):
        body = _("We received your payment and your coverage has been reinstated without a gap.")
        member = session.get(Member, member_id)
        if member is not None:
            tell(session, settings, member, event="coverage_reinstated",
                 key=f"{ended}:{day.isoformat()}", subject=_("Your coverage is back"), body=body,
                 day=day, now=now)


def get_coverage(session: Session, member_id: str) -> Coverage | None:
    return session.get(Coverage, member_id)


def after_return(
    session: Session, member_id: str, settings: PortalSettings, *, day: date, now: datetime
) -> None:
    """A returned payment reopened invoices: a reopened binder stops coverage from starting;
    a reopened past-due invoice puts the member back in grace."""
    cover = session.get(Coverage, member_id)
    if cover is None:
        return
    binder_open = session.execute(
        select(func.count()).select_from(Invoice).where(
            Invoice.member_id == member_id, Invoice.is_binder.is_(True), Invoice.status == "open"
        )
    ).scalar_one()
    if binder_open and cover.status == "active":
        cover.status = "pending"
        session.execute(
            update(Policy)
            .where(Policy.member_id == member_id, Policy.status == "active")
            .values(status="pending")
        )
        return
    if cover.status in ("active", "grace", "termination_pending"):
        evaluate(session, member_id, settings, day=day, now=now)
