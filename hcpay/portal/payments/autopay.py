"""Automatic payments: when the next draw is, the notice 3 days before, the draw itself (once
per member and period: rows locked with SKIP LOCKED and a UNIQUE (member, period) draw row),
and the one retry after a bank return R01/R09."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hcpay.domain.references import payment_reference
from hcpay.portal.billing import ledger
from hcpay.portal.billing.markers import claim
from hcpay.portal.billing.notify import notify
from hcpay.portal.billing.periods import add_months, month_key, months_between
from hcpay.portal.context import Portal
from hcpay.portal.jobs import JobContext
from hcpay.portal.models import Autopay, AutopayDraw, Payment, PaymentMethod
from hcpay.portal.payments.runner import BATCH, charge_and_record
from hcpay.portal.settings import PortalSettings


def draw_day_of_month(autopay: Autopay, settings: PortalSettings) -> int:
    return settings.due_day if autopay.draw_day == 0 else autopay.draw_day


def next_draw_date(
    autopay: Autopay, settings: PortalSettings, *, after: date, done_period: str | None = None
) -> date | None:
    """The first draw date on or after ``after`` (and after the period already drawn)."""
    day_of_month = draw_day_of_month(autopay, settings)
    step = 3 if autopay.frequency == "quarterly" else 1
    anchor = autopay.start_date.replace(day=1)
    start = max(after, autopay.start_date)
    offset = max(0, months_between(month_key(anchor), month_key(start)))
    offset -= offset % step
    for _ in range(40):
        candidate = add_months(anchor, offset).replace(day=day_of_month)
        offset += step
        if candidate < start or (done_period and month_key(candidate) <= done_period):
            continue
        if autopay.end_date is not None and candidate > autopay.end_date:
            return None
        return candidate
    return None


def fixed_below_premium(session: Session, autopay: Autopay) -> int | None:
    """The monthly premium, when a fixed autopay amount no longer covers it."""
    if autopay.amount_type != "fixed" or autopay.amount_cents is None:
        return None
    premium = ledger.monthly_premium_cents(session, autopay.member_id)
    months = 3 if autopay.frequency == "quarterly" else 1
    return premium * months if autopay.amount_cents < premium * months else None


def _alert_low_fixed(session: Session, autopay: Autopay, period: str, ctx: JobContext) -> None:
    premium = fixed_below_premium(session, autopay)
    if premium is None or autopay.amount_cents is None:
        return
    if claim(session, "autopay_low", autopay.member_id, period, now=ctx.now):
        notify(
            session, autopay.member_id, category="autopay", code="autopay_amount_low",
            subject="Your automatic payment no longer covers your premium",
            body=(
                f"Your automatic payment is set to ${autopay.amount_cents / 100:,.2f}, but your "
                f"premium is ${premium / 100:,.2f}. Raise the amount or choose full balance so "
                "your coverage stays active."
            ),
            now=ctx.now,
        )


def run_notices(portal: Portal, ctx: JobContext) -> int:
    """A notice 3 days before each draw (once per member and period)."""
    notice_day = ctx.day + timedelta(days=portal.settings.autopay_notice_days)
    with ctx.db.read() as session:
        member_ids = list(
            session.execute(
                select(Autopay.member_id).where(
                    Autopay.enabled.is_(True), Autopay.next_draw_date == notice_day
                )
            ).scalars()
        )
    sent = 0
    for start in range(0, len(member_ids), BATCH):
        with ctx.db.write() as session:
            for member_id in member_ids[start : start + BATCH]:
                autopay = session.get(Autopay, member_id)
                if autopay is None or autopay.next_draw_date != notice_day:
                    continue
                period = month_key(notice_day)
                if not claim(session, "autopay_notice", member_id, period, now=ctx.now):
                    continue
                owed = ledger.balance_cents(session, member_id)
                amount = owed if autopay.amount_type == "full_balance" else (
                    min(autopay.amount_cents or 0, owed) if owed else 0
                )
                text = (
                    f"On {notice_day.isoformat()} we will draw ${amount / 100:,.2f} for your "
                    "premium." if amount else
                    f"Nothing is owed, so nothing will be drawn on {notice_day.isoformat()}."
                )
                notify(
                    session, member_id, category="autopay", code="autopay_notice",
                    subject="Automatic payment coming up", body=text, now=ctx.now,
                )
                _alert_low_fixed(session, autopay, period, ctx)
                sent += 1
    return sent


def _insert_draw(session: Session, member_id: str, period: str, day: date, ctx: JobContext,
                 status: str) -> AutopayDraw | None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = session.execute(
        insert(AutopayDraw)
        .values(member_id=member_id, period=period, draw_date=day, status=status,
                created_at=ctx.now)
        .on_conflict_do_nothing()
        .returning(AutopayDraw.id)
    ).first()
    if inserted is None:
        return None
    return session.execute(
        select(AutopayDraw).where(AutopayDraw.member_id == member_id,
                                  AutopayDraw.period == period)
    ).scalar_one()


def _new_autopay_payment(
    member_id: str, amount: int, method: PaymentMethod, period: str, ctx: JobContext,
    retry_of: str | None = None,
) -> Payment:
    return Payment(
        reference=payment_reference(), member_id=member_id, source="autopay", status="pending",
        amount_cents=amount, payment_method_id=method.payment_method_id, token=method.token,
        method_kind=method.kind, method_brand=method.brand, method_last4=method.last4,
        created_at=ctx.now, charge_started_at=ctx.now, autopay_period=period,
        retry_of=retry_of, invoice_ids=None,
    )


def _claim_draws(portal: Portal, ctx: JobContext) -> tuple[int, list[int]]:
    """One batch: lock due autopay rows (SKIP LOCKED), make each period's draw row and its
    pending payment, move next_draw_date on. Returns (rows looked at, payments to charge)."""
    settings = portal.settings
    to_charge: list[int] = []
    with ctx.db.write() as session:
        autopays = list(
            session.execute(
                select(Autopay)
                .where(Autopay.enabled.is_(True), Autopay.next_draw_date <= ctx.day)
                .order_by(Autopay.member_id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        for autopay in autopays:
            draw_date = autopay.next_draw_date
            assert draw_date is not None
            period = month_key(draw_date)
            autopay.next_draw_date = next_draw_date(
                autopay, settings, after=ctx.day + timedelta(days=1), done_period=period
            )
            owed = ledger.balance_cents(session, autopay.member_id)
            method = session.get(PaymentMethod, autopay.payment_method_id)
            if owed <= 0 or method is None or method.deleted_at is not None:
                _insert_draw(session, autopay.member_id, period, ctx.day, ctx, "skipped")
                continue
            draw = _insert_draw(session, autopay.member_id, period, ctx.day, ctx, "drawn")
            if draw is None:
                continue  # already drawn for this period
            amount = owed if autopay.amount_type == "full_balance" else (
                autopay.amount_cents or 0
            )
            _alert_low_fixed(session, autopay, period, ctx)
            payment = _new_autopay_payment(autopay.member_id, amount, method, period, ctx)
            session.add(payment)
            session.flush()
            draw.payment_id = payment.id
            to_charge.append(payment.id)
    return len(autopays), to_charge


def run_draws(portal: Portal, ctx: JobContext) -> int:
    drawn = 0
    while True:
        seen, ids = _claim_draws(portal, ctx)
        drawn += charge_and_record(portal, ids, ctx)
        if seen < BATCH:
            break
    return drawn + run_retries(portal, ctx)


def run_retries(portal: Portal, ctx: JobContext) -> int:
    """The one retry of a draw the bank returned with R01/R09."""
    to_charge: list[int] = []
    with ctx.db.write() as session:
        draws = list(
            session.execute(
                select(AutopayDraw)
                .where(AutopayDraw.status == "retry_due", AutopayDraw.retry_on <= ctx.day)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            ).scalars()
        )
        for draw in draws:
            claimed = session.execute(
                update(AutopayDraw)
                .where(AutopayDraw.id == draw.id, AutopayDraw.status == "retry_due")
                .values(status="retried")
            )
            if not claimed.rowcount:  # type: ignore[attr-defined]
                continue
            original = session.get(Payment, draw.payment_id) if draw.payment_id else None
            autopay = session.get(Autopay, draw.member_id)
            method = session.get(PaymentMethod, autopay.payment_method_id) if autopay else None
            owed = ledger.balance_cents(session, draw.member_id)
            if original is None or method is None or owed <= 0:
                continue
            payment = _new_autopay_payment(
                draw.member_id, min(original.amount_cents, owed), method, draw.period, ctx,
                retry_of=original.reference,
            )
            session.add(payment)
            session.flush()
            to_charge.append(payment.id)
    return charge_and_record(portal, to_charge, ctx)


def autopay_view(autopay: Autopay) -> dict[str, object]:
    amount: dict[str, object] = {"type": autopay.amount_type}
    if autopay.amount_type == "fixed":
        amount["amount_cents"] = autopay.amount_cents
    return {
        "enabled": autopay.enabled,
        "payment_method_id": autopay.payment_method_id,
        "amount": amount,
        "frequency": autopay.frequency,
        "draw_day": "due_date" if autopay.draw_day == 0 else autopay.draw_day,
        "start_date": autopay.start_date.isoformat(),
        "end_date": autopay.end_date.isoformat() if autopay.end_date else None,
        "next_draw_date": (
            autopay.next_draw_date.isoformat()
            if autopay.enabled and autopay.next_draw_date else None
        ),
    }
