"""Automatic payments: GET / PUT / DELETE /api/v1/me/autopay."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field, Strict
from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.portal.billing import ledger
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Autopay, AutopayDraw, PaymentMethod
from hcpay.portal.payments import together
from hcpay.portal.payments.autopay import autopay_view, next_draw_date
from hcpay.portal.problems import Problem, field_errors
from hcpay.portal.routes.fields import Count, Day
from hcpay.portal.services import audit

router = APIRouter(prefix="/api/v1/me/autopay", tags=["autopay"])

# No amount near what a database column holds (2^31 - 1 cents) gets that far.
MAX_FIXED_CENTS = 100_000_000


def _fixed_cap(session: Session, member_id: str, frequency: str) -> int:
    """The most a fixed amount may be (portal-api.md v1.1): the open balance less credit, plus
    a draw period's premium (one month, or three for quarterly draws)."""
    owed = sum(inv.remaining_cents for inv in ledger.open_invoices(session, member_id))
    months = 3 if frequency == "quarterly" else 1
    return (owed - ledger.credit_cents(session, member_id)
            + ledger.monthly_premium_cents(session, member_id) * months)


def _amount_too_high(cap: int) -> Problem:
    message = (
        _("Enter a fixed amount of {amount} or less: your balance less any credit, "
        "plus a period's premium.").format(amount=format_cents(cap)) if cap > 0 else
        _("Your credit already covers your balance and next premium: choose full balance, or "
        "set a fixed amount later.")
    )
    return Problem(422, "amount_too_high", message,
                   errors=[{"field": "amount.amount_cents", "message": message}])


# A fixed amount is any whole number (strict: no bool, no string); one above what a column
# holds is not a malformed field but too high, so the route answers 422 ``amount_too_high``
# (portal-api.md v1.1) itself, before anything reaches the database.
AnyCents = Annotated[int, Strict()]


class AmountIn(BaseModel):
    type: Literal["full_balance", "fixed"]
    amount_cents: AnyCents | None = None


class AutopayIn(BaseModel):
    enabled: bool = True
    payment_method_id: str = Field(max_length=64)
    amount: AmountIn
    frequency: Literal["monthly", "quarterly"] = "monthly"
    draw_day: Count | Literal["due_date"] = "due_date"
    start_date: Day | None = None
    end_date: Day | None = None
    # with enabled false: the day they are on again by themselves (none: until resumed)
    paused_until: Day | None = None


@router.get("")
def get_autopay(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        autopay = session.get(Autopay, member.member_id)
        if autopay is None:
            raise Problem(404, "autopay_not_set_up",
                          _("Automatic payments are not set up. Use PUT to set them up."))
        return autopay_view(autopay)


@router.put("")
def put_autopay(body: AutopayIn, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    today = portal.clock.today()
    errors: list[tuple[str, str]] = []
    if body.amount.type == "fixed" and (body.amount.amount_cents or 0) <= 0:
        errors.append(("amount.amount_cents", _("Enter a fixed amount more than $0.00.")))
    if isinstance(body.draw_day, int) and not 1 <= body.draw_day <= 28:
        errors.append(("draw_day", _("Choose a day from 1 to 28, or the due date.")))
    start = body.start_date or today
    if start < today:
        errors.append(("start_date", _("Choose today or a later date.")))
    if body.end_date is not None and body.end_date < start:
        errors.append(("end_date", _("Choose an end date after the start date.")))
    if body.paused_until is not None and not body.enabled and body.paused_until <= today:
        errors.append(("paused_until", _("Choose a resume date after today.")))
    if errors:
        raise field_errors(errors)
    fixed = body.amount.amount_cents if body.amount.type == "fixed" else None
    if fixed is not None and fixed > MAX_FIXED_CENTS:
        raise _amount_too_high(MAX_FIXED_CENTS)
    now = portal.clock.now()
    with portal.db.write() as session:
        # PUTs at the same moment (in two processes) take turns: one makes the row, the next
        # changes it; each checks the cap against what is owed now
        together.lock_members(session, [member.member_id])
        method = session.get(PaymentMethod, body.payment_method_id)
        if method is None or method.member_id != member.member_id or method.deleted_at:
            raise field_errors([("payment_method_id",
                                 _("Choose a payment method saved on your account."))])
        if fixed is not None and fixed > (
            cap := _fixed_cap(session, member.member_id, body.frequency)
        ):
            raise _amount_too_high(cap)
        autopay = session.get(Autopay, member.member_id)
        if autopay is None:
            autopay = Autopay(member_id=member.member_id, created_at=now)
            session.add(autopay)
        autopay.enabled = body.enabled
        autopay.payment_method_id = method.payment_method_id
        autopay.amount_type = body.amount.type
        autopay.amount_cents = fixed
        autopay.frequency = body.frequency
        autopay.draw_day = 0 if body.draw_day == "due_date" else int(body.draw_day)
        autopay.start_date = start
        autopay.end_date = body.end_date
        autopay.paused_until = None if body.enabled else body.paused_until
        autopay.updated_at = now
        done = session.execute(
            select(AutopayDraw.period).where(AutopayDraw.member_id == member.member_id)
            .order_by(AutopayDraw.period.desc()).limit(1)
        ).scalar_one_or_none()
        autopay.next_draw_date = next_draw_date(
            autopay, portal.settings, after=today, done_period=done
        )
        session.flush()
        audit.autopay_set(autopay)
        return autopay_view(autopay)


@router.delete("", status_code=204)
def delete_autopay(member: CurrentMember, portal: PortalDep) -> Response:
    with portal.db.write() as session:
        autopay = session.get(Autopay, member.member_id)
        if autopay is None:
            raise Problem(404, "autopay_not_set_up", _("Automatic payments are not set up."))
        session.delete(autopay)
    audit.event("autopay_removed", member.member_id)
    return Response(status_code=204)
