"""A bill, one per invoice, made when the invoice is issued: who it is for (name and member id),
the plan, the coverage month, the amount, the due date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from hcpay.documents import Document
from hcpay.domain.date_words import long_date, month_words
from hcpay.domain.document_words import bill_title, plan_words
from hcpay.domain.i18n import _
from hcpay.domain.money import format_cents
from hcpay.portal.documents import store
from hcpay.portal.language import speaking_to
from hcpay.portal.models import Invoice, Member, Policy
from hcpay.portal.settings import PortalSettings


def bill_document(
    invoice: Invoice, member: Member, plan_name: str, settings: PortalSettings
) -> Document:
    issuer, contact = store.letterhead(settings)
    month = month_words(invoice.coverage_month)
    rows = (
        (_("Member"), f"{member.first_name} {member.last_name}"),
        (_("Member ID"), member.member_id),
        (_("Bill number"), invoice.invoice_id),
        (_("Plan"), f"{plan_name} ({plan_words(invoice.policy_kind)})"),
        (_("Coverage month"), month),
        (_("Amount due"), format_cents(invoice.total_cents)),
        (_("Due date"), long_date(invoice.due_date)),
        (_("Issued on"), long_date(invoice.issued_on)),
    )
    note = (_("Your first payment: your coverage starts when this bill is paid.")
            if invoice.is_binder else _("Your premium for {month} coverage.").format(month=month))
    closing = (
        _("Pay by {date} so that it is received in time. Pay in the app, or without signing in "
          "with your member ID and date of birth.").format(date=long_date(invoice.due_date)),
        _("If automatic payments are on, this amount is paid for you. Quote your member ID and "
          "the bill number if you call us."),
    )
    return Document(issuer=issuer, contact=contact, title=bill_title(month, invoice.policy_kind),
                    rows=rows, note=note, closing=closing)


def make_bill(
    session: Session, settings: PortalSettings, invoice_id: str, *, now: datetime,
    announce: bool = True, ready_email: bool = True,
) -> str | None:
    """The bill for ``invoice_id``, made once (None when it exists)."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        return None
    member = session.get(Member, invoice.member_id)
    policy = session.get(Policy, invoice.policy_id)
    if member is None or policy is None:
        return None
    with speaking_to(session, member.member_id):
        return store.make(
            session, member, kind="bill", subject=invoice.invoice_id,
            period=invoice.coverage_month,
            document=bill_document(invoice, member, policy.plan_name, settings), now=now,
            announce=announce, ready_email=ready_email,
        )
