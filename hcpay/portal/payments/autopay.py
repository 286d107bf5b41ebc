"""Automatic payments: when the next draw is, the notice 3 days before, the draw itself (once
per member and period: rows locked with SKIP LOCKED and a UNIQUE (member, period) draw row),
and the one retry after a bank return R01/R09."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.domain.references import payment_reference
from hcpay.portal.billing import ledger
from hcpay.portal.billing.markers import claim
from hcpay.portal.billing.notify import notify, preferences
from hcpay.portal.billing.periods import add_months, month_key, months_between
from hcpay.portal.context import Portal
from hcpay.portal.jobs import JobContext
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Autopay, AutopayDraw, Credit, Invoice, Payment, PaymentMethod
from hcpay.portal.models.base import table_of
from hcpay.portal.payments.runner import (
    BATCH,
    CHUNK,
    PendingCharge,
    charge_all_pending,
    charge_and_record,
    record_and_audit,
)
from hcpay.portal.settings import PortalSettings


def draw_day_of_month(autopay: Autopay, settings: PortalSettings) -> int:
    return settings.due_day if autopay.draw_day == 0 else autopay.draw_day


def next_draw_date(
    autopay: Autopay, settings: PortalSettings, *, after: date, done_period: str | None = None
) -> date | None:
    """The first draw date on or after ``after`` (and after the period already drawn)."""
    return _next_draw_on(
        draw_day_of_month(autopay, settings), autopay.frequency, autopay.start_date,
        autopay.end_date, after, done_period,
    )


@functools.lru_cache(maxsize=4096)
def _next_draw_on(
    day_of_month: int, frequency: str, start_date: date, end_date: date | None, after: date,
    done_period: str | None,
) -> date | None:
    step = 3 if frequency == "quarterly" else 1
    anchor = start_date.replace(day=1)
    start = max(after, start_date)
    offset = max(0, months_between(month_key(anchor), month_key(start)))
    offset -= offset % step
    for _unused in range(40):
        candidate = add_months(anchor, offset).replace(day=day_of_month)
        offset += step
        if candidate < start or (done_period and month_key(candidate) <= done_period):
            continue
        if end_date is not None and candidate > end_date:
            return None
        return candidate
    return None


def draw_amount(amount_type: str, fixed_cents: int | None, owed: int) -> int:
    """What a draw takes from what is owed (less credit): all of it, or the fixed amount up to
    it; nothing when nothing is owed. The notice and the draw both say it so."""
    if owed <= 0:
        return 0
    return owed if amount_type == "full_balance" else min(fixed_cents or 0, owed)


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
        with speaking_to(session, autopay.member_id):
            notify(
                session, autopay.member_id, category="autopay", code="autopay_amount_low",
                subject=_("Your automatic payment no longer covers your premium"),
                body=(
                    _("Your automatic payment is set to {amount}, but your "
                    "premium is {amount2}. Raise the amount or choose full balance so "
                    "your coverage stays active.").format(
                        amount=format_cents(autopay.amount_cents), amount2=format_cents(premium))
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
                amount = draw_amount(autopay.amount_type, autopay.amount_cents, owed)
                autopay.notice_period, autopay.notice_cents = period, amount
                with speaking_to(session, member_id):
                    text = (
                        _("On {date} we will draw {amount} for your "
                        "premium.").format(
                            date=long_date(notice_day), amount=format_cents(amount)) if amount else
                        _("Nothing is owed, so nothing will be drawn on {date}.").format(
                            date=long_date(notice_day))
                    )
                    notify(
                        session, member_id, category="autopay", code="autopay_notice",
                        subject=_("Automatic payment coming up"), body=text, now=ctx.now,
                    )
                _alert_low_fixed(session, autopay, period, ctx)
                sent += 1
    return sent


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


def _owed_by_member(session: Session, member_ids: Sequence[str]) -> dict[str, int]:
    """``ledger.balance_cents`` for many members in two queries."""
    inv = table_of(Invoice).c
    remaining = inv.amount_cents + inv.late_fee_cents - inv.paid_cents
    owed: dict[str, int] = {
        member_id: int(total)
        for member_id, total in session.execute(
            select(inv.member_id, func.sum(case((remaining > 0, remaining), else_=0)))
            .where(inv.member_id.in_(member_ids), inv.status == "open")
            .group_by(inv.member_id)
        )
    }
    for member_id, credit in session.execute(
        select(Credit.member_id, func.sum(Credit.amount_cents))
        .where(Credit.member_id.in_(member_ids))
        .group_by(Credit.member_id)
    ):
        owed[member_id] = owed.get(member_id, 0) - int(credit or 0)
    return {member_id: max(0, cents) for member_id, cents in owed.items()}


def _claim_draws(portal: Portal, ctx: JobContext) -> tuple[int, list[PendingCharge]]:
    """One chunk, set-based: lock due autopay rows (SKIP LOCKED), make each period's draw row
    (UNIQUE per member and period: a period already drawn is never drawn again) and its pending
    payment, move next_draw_date on. Returns (rows looked at, payments to charge)."""
    settings = portal.settings
    a = table_of(Autopay).c
    with ctx.db.write() as session:
        autopays = session.execute(
            select(a.member_id, a.payment_method_id, a.amount_type, a.amount_cents,
                   a.frequency, a.draw_day, a.start_date, a.end_date, a.next_draw_date,
                   a.notice_period, a.notice_cents)
            .where(a.enabled.is_(True), a.next_draw_date <= ctx.day)
            .order_by(a.member_id)
            .limit(CHUNK)
            .with_for_update(skip_locked=True)
        ).all()
        if not autopays:
            return 0, []
        member_ids = [row.member_id for row in autopays]
        periods = {row.member_id: month_key(row.next_draw_date) for row in autopays}
        owed = _owed_by_member(session, member_ids)
        m = table_of(PaymentMethod).c
        methods = {
            row.payment_method_id: row
            for row in session.execute(
                select(m.payment_method_id, m.token, m.kind, m.brand, m.last4)
                .where(m.payment_method_id.in_({row.payment_method_id for row in autopays}),
                       m.deleted_at.is_(None))
            )
        }
        d = table_of(AutopayDraw).c
        drawn_before = set(
            session.execute(
                select(d.member_id, d.period).where(
                    d.member_id.in_(member_ids), d.period.in_(set(periods.values())))
            )
        )
        moves: list[dict[str, Any]] = []
        draws: list[dict[str, Any]] = []
        payments: list[dict[str, Any]] = []
        fixed: list[Any] = []
        for row in autopays:
            period = periods[row.member_id]
            day_of_month = settings.due_day if row.draw_day == 0 else row.draw_day
            moves.append({"b_member": row.member_id, "b_next": _next_draw_on(
                day_of_month, row.frequency, row.start_date, row.end_date,
                ctx.day + timedelta(days=1), period)})
            if (row.member_id, period) in drawn_before:
                continue
            method = methods.get(row.payment_method_id)
            balance = owed.get(row.member_id, 0)
            draw = {"member_id": row.member_id, "period": period, "draw_date": ctx.day,
                    "status": "drawn", "payment_id": None, "retry_on": None,
                    "created_at": ctx.now}
            draws.append(draw)
            amount = draw_amount(row.amount_type, row.amount_cents, balance)
            if row.notice_period == period and row.notice_cents is not None:
                amount = min(amount, row.notice_cents)  # never more than the notice said
            if amount <= 0 or method is None:
                draw["status"] = "skipped"
                continue
            if row.amount_type == "fixed":
                fixed.append(row)
            payments.append({
                "reference": payment_reference(), "member_id": row.member_id,
                "source": "autopay", "status": "pending", "amount_cents": amount,
                "payment_method_id": method.payment_method_id, "token": method.token,
                "method_kind": method.kind, "method_brand": method.brand,
                "method_last4": method.last4, "invoice_ids": None, "created_at": ctx.now,
                "charge_started_at": ctx.now, "autopay_period": period, "retry_of": None,
                "plan_id": None, "scheduled_for": None,
            })
        session.execute(
            update(table_of(Autopay)).where(a.member_id == bindparam("b_member"))
            .values(next_draw_date=bindparam("b_next")),
            moves,
        )
        to_charge: list[PendingCharge] = []
        if payments:
            p = table_of(Payment).c
            made = session.execute(
                insert(table_of(Payment)).returning(p.id, p.member_id,
                                                    sort_by_parameter_order=True),
                payments,
            ).all()
            ids = {row.member_id: row.id for row in made}
            for draw in draws:
                draw["payment_id"] = ids.get(draw["member_id"])
            to_charge = [
                PendingCharge(ids[pay["member_id"]], pay["reference"], pay["token"],
                              pay["amount_cents"]) for pay in payments
            ]
        if draws:
            # A concurrent runner cannot have drawn these periods (their autopay rows are
            # locked here); if one somehow did, the UNIQUE constraint fails this chunk whole.
            session.execute(insert(table_of(AutopayDraw)), draws)
        for row in fixed:
            autopay = session.get(Autopay, row.member_id)
            if autopay is not None:
                _alert_low_fixed(session, autopay, periods[row.member_id], ctx)
    return len(autopays), to_charge


def _claim_with_retry(portal: Portal, ctx: JobContext) -> tuple[int, list[PendingCharge]]:
    """A chunk fails whole on a constraint (two new payments drew the same random reference,
    or a racing runner drew a period first); nothing of it was kept, so it is simply claimed
    again."""
    for attempt in range(3):
        try:
            return _claim_draws(portal, ctx)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def run_draws(portal: Portal, ctx: JobContext) -> int:
    drawn = 0
    while True:
        seen, pending = _claim_with_retry(portal, ctx)
        results = charge_all_pending(portal, pending, ctx)
        record_and_audit(portal, pending, results, ctx, source="autopay")
        drawn += len(results)
        if seen < CHUNK:
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
    return charge_and_record(portal, to_charge, ctx, source="autopay_retry")


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
        "paused_until": (
            autopay.paused_until.isoformat()
            if not autopay.enabled and autopay.paused_until else None
        ),
    }


def run_resumes(portal: Portal, ctx: JobContext) -> int:
    """Paused automatic payments whose resume day has come are on again (before the day's
    notices and draws, so a draw due that day is made); a member whose reminders are on hears
    of it that many days before. Each member's row is changed by one conditional UPDATE."""
    with ctx.db.read() as session:
        due = list(session.execute(
            select(Autopay.member_id, Autopay.paused_until).where(
                Autopay.enabled.is_(False), Autopay.paused_until.is_not(None),
                Autopay.paused_until <= ctx.day + timedelta(days=31),
            )
        ).all())
    resumed = 0
    for member_id, until in due:
        assert isinstance(until, date)
        with ctx.db.write() as session:
            if until > ctx.day:
                _remind_resume(session, member_id, until, ctx)
                continue
            done = session.execute(
                update(Autopay).where(
                    Autopay.member_id == member_id, Autopay.enabled.is_(False),
                    Autopay.paused_until == until,
                ).values(enabled=True, paused_until=None, updated_at=ctx.now)
            ).rowcount  # type: ignore[attr-defined]
            if not done:
                continue
            autopay = session.get(Autopay, member_id)
            assert autopay is not None
            last = session.execute(
                select(AutopayDraw.period).where(AutopayDraw.member_id == member_id)
                .order_by(AutopayDraw.period.desc()).limit(1)
            ).scalar_one_or_none()
            autopay.next_draw_date = next_draw_date(autopay, portal.settings, after=ctx.day,
                                                    done_period=last)
            draw = autopay.next_draw_date
            with speaking_to(session, member_id):
                nxt = (" " + _("The next draw is on {date}.").format(date=long_date(draw))
                       if draw else "")
                notify(
                    session, member_id, category="autopay", code="autopay_resumed",
                    subject=_("Your automatic payments are on again"),
                    body=_("Your automatic payments were paused until {date}, and are on "
                           "again from today.{next_draw}").format(date=long_date(until),
                                                                 next_draw=nxt),
                    now=ctx.now,
                )
            resumed += 1
    return resumed


def _remind_resume(session: Session, member_id: str, until: date, ctx: JobContext) -> None:
    _reminders, remind_days = preferences(session, member_id)
    if remind_days <= 0 or (until - ctx.day).days != remind_days:
        return
    if not claim(session, "autopay_resume_reminder", member_id, until.isoformat(), now=ctx.now):
        return
    with speaking_to(session, member_id):
        notify(
            session, member_id, category="autopay", code="autopay_resume_reminder",
            subject=_("Your automatic payments resume on {date}").format(date=long_date(until)),
            body=_("A reminder: your automatic payments are paused until {date}. From that "
                   "day they draw again as set up; to change them, open Automatic "
                   "Payments.").format(
                       date=long_date(until)),
            now=ctx.now,
        )
