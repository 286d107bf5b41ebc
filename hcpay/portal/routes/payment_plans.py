"""Payment plans for a past-due balance: 2-6 monthly installments, each a scheduled payment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hcpay.domain import installments
from hcpay.domain.i18n import _
from hcpay.domain.references import payment_reference, random_code
from hcpay.portal.billing import coverage, ledger
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Payment, PaymentMethod, PaymentPlan, PlanInstallment
from hcpay.portal.problems import Problem, field_errors
from hcpay.portal.routes.fields import Count

router = APIRouter(prefix="/api/v1/me/payment-plans", tags=["payment plans"])


class PlanIn(BaseModel):
    installments: Count = Field(ge=2, le=6)
    payment_method_id: str = Field(max_length=64)


def _plan_view(plan: PaymentPlan, rows: list[tuple[PlanInstallment, Payment]]) -> dict[str, Any]:
    return {
        "plan_id": plan.plan_id, "status": plan.status, "total_cents": plan.total_cents,
        "payment_method_id": plan.payment_method_id,
        "installments": [
            {"number": inst.number, "due_date": inst.due_date.isoformat(),
             "amount_cents": inst.amount_cents, "payment_reference": pay.reference,
             "status": pay.status}
            for inst, pay in rows
        ],
    }


def _plan_exists() -> Problem:
    return Problem(
        409, "plan_exists",
        _("You already have a payment plan in progress. Keep paying its installments, or call "
        "us to change it."),
    )


@router.post("", status_code=201)
def create_plan(body: PlanIn, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    member_id = member.member_id
    today, now = portal.clock.today(), portal.clock.now()
    with portal.db.write() as session:
        method = session.get(PaymentMethod, body.payment_method_id)
        if method is None or method.member_id != member_id or method.deleted_at:
            raise field_errors([("payment_method_id",
                                 _("Choose a payment method saved on your account."))])
        active = session.execute(
            select(PaymentPlan.plan_id).where(PaymentPlan.member_id == member_id,
                                              PaymentPlan.status == "active")
        ).first()
        if active is not None:  # the quick answer; the unique index is what decides
            raise _plan_exists()
        past_due = ledger.past_due_cents(session, member_id, today)
        if past_due <= 0:
            raise Problem(409, "nothing_past_due",
                          _("Nothing is past due, so there is nothing to spread out."))
        plan = PaymentPlan(
            plan_id=f"PLN-{random_code(4)}-{random_code(4)}", member_id=member_id,
            payment_method_id=method.payment_method_id, total_cents=past_due, status="active",
            created_at=now,
        )
        session.add(plan)
        try:
            session.flush()  # the index decides here, before any installment is made
        except IntegrityError:
            # The partial unique index (one active plan per member): a plan made at the same
            # moment, here or in another portal process, came first.
            raise _plan_exists() from None
        rows = []
        for term in installments.split(past_due, body.installments, today):
            amount, due, number = term.amount_cents, term.due_date, term.number - 1
            payment = Payment(
                reference=payment_reference(), member_id=member_id, source="plan",
                status="scheduled", amount_cents=amount,
                payment_method_id=method.payment_method_id, token=method.token,
                method_kind=method.kind, method_brand=method.brand, method_last4=method.last4,
                created_at=now, scheduled_for=due, plan_id=plan.plan_id,
            )
            session.add(payment)
            session.flush()
            inst = PlanInstallment(plan_id=plan.plan_id, number=number + 1, due_date=due,
                                   amount_cents=amount, payment_id=payment.id)
            session.add(inst)
            rows.append((inst, payment))
        session.flush()
        # While the plan is kept, coverage stays active.
        coverage.evaluate(session, member_id, portal.settings, day=today, now=now)
        return _plan_view(plan, rows)


@router.get("")
def list_plans(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        plans = session.execute(
            select(PaymentPlan).where(PaymentPlan.member_id == member.member_id)
            .order_by(PaymentPlan.created_at.desc())
        ).scalars().all()
        items = []
        for plan in plans:
            rows = session.execute(
                select(PlanInstallment, Payment)
                .join(Payment, Payment.id == PlanInstallment.payment_id)
                .where(PlanInstallment.plan_id == plan.plan_id)
                .order_by(PlanInstallment.number)
            ).all()
            items.append(_plan_view(plan, list(rows)))
        return {"items": items, "next_cursor": None}
