"""Receipts for a payment, as plain text and as PDF (fpdf2)."""

from __future__ import annotations

from fpdf import FPDF

from hcpay.portal.models import Member, Payment


def _lines(payment: Payment, member: Member, invoices: list[str]) -> list[tuple[str, str]]:
    method = f"{(payment.method_brand or payment.method_kind).replace('_', ' ').title()} " \
             f"ending {payment.method_last4}"
    rows = [
        ("Reference", payment.reference),
        ("Member", f"{member.first_name} {member.last_name} ({member.member_id})"),
        ("Amount", f"${payment.amount_cents / 100:,.2f}"),
        ("Status", payment.status),
        ("Paid with", method),
        ("Date", payment.created_at.date().isoformat()),
    ]
    if payment.settled_on:
        rows.append(("Settled on", payment.settled_on.isoformat()))
    if payment.expected_settlement_date and payment.status == "processing":
        rows.append(("Expected to settle", payment.expected_settlement_date.isoformat()))
    if payment.return_code:
        rows.append(("Returned", f"{payment.return_code}: {payment.failure_message}"))
    if invoices:
        rows.append(("Applied to", ", ".join(invoices)))
    return rows


def receipt_text(payment: Payment, member: Member, invoices: list[str]) -> str:
    rows = _lines(payment, member, invoices)
    width = max(len(k) for k, _ in rows)
    body = "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)
    return f"hcpay payment receipt\n{'=' * 21}\n{body}\n\nKeep this receipt for your records.\n"


def receipt_pdf(payment: Payment, member: Member, invoices: list[str]) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_title(f"Payment receipt {payment.reference}")
    pdf.set_author("hcpay portal")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Payment receipt", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for key, value in _lines(payment, member, invoices):
        pdf.cell(50, 8, key)
        pdf.cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 8, "Keep this receipt for your records.")
    return bytes(pdf.output())
