"""The charge engine. A charge is three steps so a crash leaves nothing half-written:

1. a write transaction records the payment as ``pending`` (with its idempotency row);
2. the processor is called outside any transaction, with a key derived from the payment, so
   calling it again for the same payment returns the first result and never charges twice;
3. a write transaction records the outcome, once (the payment row is locked and must still
   be ``pending``): allocation to invoices, credit, coverage, notices.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.gateway.processor import ChargeResult, GatewayError, Processor
from hcpay.portal.billing import coverage, ledger
from hcpay.portal.billing.notify import notify
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Payment, PaymentAttempt
from hcpay.portal.payments import rules
from hcpay.portal.services import audit
from hcpay.portal.settings import PortalSettings

log = logging.getLogger("hcpay.portal.payments")

# Refusals that mean "this payment cannot go through" (nothing charged), not "try later".
FINAL_GATEWAY_CODES = {"token_used", "token_unknown", "invalid_amount", "charge_unknown"}


class ProcessorUnavailable(Exception):
    """The processor could not be reached; the payment stays pending and a retry resumes it."""


def charge(processor: Processor, payment: Payment) -> ChargeResult:
    """Step 2: ask the processor (never inside a transaction)."""
    token = payment.token
    if token is None:
        raise ValueError("a payment to charge needs its token")
    try:
        return processor.charge(token, payment.amount_cents, idempotency_key=payment.processor_key)
    except GatewayError as exc:
        if exc.code in FINAL_GATEWAY_CODES:
            return ChargeResult("failed", None, exc.code, None, exc.message)
        raise ProcessorUnavailable(exc.code) from exc


def record_outcome(
    session: Session, payment_id: int, result: ChargeResult, settings: PortalSettings, *,
    now: datetime, today: date,
) -> Payment:
    """Step 3: apply the processor's answer once. A second call for the same payment (a
    concurrent retry) finds it no longer pending and changes nothing."""
    payment = session.execute(
        select(Payment).where(Payment.id == payment_id).with_for_update()
    ).scalar_one()
    if payment.status != "pending":
        return payment
    session.add(
        PaymentAttempt(
            payment_id=payment.id, kind="charge", outcome=result.status,
            processor_ref=result.processor_ref, code=result.code, created_at=now,
        )
    )
    payment.processor_ref = result.processor_ref
    payment.charged_at = now
    if result.status == "failed":
        payment.status = "failed"
        payment.code = result.code or "processing_error"
        payment.decline_code = result.decline_code
        payment.failure_message = result.message or _("The payment did not go through.")
        with speaking_to(session, payment.member_id):
            subject, body = rules.failed_notice(
                payment.reference, payment.amount_cents, payment.failure_message
            )
            notify(session, payment.member_id, category="payments", code="payment_failed",
                   subject=subject, body=body, now=now)
        _after_outcome(session, payment, settings, now=now, today=today)
        return payment
    _settle_in_ledger(session, payment, settings, now=now, today=today)
    if result.status == "processing":
        payment.status = "processing"
        payment.expected_settlement_date = rules.settlement_date(
            today, settings.bank_settlement_business_days
        )
    else:
        payment.status = "succeeded"
    with speaking_to(session, payment.member_id):
        subject, body = rules.received_notice(
            payment.reference, payment.amount_cents,
            rules.method_words(payment.method_kind, payment.method_brand, payment.method_last4),
            payment.expected_settlement_date if payment.status == "processing" else None,
            payment.source,
        )
        notify(session, payment.member_id, category="payments", code="payment_received",
               subject=subject, body=body, now=now)
    _after_outcome(session, payment, settings, now=now, today=today)
    return payment


def _settle_in_ledger(
    session: Session, payment: Payment, settings: PortalSettings, *, now: datetime, today: date
) -> None:
    cover = coverage.get_coverage(session, payment.member_id)
    if coverage.can_reinstate(cover, today, settings) and payment.amount_cents >= (
        coverage.reinstatement_cents(session, payment.member_id, today)
    ):
        coverage.reinstate(session, payment.member_id, day=today, now=now, settings=settings)
    named = json.loads(payment.invoice_ids) if payment.invoice_ids else []
    ledger.allocate(session, payment, now=now, today=today, invoice_ids=named)
    coverage.after_payment(session, payment.member_id, settings, day=today, now=now)


def _after_outcome(
    session: Session, payment: Payment, settings: PortalSettings, *, now: datetime, today: date
) -> None:
    from hcpay.portal.payments import autopay_outcomes, plan_outcomes

    if payment.source == "autopay":
        autopay_outcomes.on_charge_outcome(session, payment, settings, now=now, today=today)
    if payment.plan_id:
        plan_outcomes.on_outcome(session, payment, now=now)


def record_return(
    session: Session, payment_id: int, return_code: str, message: str | None,
    settings: PortalSettings, *, now: datetime, today: date,
) -> bool:
    """A bank payment came back: reopen what it paid and tell the member (once)."""
    payment = session.execute(
        select(Payment).where(Payment.id == payment_id).with_for_update()
    ).scalar_one()
    if payment.status not in ("processing", "succeeded"):
        return False
    session.add(
        PaymentAttempt(
            payment_id=payment.id, kind="settlement", outcome="returned",
            processor_ref=payment.processor_ref, code=return_code, created_at=now,
        )
    )
    payment.status = "returned"
    payment.return_code = return_code
    audit.event("payment_returned", payment.member_id, source=payment.source,
                reference=payment.reference, code=return_code)
    payment.failure_message = message or _("Your bank returned the payment.")
    reopened = ledger.reverse(session, payment, now=now)
    with speaking_to(session, payment.member_id):
        subject, body = rules.returned_notice(
            payment.reference, payment.amount_cents, return_code, payment.failure_message, reopened
        )
        notify(session, payment.member_id, category="payments", code="payment_returned",
               subject=subject, body=body, now=now)
    coverage.after_return(session, payment.member_id, settings, day=today, now=now)
    if payment.source == "autopay":
        from hcpay.portal.payments import autopay_outcomes

        autopay_outcomes.on_return(session, payment, settings, now=now, today=today)
    if payment.plan_id:
        from hcpay.portal.payments import plan_outcomes

        plan_outcomes.on_outcome(session, payment, now=now)
    return True


def record_settled(session: Session, payment_id: int, *, now: datetime, today: date) -> bool:
    payment = session.execute(
        select(Payment).where(Payment.id == payment_id).with_for_update()
    ).scalar_one()
    if payment.status != "processing":
        return False
    session.add(
        PaymentAttempt(
            payment_id=payment.id, kind="settlement", outcome="settled",
            processor_ref=payment.processor_ref, created_at=now,
        )
    )
    payment.status = "succeeded"
    payment.settled_on = today
    return True
