"""What an automatic payment's outcome does: a failed draw notifies the member; a bank return
R01 or R09 is retried once after 3 days; after that it stops and raises an alert."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import _
from hcpay.portal.billing.notify import notify
from hcpay.portal.language import speaking_to
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
    with speaking_to(session, payment.member_id):
        notify(
            session, payment.member_id, category="autopay", code="autopay_failed",
            subject=_("Your automatic payment did not go through"),
            body=(
                _("Your automatic payment {reference} did not go through: "
                "{failure_message} Please make a payment or update your payment method.").format(
                    reference=payment.reference, failure_message=payment.failure_message)
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
        with speaking_to(session, payment.member_id):
            notify(
                session, payment.member_id, category="autopay", code="autopay_returned_retry",
                subject=_("Your automatic payment was returned"),
                body=(
                    _("Your bank returned automatic payment {reference} "
                    "({return_code}). We will try once more on "
                    "{date}. Please make sure the funds are there.").format(
                        reference=payment.reference, return_code=payment.return_code,
                        date=long_date(draw.retry_on))
                ),
                now=now,
            )
        return
    draw.status = "stopped"
    draw.retry_on = None
    with speaking_to(session, payment.member_id):
        notify(
            session, payment.member_id, category="autopay", code="autopay_stopped",
            subject=_("Automatic payment stopped for this bill"),
            body=(
                _("Your bank returned automatic payment {reference} "
                "({return_code}). We will not try again for this bill: please make a "
                "payment yourself or update your automatic payments.").format(
                    reference=payment.reference, return_code=payment.return_code)
            ),
            now=now,
        )
