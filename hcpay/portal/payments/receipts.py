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
from hcpay.domain.date_words import long_date, month_year
from hcpay.domain.i18n import N_, _, using_language
from hcpay.domain.money import format_cents
from hcpay.portal.documents.store import letterhead

if TYPE_CHECKING:
    from hcpay.portal.context import Portal
    from hcpay.portal.models import Invoice, Member, Payment

# Status -> (title, how the method row is labelled, what the note under the title says)
TITLES = {
    "succeeded": (N_("Payment receipt"), N_("Paid with"), ""),
    "processing": (N_("Payment receipt"), N_("Paid with"),
                   N_("The bank is still moving the money; it counts as paid once it settles.")),
    "scheduled": (N_("Scheduled payment confirmation"), N_("Will be paid with"),
                  N_("Not paid yet: this payment is made on its date.")),
    "pending": (N_("Payment receipt"), N_("Paid with"), N_("The payment is being processed.")),
    "failed": (N_("Payment attempt record"), N_("Tried with"),
               N_("This is not a receipt: the payment did not go through and nothing was "
               "charged.")),
    "returned": (N_("Returned payment record"), N_("Tried with"),
                 N_("This is not a receipt: the bank returned the payment, so it no longer "
                 "counts as paid.")),
    "canceled": (N_("Canceled payment record"), N_("Would have used"),
                 N_("This is not a receipt: the payment was canceled before it was made.")),
}


def status_words(payment: Payment) -> str:
    status = payment.status
    if status == "succeeded":
        if payment.settled_on:
            return _("Paid (the bank settled it on {date})").format(
                date=long_date(payment.settled_on))
        return _("Paid")
    if status == "processing":
        expected = payment.expected_settlement_date
        if expected:
            return _("Received; the bank is processing it (expected to settle by {date})"
                     ).format(date=long_date(expected))
        return _("Received; the bank is processing it")
    if status == "pending":
        return _("Being processed")
    if status == "scheduled":
        when = _(" for {date}").format(
            date=long_date(payment.scheduled_for)) if payment.scheduled_for else ""
        return _("Scheduled{when}; not paid yet").format(when=when)
    if status == "failed":
        reason = f": {payment.failure_message}" if payment.failure_message else ""
        return _("Declined, nothing was charged{reason}").format(reason=reason)
    if status == "returned":
        why = f" ({payment.return_code}: {payment.failure_message})" if payment.return_code else ""
        return _("Returned by the bank{why}; it no longer counts as paid").format(why=why)
    if status == "canceled":
        return _("Canceled; nothing was charged")
    return status.capitalize()


def method_words(payment: Payment) -> str:
    return methods.method_words(payment.method_kind, payment.method_brand, payment.method_last4)


def _month(coverage_month: str) -> str:
    first = date.fromisoformat(coverage_month + "-01")
    return month_year(first)


def coverage_words(invoices: Sequence[Invoice], *, paid: bool) -> str:
    """``Health plan, December 2026 (bill INV-...)`` for each bill, oldest first."""
    if not invoices:
        # paid with nothing open to pay: it waits as a credit for the next bill
        return _("A credit toward your next bill") if paid else _("Your oldest open bills first")
    return "; ".join(_("{policy} plan, {month} (bill {invoice})").format(
                         policy=_(inv.policy_kind).capitalize(),
                         month=_month(inv.coverage_month), invoice=inv.invoice_id)
                     for inv in sorted(invoices, key=lambda i: (i.coverage_month, i.policy_kind)))


def when_words(instant: datetime, portal: Portal) -> str:
    local = portal.clock.local(instant)
    hour = local.strftime("%I:%M %p").lstrip("0")
    return _("{date} at {hour} {tzname}").format(
        date=long_date(local), hour=hour, tzname=local.tzname())


def receipt_document(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal,
    language: str = "en",
) -> Document:
    """The receipt in ``language``: the member's saved language for one sent to them, the
    request's (``Accept-Language``) for one asked for."""
    with using_language(language):
        return _receipt_document(payment, member, invoices, portal)


def _receipt_document(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal
) -> Document:
    title, method_label, note = TITLES.get(payment.status,
                                           (N_("Payment record"), N_("Method"), ""))
    receipt = title == "Payment receipt"
    title, method_label, note = _(title), _(method_label), _(note) if note else ""
    issuer, contact = letterhead(portal.settings)
    rows = [
        (_("Reference"), payment.reference),
        (_("Member"), f"{member.first_name} {member.last_name}"),
        (_("Member ID"), member.member_id),
        (_("For") if not receipt else _("Paid toward"),
         coverage_words(invoices, paid=payment.status == "succeeded")),
        (_("Amount"), format_cents(payment.amount_cents)),
        (method_label, method_words(payment)),
        (_("Status"), status_words(payment)),
        (_("Date and time"), when_words(payment.created_at, portal)),
    ]
    if payment.scheduled_for and payment.status != "scheduled":
        rows.append((_("Scheduled for"), long_date(payment.scheduled_for)))
    if receipt:
        closing = (_("Keep this receipt for your records. Quote the reference if you call us."),)
    else:
        closing = (_("Quote the reference if you call us about this payment."),)
    return Document(issuer=issuer, contact=contact, title=title, rows=tuple(rows), note=note,
                    closing=closing)


def receipt_text(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal,
    language: str = "en",
) -> str:
    return receipt_document(payment, member, invoices, portal, language).as_text()


def receipt_pdf(
    payment: Payment, member: Member, invoices: Sequence[Invoice], portal: Portal,
    language: str = "en",
) -> bytes:
    return receipt_document(payment, member, invoices, portal, language).as_pdf()


def receipt_invoices(session: Any, payment: Payment, paid: Sequence[str]) -> list[Invoice]:
    """The bills a payment went to (``paid``: the ids it was applied to); for one that was not
    applied (declined, scheduled, canceled), the bills it was meant for."""
    import json

    from hcpay.portal.models import Invoice

    wanted = list(paid) or (json.loads(payment.invoice_ids) if payment.invoice_ids else [])
    rows = [session.get(Invoice, invoice_id) for invoice_id in wanted]
    return [row for row in rows if row is not None and row.member_id == payment.member_id]
