"""Automatic payments: GET / PUT / DELETE /api/v1/me/autopay."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Autopay, AutopayDraw, PaymentMethod
from hcpay.portal.payments.autopay import autopay_view, next_draw_date
from hcpay.portal.problems import Problem, field_errors
from hcpay.portal.routes.fields import Cents, Count, Day
from hcpay.portal.services import audit

router = APIRouter(prefix="/api/v1/me/autopay", tags=["autopay"])


class AmountIn(BaseModel):
    type: Literal["full_balance", "fixed"]
    amount_cents: Cents | None = None


class AutopayIn(BaseModel):
    enabled: bool = True
    payment_method_id: str = Field(max_length=64)
    amount: AmountIn
    frequency: Literal["monthly", "quarterly"] = "monthly"
    draw_day: Count | Literal["due_date"] = "due_date"
    start_date: Day | None = None
    end_date: Day | None = None


@router.get("")
def get_autopay(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        autopay = session.get(Autopay, member.member_id)
        if autopay is None:
            raise Problem(404, "autopay_not_set_up",
                          "Automatic payments are not set up. Use PUT to set them up.")
        return autopay_view(autopay)


@router.put("")
def put_autopay(body: AutopayIn, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    today = portal.clock.today()
    errors: list[tuple[str, str]] = []
    if body.amount.type == "fixed" and (body.amount.amount_cents or 0) <= 0:
        errors.append(("amount.amount_cents", "Enter a fixed amount more than $0.00."))
    if isinstance(body.draw_day, int) and not 1 <= body.draw_day <= 28:
        errors.append(("draw_day", "Choose a day from 1 to 28, or the due date."))
    start = body.start_date or today
    if start < today:
        errors.append(("start_date", "Choose today or a later date."))
    if body.end_date is not None and body.end_date < start:
        errors.append(("end_date", "Choose an end date after the start date."))
    if errors:
        raise field_errors(errors)
    now = portal.clock.now()
    with portal.db.write() as session:
        method = session.get(PaymentMethod, body.payment_method_id)
        if method is None or method.member_id != member.member_id or method.deleted_at:
            raise field_errors([("payment_method_id",
                                 "Choose a payment method saved on your account.")])
        autopay = session.get(Autopay, member.member_id)
        if autopay is None:
            autopay = Autopay(member_id=member.member_id, created_at=now)
            session.add(autopay)
        autopay.enabled = body.enabled
        autopay.payment_method_id = method.payment_method_id
        autopay.amount_type = body.amount.type
        autopay.amount_cents = body.amount.amount_cents if body.amount.type == "fixed" else None
        autopay.frequency = body.frequency
        autopay.draw_day = 0 if body.draw_day == "due_date" else int(body.draw_day)
        autopay.start_date = start
        autopay.end_date = body.end_date
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
            raise Problem(404, "autopay_not_set_up", "Automatic payments are not set up.")
        session.delete(autopay)
    audit.event("autopay_removed", member.member_id)
    return Response(status_code=204)
