"""A receipt worth keeping, over HTTP against the real portal (SQLite, and PostgreSQL when
HCPAY_TEST_DATABASE_URL is set): who issued it and how to reach them, the member and member id,
policy and coverage month, amount, method, status in words, date and time, reference. A declined
payment gets a "payment attempt record" that never says "Paid with". Text and PDF come from one
document, so both hold the same rows."""

from __future__ import annotations

import re
import secrets
import zlib
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from hcpay.portal.models import Invoice, Member, Payment
from hcpay.portal.payments.receipts import receipt_document, receipt_invoices
from tests.helpers.gateway import DECLINE_INSUFFICIENT, card_token
from tests.helpers.members import make_member, portal_of


def _pay(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/api/v1/me/payments", json=body,
                       headers={**headers, "Idempotency-Key": secrets.token_hex(8)})


def pdf_strings(pdf: bytes) -> str:
    """The text drawn on a PDF's pages (fpdf2 writes each cell as a string shown with Tj in a
    zlib-compressed content stream)."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for text in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", content):
            found.append(re.sub(rb"\\(.)", rb"\1", text).decode("latin-1"))
    return " ".join(" ".join(found).split())  # a value wrapped onto two lines reads as one


def _document(client: TestClient, reference: str) -> Any:
    portal = portal_of(client)
    with portal.db.read() as session:
        payment = session.query(Payment).filter(Payment.reference == reference).one()
        member = session.get(Member, payment.member_id)
        assert member is not None
        invoices = receipt_invoices(session, payment, [])
        if payment.status == "succeeded":
            from sqlalchemy import select

            from hcpay.portal.models import Allocation

            paid = session.execute(select(Allocation.invoice_id)
                                   .where(Allocation.payment_id == payment.id)).scalars()
            invoices = receipt_invoices(session, payment, list(paid))
        return receipt_document(payment, member, invoices, portal)


def test_a_paid_receipt_says_what_a_member_keeps_it_for(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = client.get("/api/v1/me/summary", headers=headers).json()["balance_due_cents"]
    bill = client.get("/api/v1/me/invoices?status=open", headers=headers).json()["items"][0]
    paid = _pay(client, headers, {"amount_cents": owed, "token": card_token(client)}).json()
    reference = paid["reference"]

    text = client.get(f"/api/v1/me/payments/{reference}/receipt?format=txt", headers=headers).text
    month = date.fromisoformat(bill["coverage_month"] + "-01")
    for words in (
        "Health Connector premium payments", "Member Services 1-877-623-6765",
        "Payment receipt", "Pat Tester", member.member_id,
        f"{bill['policy'].capitalize()} plan, {month:%B} {month.year}",
        f"${owed / 100:,.2f}", "Paid with", "Visa ending 4242", reference,
    ):
        assert words in text, words
    status_line = next(line for line in text.splitlines() if line.startswith("Status"))
    assert status_line.split(None, 1)[1] == "Paid"  # in words, never "succeeded"
    assert "succeeded" not in text
    when = next(line for line in text.splitlines() if line.startswith("Date and time"))
    assert " at " in when and ("EST" in when or "EDT" in when)  # the portal's time zone

    document = _document(client, reference)
    assert document.as_text() == text  # the text served is the document's text
    pdf = client.get(f"/api/v1/me/payments/{reference}/receipt?format=pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.content.rstrip().endswith(b"%%EOF")  # a whole PDF, not a cut one
    shown = pdf_strings(pdf.content)
    for label, value in document.rows:  # every row of the text is on the page too
        assert label in shown and " ".join(value.split()) in shown, (label, value)
    assert document.title in shown and document.contact in shown


def test_a_declined_payment_is_an_attempt_record_not_a_receipt(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = client.get("/api/v1/me/summary", headers=headers).json()["balance_due_cents"]
    declined = _pay(client, headers, {
        "amount_cents": owed, "token": card_token(client, number=DECLINE_INSUFFICIENT),
    })
    assert declined.status_code == 402
    history = client.get("/api/v1/me/payments?status=failed", headers=headers).json()["items"]
    reference = history[0]["reference"]

    text = client.get(f"/api/v1/me/payments/{reference}/receipt?format=txt", headers=headers).text
    assert text.splitlines()[3] == "Payment attempt record"
    assert "This is not a receipt" in text and "nothing was charged" in text
    assert "Paid with" not in text and "Payment receipt" not in text
    assert "Tried with" in text and "Visa ending 9995" in text
    assert member.member_id in text and reference in text
    document = _document(client, reference)
    assert document.title == "Payment attempt record"
    assert all(label != "Paid with" for label, _ in document.rows)


def test_receipt_bills_belong_to_the_payer(client: TestClient) -> None:
    """A payment's stored invoice ids never put another member's bill on its receipt."""
    one = make_member(client, coverage="new")
    other = make_member(client, coverage="new")
    portal = portal_of(client)
    with portal.db.read() as session:
        theirs = session.query(Invoice).filter(Invoice.member_id == other.member_id).first()
        assert theirs is not None
        fake = Payment(member_id=one.member_id, invoice_ids=f'["{theirs.invoice_id}"]')
        assert receipt_invoices(session, fake, []) == []


def test_a_payment_with_nothing_open_is_a_credit_on_its_receipt(client: TestClient) -> None:
    member = make_member(client)  # paid through next month: nothing is open
    paid = _pay(client, member.headers, {"amount_cents": 1000, "token": card_token(client)})
    assert paid.status_code == 201, paid.text
    reference = paid.json()["reference"]
    text = client.get(f"/api/v1/me/payments/{reference}/receipt", headers=member.headers).text
    toward = next(line for line in text.splitlines() if line.startswith("Paid toward"))
    assert toward.split(None, 2)[2] == "A credit toward your next bill"
