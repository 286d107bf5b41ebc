"""What an automatic payment's outcome does: a failed draw notifies the member; a bank return
R01 or R09 is retried once after 3 days; after that it stops and raises an alert."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date
from hcpay.portal.billing.notify import notify
from hcpay.portal.models import AutopayDraw, Payment
from hcpay.portal.settings import PortalSettings

RETRYABLE_RETURNS = {"R01", "R09"}


def _draw_for(session: Session, payment: Payment) -> AutopayDraw | None:
    if payment.autopay_period is None:
        return None
    return session.execute(
        select(AutopayDraw).where(
            AutopayDraw.member_id == payment.member_id,
            AutopayDraw.period == payment.autopay_period,
        ).with_for_update()
    ).scalar_one_or_none()


def on_charge_outcome(
    session: Session, payment: Payment, settings: PortalSettings, *, now: datetime, today: date
) -> None:
    draw = _draw_for(session, payment)
    if draw is None or payment.status != "failed":
        return
    draw.status = "stopped"
    notify(
        session, payment.member_id, category="autopay", code="autopay_failed",
        subject="Your automatic payment did not go through",
        body=(
            f"Your automatic payment {payment.reference} did not go through: "
            f"{payment.failure_message} Please make a payment or update your payment method."
        ),
        now=now,
    )


def on_return(
    session: Session, payment: Payment, settings: PortalSettings, *, now: datetime, today: date
) -> None:
    draw = _draw_for(session, payment)
    if draw is None:
        return
    if payment.return_code in RETRYABLE_RETURNS and payment.retry_of is None:
        draw.status = "retry_due"
        draw.retry_on = today + timedelta(days=settings.autopay_retry_days)
        notify(
            session, payment.member_id, category="autopay", code="autopay_returned_retry",
            subject="Your automatic payment was returned",
            body=(
                f"Your bank returned automatic payment {payment.reference} "
                f"({payment.return_code}). We will try once more on "
                f"{long_date(draw.retry_on)}. Please make sure the funds are there."
            ),
            now=now,
        )
        return
    draw.status = "stopped"
    draw.retry_on = None
    notify(
        session, payment.member_id, category="autopay", code="autopay_stopped",
        subject="Automatic payment stopped for this bill",
        body=(
            f"Your bank returned automatic payment {payment.reference} "
            f"({payment.return_code}). We will not try again for this bill: please make a "
            "payment yourself or update your automatic payments."
        ),
        now=now,
    )
