"""Payments: make one (idempotent), history, one payment, cancel a scheduled one, receipts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Response
from fastapi.responses import JSONResponse
from sqlalchemy import and_, or_, select, update
from starlette.concurrency import run_in_threadpool

from hcpay.domain.i18n import _, current_language
from hcpay.domain.references import normalise_reference
from hcpay.portal.deps import (
    CurrentMember,
    PortalDep,
    authenticate,
    bearer_header,
)
from hcpay.portal.models import Allocation, Payment
from hcpay.portal.payments.create import PaymentIn, PaymentRequest, create_payment
from hcpay.portal.payments.engine import ProcessorUnavailable
from hcpay.portal.payments.receipts import receipt_invoices, receipt_pdf, receipt_text
from hcpay.portal.payments.views import payment_view
from hcpay.portal.problems import PROBLEM_JSON, Problem
from hcpay.portal.routes.paging import (
    check_limit,
    cursor_id,
    cursor_instant,
    decode_cursor,
    encode_cursor,
)
from hcpay.portal.services import audit

router = APIRouter(prefix="/api/v1/me/payments", tags=["payments"])

PaymentStatus = Literal[
    "scheduled", "processing", "succeeded", "failed", "returned", "canceled"
]


@router.post("", status_code=201)
async def make_payment(
    body: PaymentIn,
    portal: PortalDep,
    authorization: Annotated[str, Depends(bearer_header)],
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """``async``: the sign-in check and the payment's reads run in one worker thread, and its
    writes in the batch it shares with payments made at the same moment (``create_payment``)."""
    if not idempotency_key or not idempotency_key.strip() or len(idempotency_key) > 255:
        await run_in_threadpool(authenticate, portal, authorization)  # 401 comes first
    if idempotency_key is None or not idempotency_key.strip():
        raise Problem(
            400, "idempotency_key_required",
            _("Send an Idempotency-Key header (1-255 characters, new for each payment) so a "
            "retried request can never charge twice."),
        )
    if len(idempotency_key) > 255:
        raise Problem(400, "idempotency_key_invalid",
                      _("The Idempotency-Key header must be 1-255 characters."))
    try:
        answer = await create_payment(
            portal, PaymentRequest(authorization, idempotency_key, body, portal.gateway)
        )
    except ProcessorUnavailable as exc:
        raise Problem(
            503, "processor_unavailable",
            _("We could not reach the payment processor. Nothing was charged twice: send the same "
            "request again (same Idempotency-Key) in a minute."), headers={"Retry-After": "5"},
        ) from exc
    audit.payment_answer(answer.status_code, answer.body)
    media = PROBLEM_JSON if answer.status_code >= 400 else "application/json"
    return JSONResponse(answer.body, status_code=answer.status_code, media_type=media)


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    at, pid = decode_cursor(cursor, 2)
    return cursor_instant(at), cursor_id(pid)


@router.get("")
def history(
    member: CurrentMember, portal: PortalDep, status: PaymentStatus | None = None,
    limit: int = 50, cursor: str | None = None,
) -> dict[str, Any]:
    check_limit(limit)
    with portal.db.read() as session:
        query = select(Payment).where(Payment.member_id == member.member_id)
        if status == "processing":
            query = query.where(Payment.status.in_(("processing", "pending")))
        elif status is not None:
            query = query.where(Payment.status == status)
        if cursor:
            at, pid = _decode_cursor(cursor)
            query = query.where(
                or_(Payment.created_at < at, and_(Payment.created_at == at, Payment.id < pid))
            )
        rows = session.execute(
            query.order_by(Payment.created_at.desc(), Payment.id.desc()).limit(limit + 1)
        ).scalars().all()
        items = rows[:limit]
        last = items[-1] if len(rows) > limit else None
        next_cursor = encode_cursor(last.created_at.isoformat(), last.id) if last else None
        return {"items": [payment_view(p) for p in items], "next_cursor": next_cursor}


def _own_payment(session: Any, member_id: str, reference: str) -> Payment:
    ref = normalise_reference(reference)
    payment = session.execute(
        select(Payment).where(Payment.reference == ref)
    ).scalar_one_or_none()
    if payment is None or payment.member_id != member_id:
        raise Problem(404, "payment_not_found",
                      _("There is no payment with that reference on your account."))
    assert isinstance(payment, Payment)
    return payment


@router.get("/{reference}")
def get_payment(reference: str, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        payment = _own_payment(session, member.member_id, reference)
        body = payment_view(payment)
        body["invoice_ids"] = _paid_invoices(session, payment)
        return body


def _paid_invoices(session: Any, payment: Payment) -> list[str]:
    return list(
        session.execute(
            select(Allocation.invoice_id).where(Allocation.payment_id == payment.id)
            .order_by(Allocation.id)
        ).scalars()
    )


@router.delete("/{reference}", status_code=204)
def cancel_payment(reference: str, member: CurrentMember, portal: PortalDep) -> Response:
    with portal.db.write() as session:
        payment = _own_payment(session, member.member_id, reference)
        result = session.execute(
            update(Payment)
            .where(Payment.id == payment.id, Payment.status == "scheduled")
            .values(status="canceled")
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            session.refresh(payment)
            if payment.status == "canceled":
                return Response(status_code=204)
            raise Problem(
                409, "payment_not_cancelable",
                _("This payment is already {payment} and can no longer "
                "be canceled. Call us if you need it reversed.").format(
                    payment=payment_view(payment)['status']),
            )
    audit.event("payment_cancelled", member.member_id, reference=reference)
    return Response(status_code=204)


@router.get("/{reference}/receipt")
def receipt(
    reference: str, member: CurrentMember, portal: PortalDep,
    format: Literal["txt", "pdf"] = "txt",
) -> Response:
    with portal.db.read() as session:
        payment = _own_payment(session, member.member_id, reference)
        invoices = receipt_invoices(session, payment, _paid_invoices(session, payment))
        # asked for: in the request's language (Accept-Language). A receipt the portal sends
        # by itself takes the member's saved language instead (wired at the merge with
        # /me/preferences: pass the member's saved language as ``language``).
        language = current_language()
        if format == "pdf":
            return Response(
                receipt_pdf(payment, member, invoices, portal, language),
                media_type="application/pdf",
                headers={"Content-Disposition":
                         f'attachment; filename="receipt-{payment.reference}.pdf"'},
            )
        return Response(receipt_text(payment, member, invoices, portal, language),
                        media_type="text/plain; charset=utf-8")
