"""POST /me/payments, idempotent as the contract says.

The UNIQUE (member, key) idempotency row is inserted in the same transaction as the pending
payment, before the processor is called. A second request with the key either replays the
stored answer, gets 409 while the first is still running, or (after a crash: the lease ran
out) resumes the same payment, whose processor key makes the charge happen once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from hcpay.domain.references import payment_reference
from hcpay.gateway.processor import ChargeResult, Processor
from hcpay.portal.billing import coverage, ledger
from hcpay.portal.context import Portal
from hcpay.portal.models import IdempotencyRecord, Invoice, Payment, PaymentMethod
from hcpay.portal.payments import engine
from hcpay.portal.payments.views import payment_view
from hcpay.portal.problems import Problem, field_errors

LEASE = timedelta(seconds=15)


class PaymentIn(BaseModel):
    amount_cents: int
    payment_method_id: str | None = Field(default=None, max_length=64)
    token: str | None = Field(default=None, max_length=128)
    scheduled_for: date | None = None
    invoice_ids: list[str] | None = Field(default=None, max_length=50)


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Method:
    kind: str
    brand: str | None
    last4: str
    token: str
    payment_method_id: str | None


def request_hash(body: PaymentIn) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def declined_body(payment: Payment) -> dict[str, Any]:
    code = payment.code or "processing_error"
    body: dict[str, Any] = {
        "type": f"https://hcpay.example/problems/{code}",
        "title": "Payment declined",
        "status": 402,
        "detail": (payment.failure_message or "The payment did not go through.")
        + " Nothing was charged; try another card or bank account.",
        "code": code,
        "reference": payment.reference,
    }
    if payment.decline_code:
        body["decline_code"] = payment.decline_code
    return body


def answer_for(payment: Payment) -> Answer:
    if payment.status == "failed":
        return Answer(402, declined_body(payment))
    return Answer(201, payment_view(payment))


def _resolve_method(
    portal: Portal, processor: Processor, member_id: str, body: PaymentIn
) -> Method:
    if (body.payment_method_id is None) == (body.token is None):
        raise field_errors(
            [("payment_method_id", "Send either payment_method_id (a saved method) or token.")]
        )
    if body.payment_method_id is not None:
        with portal.db.read() as session:
            saved = session.get(PaymentMethod, body.payment_method_id)
            if saved is None or saved.member_id != member_id or saved.deleted_at is not None:
                raise field_errors(
                    [("payment_method_id", "That payment method is not on your account.")]
                )
            return Method(saved.kind, saved.brand, saved.last4, saved.token,
                          saved.payment_method_id)
    assert body.token is not None
    info = processor.token_info(body.token)
    if info is None:
        raise Problem(
            422, "token_unknown",
            "That card or bank token is not known. Enter the card or account again.",
            errors=[{"field": "token", "message": "Enter the card or account again."}],
        )
    if info.reusable:
        with portal.db.read() as session:
            saved_id = session.execute(
                select(PaymentMethod.payment_method_id).where(
                    PaymentMethod.member_id == member_id, PaymentMethod.token == body.token,
                    PaymentMethod.deleted_at.is_(None),
                )
            ).scalar_one_or_none()
        if saved_id is None:
            raise field_errors([("token", "Use payment_method_id for a saved method.")])
    return Method(info.kind, info.brand, info.last4, body.token, None)


def _validate(portal: Portal, member_id: str, body: PaymentIn, today: date) -> None:
    errors: list[tuple[str, str]] = []
    if body.amount_cents <= 0:
        errors.append(("amount_cents", "Enter an amount more than $0.00."))
    if body.scheduled_for is not None:
        if body.scheduled_for < today:
            errors.append(("scheduled_for", "Choose today or a later date."))
        elif body.scheduled_for > today + timedelta(days=portal.settings.scheduled_max_days):
            errors.append(
                ("scheduled_for",
                 f"Choose a date within {portal.settings.scheduled_max_days} days.")
            )
    with portal.db.read() as session:
        if body.amount_cents > 0:
            limit = ledger.balance_cents(session, member_id) + ledger.monthly_premium_cents(
                session, member_id
            )
            cover = coverage.get_coverage(session, member_id)
            if coverage.can_reinstate(cover, today, portal.settings):
                limit = max(limit, coverage.reinstatement_cents(session, member_id, today))
            if body.amount_cents > limit:
                errors.append(
                    ("amount_cents",
                     f"Enter ${limit / 100:,.2f} or less: your balance plus one month's "
                     "premium.")
                )
        if body.invoice_ids:
            found = set(
                session.execute(
                    select(Invoice.invoice_id).where(
                        Invoice.member_id == member_id, Invoice.status == "open",
                        Invoice.invoice_id.in_(body.invoice_ids),
                    )
                ).scalars()
            )
            if found != set(body.invoice_ids):
                errors.append(("invoice_ids", "Choose open bills on your account."))
    if errors:
        raise field_errors(errors)


def _stored(record: IdempotencyRecord) -> Answer:
    assert record.status_code is not None and record.response_body is not None
    return Answer(record.status_code, json.loads(record.response_body))


def _take_lease(portal: Portal, record_id: int) -> bool:
    now = portal.clock.now()
    with portal.db.write() as session:
        result = session.execute(
            update(IdempotencyRecord)
            .where(
                IdempotencyRecord.id == record_id, IdempotencyRecord.status_code.is_(None),
                IdempotencyRecord.locked_until < now,
            )
            .values(locked_until=now + LEASE)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def finish(
    portal: Portal, processor: Processor, payment_id: int, record_id: int | None
) -> Answer:
    """Steps 2 and 3 for a pending payment: charge, then record the outcome and the answer."""
    with portal.db.read() as session:
        payment = session.get(Payment, payment_id)
        assert payment is not None
        session.expunge(payment)
    if payment.status == "pending":
        result: ChargeResult | None = engine.charge(processor, payment)
    else:
        result = None
    now, today = portal.clock.now(), portal.clock.today()
    with portal.db.write() as session:
        if result is not None:
            payment = engine.record_outcome(
                session, payment_id, result, portal.settings, now=now, today=today
            )
        else:
            loaded = session.get(Payment, payment_id)
            assert loaded is not None
            payment = loaded
        answer = answer_for(payment)
        if record_id is not None:
            record = session.execute(
                select(IdempotencyRecord).where(IdempotencyRecord.id == record_id)
                .with_for_update()
            ).scalar_one()
            if record.status_code is not None:
                return _stored(record)
            record.status_code = answer.status_code
            record.response_body = json.dumps(answer.body)
    return answer


def create_payment(
    portal: Portal, processor: Processor, member_id: str, key: str, body: PaymentIn
) -> Answer:
    digest = request_hash(body)
    for _ in range(5):
        with portal.db.read() as session:
            record = session.execute(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.member_id == member_id, IdempotencyRecord.key == key
                )
            ).scalar_one_or_none()
            if record is not None:
                session.expunge(record)
        if record is not None:
            if record.request_hash != digest:
                raise Problem(
                    422, "idempotency_key_reused",
                    "This Idempotency-Key was already used for a different payment. Use a new "
                    "key for a new payment.",
                )
            if record.status_code is not None:
                return _stored(record)
            if record.payment_id is None or not _take_lease(portal, record.id):
                raise Problem(
                    409, "idempotency_key_in_use",
                    "This payment is still being processed. Wait a moment and send the same "
                    "request again to see how it ended.",
                    headers={"Retry-After": "1"},
                )
            return finish(portal, processor, record.payment_id, record.id)
        today, now = portal.clock.today(), portal.clock.now()
        _validate(portal, member_id, body, today)
        method = _resolve_method(portal, processor, member_id, body)
        scheduled = body.scheduled_for is not None and body.scheduled_for > today
        try:
            with portal.db.write() as session:
                payment = Payment(
                    reference=payment_reference(), member_id=member_id, source="member",
                    status="scheduled" if scheduled else "pending",
                    amount_cents=body.amount_cents, payment_method_id=method.payment_method_id,
                    token=method.token, method_kind=method.kind, method_brand=method.brand,
                    method_last4=method.last4,
                    invoice_ids=json.dumps(body.invoice_ids) if body.invoice_ids else None,
                    created_at=now, scheduled_for=body.scheduled_for if scheduled else None,
                    charge_started_at=None if scheduled else now,
                )
                session.add(payment)
                session.flush()
                record = IdempotencyRecord(
                    member_id=member_id, key=key, request_hash=digest, payment_id=payment.id,
                    created_at=now, locked_until=now + LEASE,
                )
                if scheduled:
                    answer = answer_for(payment)
                    record.status_code = answer.status_code
                    record.response_body = json.dumps(answer.body)
                session.add(record)
                session.flush()
                payment_id, record_id = payment.id, record.id
        except IntegrityError:
            continue  # another request with this key got there first: answer as it says
        if scheduled:
            return answer
        return finish(portal, processor, payment_id, record_id)
    raise Problem(
        409, "idempotency_key_in_use",
        "This payment is still being processed. Send the same request again in a moment.",
    )
