"""The member's account: the summary (one request), invoices."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.portal.billing import coverage as coverage_rules
from hcpay.portal.billing import ledger
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Autopay, AutopayDraw, Coverage, Invoice, Payment, PaymentMethod
from hcpay.portal.payments.autopay import autopay_view, fixed_below_premium
from hcpay.portal.payments.views import invoice_view, payment_view
from hcpay.portal.problems import Problem
from hcpay.portal.routes.paging import bad_cursor, check_limit, decode_cursor, encode_cursor
from hcpay.portal.settings import PortalSettings

router = APIRouter(prefix="/api/v1/me", tags=["account"])

_MONTH = re.compile(r"\d{4}-\d{2}")
_WORD = re.compile(r"[A-Za-z0-9-]{1,32}")  # a policy kind, an invoice id


def card_expiring(method: PaymentMethod, today: date, within_days: int = 60) -> bool:
    if method.kind != "card" or method.exp_year is None or method.exp_month is None:
        return False
    year, month = method.exp_year + (method.exp_month // 12), method.exp_month % 12 + 1
    first_after = date(year, month, 1)
    return first_after <= today + timedelta(days=within_days)


def _day(value: date | None) -> str:
    return long_date(value) if value is not None else _("the date in your notices")


def _alerts(
    session: Session, member_id: str, cover: Coverage | None, autopay: Autopay | None,
    today: date, settings: PortalSettings,
) -> list[dict[str, str]]:
    alerts: list[dict[str, str]] = []
    if cover is not None and cover.status == "pending":
        alerts.append({"code": "binder_due", "message": (
            _("Pay your first bill to start your coverage."))})
    if cover is not None and cover.status in ("grace", "termination_pending"):
        alerts.append({"code": "past_due", "message": (
            _("Your payment is past due. Pay by {date} to keep your coverage, or ask for a "
              "payment plan.").format(date=_day(cover.grace_ends_on)))})
    if cover is not None and coverage_rules.can_reinstate(cover, today, settings):
        amount = coverage_rules.reinstatement_cents(session, member_id, today)
        decided = cover.terminated_at
        last_day = decided + timedelta(days=settings.reinstatement_days) if decided else None
        alerts.append({"code": "reinstatement_available", "message": (
            _("Your coverage ended on {date}. Pay {amount} by {deadline} to get it back.").format(
                date=_day(cover.terminated_on), amount=format_cents(amount),
                deadline=_day(last_day)))})
    methods = session.execute(
        select(PaymentMethod).where(
            PaymentMethod.member_id == member_id, PaymentMethod.deleted_at.is_(None)
        )
    ).scalars()
    for method in methods:
        if card_expiring(method, today):
            alerts.append({"code": "card_expiring", "message": (
                _("{method} expires {month}/{year}. Add a new card so your payments keep "
                  "working.").format(method=method.label, month=f"{method.exp_month:02d}",
                                     year=method.exp_year))})
    if autopay is not None and autopay.enabled:
        premium = fixed_below_premium(session, autopay)
        if premium is not None:
            alerts.append({"code": "autopay_amount_low", "message": (
                _("Your automatic payment ({amount}) is less than your premium ({premium}). "
                  "Raise it or choose full balance.").format(
                      amount=format_cents(autopay.amount_cents or 0),
                      premium=format_cents(premium)))})
        stopped = session.execute(
            select(AutopayDraw).where(
                AutopayDraw.member_id == member_id, AutopayDraw.status == "stopped",
                AutopayDraw.draw_date >= today - timedelta(days=45),
            )
        ).first()
        if stopped is not None:
            alerts.append({"code": "autopay_failed", "message": (
                _("Your last automatic payment did not go through. Make a payment and check "
                  "your payment method."))})
    returned = session.execute(
        select(Payment).where(
            Payment.member_id == member_id, Payment.status == "returned",
        ).order_by(Payment.id.desc()).limit(1)
    ).scalar_one_or_none()
    if returned is not None and returned.created_at.date() >= today - timedelta(days=45):
        alerts.append({"code": "payment_returned", "message": (
            _("Your bank returned payment {reference} ({code}). The bill is open again: please "
              "pay it another way.").format(reference=returned.reference,
                                            code=returned.return_code))})
    return alerts


@router.get("/summary")
def summary(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    today = portal.clock.today()
    with portal.db.read() as session:
        member_id = member.member_id
        invoices = ledger.open_invoices(session, member_id)
        nxt = next((inv for inv in invoices if inv.remaining_cents > 0), None)
        cover = session.get(Coverage, member_id)
        autopay = session.get(Autopay, member_id)
        recent = session.execute(
            select(Payment).where(Payment.member_id == member_id)
            .order_by(Payment.created_at.desc(), Payment.id.desc()).limit(5)
        ).scalars().all()
        status = cover.status if cover else "active"
        grace = None
        if cover is not None and status in ("grace", "termination_pending"):
            grace = {
                "month": cover.grace_month, "of": cover.grace_of,
                "ends_on": cover.grace_ends_on.isoformat() if cover.grace_ends_on else None,
                "first_unpaid_month": cover.first_unpaid_month,
            }
        return {
            "member_id": member_id,  # printed on every bill and receipt (guest payment)
            "balance_due_cents": ledger.balance_cents(session, member_id),
            "credit_cents": max(0, ledger.credit_cents(session, member_id)),
            "past_due_cents": ledger.past_due_cents(session, member_id, today),
            "next_due": {
                "invoice_id": nxt.invoice_id, "due_date": nxt.due_date.isoformat(),
                "amount_cents": nxt.remaining_cents,
            } if nxt else None,
            "coverage_status": "active" if status == "pending" else status,
            "coverage_starts_on_payment": status == "pending",
            "terminated_on": cover.terminated_on.isoformat()
            if cover and cover.terminated_on else None,
            "grace": grace,
            "reinstatement": {
                "amount_cents": coverage_rules.reinstatement_cents(session, member_id, today),
                "deadline": (cover.terminated_at + timedelta(
                    days=portal.settings.reinstatement_days)).isoformat(),
            } if cover is not None and cover.terminated_at is not None
            and coverage_rules.can_reinstate(cover, today, portal.settings) else None,
            "autopay": autopay_view(autopay) if autopay else None,
            "recent_payments": [payment_view(p) for p in recent],
            "alerts": _alerts(session, member_id, cover, autopay, today, portal.settings),
            "as_of": portal.clock.now().isoformat(),
            "today": today.isoformat(),
            "time_zone": portal.clock.tz.key,
        }


def _decode_invoice_cursor(cursor: str) -> tuple[str, str, str]:
    """(coverage month, policy kind, invoice id) of the last invoice of the page before."""
    month, kind, invoice_id = decode_cursor(cursor, 3)
    if not (isinstance(month, str) and _MONTH.fullmatch(month)
            and isinstance(kind, str) and _WORD.fullmatch(kind)
            and isinstance(invoice_id, str) and _WORD.fullmatch(invoice_id)):
        raise bad_cursor()
    return month, kind, invoice_id


@router.get("/invoices")
def list_invoices(
    member: CurrentMember, portal: PortalDep, status: Literal["open", "paid", "all"] = "all",
    limit: int = 50, cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> dict[str, Any]:
    """Newest coverage month first (policies of a month in name order), ``limit`` at a time;
    ``next_cursor`` asks for the page after this one (null on the last page)."""
    check_limit(limit)
    after = _decode_invoice_cursor(cursor) if cursor else None
    today = portal.clock.today()
    with portal.db.read() as session:
        query = select(Invoice).where(Invoice.member_id == member.member_id)
        if status != "all":
            query = query.where(Invoice.status == status)
        if after is not None:
            month, kind, invoice_id = after
            query = query.where(or_(
                Invoice.coverage_month < month,
                and_(Invoice.coverage_month == month, or_(
                    Invoice.policy_kind > kind,
                    and_(Invoice.policy_kind == kind, Invoice.invoice_id > invoice_id),
                )),
            ))
        rows = session.execute(
            query.order_by(Invoice.coverage_month.desc(), Invoice.policy_kind,
                           Invoice.invoice_id)
            .limit(limit + 1)
        ).scalars().all()
        items = rows[:limit]
        last = items[-1] if len(rows) > limit else None
        next_cursor = (
            encode_cursor(last.coverage_month, last.policy_kind, last.invoice_id) if last else None
        )
        return {"items": [invoice_view(inv, today) for inv in items], "next_cursor": next_cursor}


@router.get("/invoices/{invoice_id}")
def get_invoice(invoice_id: str, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None or invoice.member_id != member.member_id:
            raise Problem(404, "invoice_not_found", _("There is no such bill on your account."))
        return invoice_view(invoice, portal.clock.today())
