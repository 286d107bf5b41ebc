"""A payment's receipt, as text and as PDF from one ``Document`` (hcpay.documents).

A receipt a member would keep: who issued it and how to reach them, the member's name and
member id, what was paid for (policy and coverage month), the amount, the method, the status in
words, the date and time in the portal's time zone, and the reference to quote. A payment that
did not go through is a "payment attempt record": it says that nothing was charged, and never
"Paid with"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from hcpay.documents import Document
from hcpay.domain import methods
from hcpay.domain.date_words import long_date
from hcpay.domain.money import format_cents
from hcpay.portal.documents.store import letterhead

if TYPE_CHECKING:
    from hcpay.portal.context import Portal
    from hcpay.portal.models import Invoice, Member, Payment

# Status -> (title, how the method row is labelled, what the note under the title says)
TITLES = {
    "succeeded": ("Payment receipt", "Paid with", ""),
    "processing": ("Payment receipt", "Paid with",
                   "The bank is still moving the money; it counts as paid once it settles."),
    "scheduled": ("Scheduled payment confirmation", "Will be paid with",
                  "Not paid yet: this payment is made on its date."),
    "pending": ("Payment receipt", "Paid with", "The payment is being processed."),
    "failed": ("Payment attempt record", "Tried with",
               "This is not a receipt: the payment did not go through and nothing was "
               "charged."),
    "returned": ("Returned payment record", "Tried with",
                 "This is not a receipt: the bank returned the payment, so it no longer "
                 "counts as paid."),
    "canceled": ("Canceled payment record", "Would have used",
                 "This is not a receipt: the payment was canceled before it was made."),
}


def status_words(payment: Payment) -> str:
    status = payment.status
    if status == "succeeded":
        if payment.settled_on:
            return f"Paid (the bank settled it on {long_date(payment.settled_on)})"
        return "Paid"
    if status == "processing":
        expected = payment.expected_settlement_date
        return "Received; the bank is processing it" + (
            f" (expected to settle by {long_date(expected)})" if expected else ""
        )
    if status == "pending":
        return "Being processed"
    if status == "scheduled":
        when = f" for {long_date(payment.scheduled_for)}" if payment.scheduled_for else ""
        return f"Scheduled{when}; not paid yet"
    if status == "failed":
        reason = f": {payment.failure_message}" if payment.failure_message else ""
        return f"Declined, nothing was charged{reason}"
    if status == "returned":
        why = f" ({payment.return_code}: {payment.failure_message})" if payment.return_code else ""
        return f"Returned by the bank{why}; it no longer counts as paid"
    if status == "canceled":
        return "Canceled; nothing was charged"
    return status.capitalize()


def method_words(payment: Payment) -> str:
    return methods.method_words(payment.method_kind, payment.method_brand, payment.method_last4)


def _month(coverage_month: str) -> str:
    first = date.fromisoformat(coverage_month + "-01")
    return f"{first:%B} {first.year}"


def coverage_words(invoices: Sequence[Invoice], *, paid: bool) -> str:
    """``Health plan, December 2026 (bill INV-...)`` for each bill, oldest first."""
    if not invoices:
        # paid with nothing open to pay: it waits as a credit for the next bill
        return "A credit toward your next bill" if paid else "Your oldest open bills first"
    return "; ".join(f"{inv.policy_kind.capitalize()} plan, {_month(inv.coverage_month)} "
                     f"(bill {inv.invoice_id})"
                     for inv in sorted(invoices, key=lambda i: (i.coverage_month, i.policy_kind)))


def when_words(instant: datetime, portal: Portal) -> str:
    local = portal.clock.local(instant)
    hour = local.strftime("%I:%M %p").lstrip("0")
    return f"{long_date(local)} at {hour} {local.tzname()}"


def receipt_document(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal
) -> Document:
    title, method_label, note = TITLES.get(payment.status, ("Payment record", "Method", ""))
    issuer, contact = letterhead(portal.settings)
    rows = [
        ("Reference", payment.reference),
        ("Member", f"{member.first_name} {member.last_name}"),
        ("Member ID", member.member_id),
        ("For" if title != "Payment receipt" else "Paid toward",
         coverage_words(invoices, paid=payment.status == "succeeded")),
        ("Amount", format_cents(payment.amount_cents)),
        (method_label, method_words(payment)),
        ("Status", status_words(payment)),
        ("Date and time", when_words(payment.created_at, portal)),
    ]
    if payment.scheduled_for and payment.status != "scheduled":
        rows.append(("Scheduled for", long_date(payment.scheduled_for)))
    if title == "Payment receipt":
        closing = ("Keep this receipt for your records. Quote the reference if you call us.",)
    else:
        closing = ("Quote the reference if you call us about this payment.",)
    return Document(issuer=issuer, contact=contact, title=title, rows=tuple(rows), note=note,
                    closing=closing)


def receipt_text(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal
) -> str:
    return receipt_document(payment, member, invoices, portal).as_text()


def receipt_pdf(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal
) -> bytes:
    return receipt_document(payment, member, invoices, portal).as_pdf()


def receipt_invoices(session: Any, payment: Payment, paid: Sequence[str]) -> list[Invoice]:
    """The bills a payment went to (``paid``: the ids it was applied to); for one that was not
    applied (declined, scheduled, canceled), the bills it was meant for."""
    import json

    from hcpay.portal.models import Invoice

    wanted = list(paid) or (json.loads(payment.invoice_ids) if payment.invoice_ids else [])
    rows = [session.get(Invoice, invoice_id) for invoice_id in wanted]
    return [row for row in rows if row is not None and row.member_id == payment.member_id]
