"""How a payment, an invoice and a payment method look on the wire (portal-api.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hcpay.portal.models import Invoice, Payment, PaymentMethod

# "pending" (a charge in flight) is internal; the member sees it as processing.
_PUBLIC_STATUS = {"pending": "processing"}


def payment_view(payment: Payment) -> dict[str, Any]:
    method: dict[str, Any] = {"kind": payment.method_kind, "last4": payment.method_last4}
    if payment.method_brand:
        method["brand"] = payment.method_brand
    body: dict[str, Any] = {
        "reference": payment.reference,
        "status": _PUBLIC_STATUS.get(payment.status, payment.status),
        "amount_cents": payment.amount_cents,
        "method": method,
        "created_at": payment.created_at.isoformat(),
        "source": payment.source,
    }
    if payment.payment_method_id:
        body["payment_method_id"] = payment.payment_method_id
    if payment.scheduled_for is not None:
        body["scheduled_for"] = payment.scheduled_for.isoformat()
    if payment.expected_settlement_date is not None:
        body["expected_settlement_date"] = payment.expected_settlement_date.isoformat()
    if payment.settled_on is not None:
        body["settled_on"] = payment.settled_on.isoformat()
    if payment.status == "failed":
        body["code"] = payment.code
        if payment.decline_code:
            body["decline_code"] = payment.decline_code
        body["failure_message"] = payment.failure_message
    if payment.status == "returned":
        body["return_code"] = payment.return_code
        body["failure_message"] = payment.failure_message
    return body


def invoice_view(invoice: Invoice, today: date) -> dict[str, Any]:
    status = invoice.status
    if status == "open" and invoice.due_date < today:
        status = "past_due"
    return {
        "invoice_id": invoice.invoice_id,
        "policy": invoice.policy_kind,
        "coverage_month": invoice.coverage_month,
        "amount_cents": invoice.total_cents,
        "premium_cents": invoice.amount_cents,
        "late_fee_cents": invoice.late_fee_cents,
        "paid_cents": invoice.paid_cents,
        "due_date": invoice.due_date.isoformat(),
        "issued_on": invoice.issued_on.isoformat(),
        "status": status,
        "binder": invoice.is_binder,
    }


def method_view(method: PaymentMethod) -> dict[str, Any]:
    body: dict[str, Any] = {
        "payment_method_id": method.payment_method_id,
        "kind": method.kind,
        "last4": method.last4,
        "label": method.label,
        "is_default": method.is_default,
    }
    if method.kind == "card":
        body.update(brand=method.brand, exp_month=method.exp_month, exp_year=method.exp_year)
    else:
        body["account_type"] = method.account_type
    return body
