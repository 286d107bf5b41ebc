"""A payment plan is kept while its installments go through; a failed or returned one breaks
it (grace picks up again at the next job run)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.portal.billing.notify import notify
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Payment, PaymentPlan, PlanInstallment

_GOOD = {"succeeded", "processing"}


def on_outcome(session: Session, payment: Payment, *, now: datetime) -> None:
    plan = session.get(PaymentPlan, payment.plan_id) if payment.plan_id else None
    if plan is None or plan.status != "active":
        return
    if payment.status in ("failed", "returned"):
        plan.status = "broken"
        with speaking_to(session, payment.member_id):
            notify(
                session, payment.member_id, category="billing", code="payment_plan_broken",
                subject=_("Your payment plan installment did not go through"),
                body=(
                    _("Installment {reference} did not go through, so your payment plan "
                      "has ended and the past-due balance is due now. Call us to set up a new "
                      "plan.").format(reference=payment.reference)
                ),
                now=now,
            )
        return
    rows = session.execute(
        select(PlanInstallment, Payment)
        .join(Payment, Payment.id == PlanInstallment.payment_id)
        .where(PlanInstallment.plan_id == plan.plan_id)
    ).all()
    if rows and all(p.status in _GOOD for _unused, p in rows):
        plan.status = "completed"
