"""A month is billed once however many portal processes bill it: both processes move the shared
sandbox clock past the 1st at the same moment, so both run the billing job for that day, and
each member has one invoice for the new month, one bill document for it and one "your bill is
ready" notice (the job's day marker, the invoice's unique key and the document's unique key, each
where the two processes' writes meet)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hcpay.portal.billing.periods import add_months, month_key
from hcpay.portal.models import Invoice, Notification, StoredDocument
from tests.concurrency.conftest import Stack, fire, today_of
from tests.concurrency.people import person


def test_two_processes_billing_the_same_day_bill_each_member_once(stack: Stack) -> None:
    people = [person(stack, open_months=1) for _ in range(4)]  # billed through next month
    today = today_of(stack)
    first = today.replace(day=1)
    new_month = month_key(add_months(first, 2))  # issued on next month's 1st
    target = (add_months(first, 1) + timedelta(days=1)).isoformat()
    answers = fire([("POST", stack.url(i) + "/sandbox/clock", {"json": {"set": target}})
                    for i in range(2)], timeout=300)
    assert [res.status_code for res in answers] == [200, 200], [r.text for r in answers]
    ids = [p.member_id for p in people]
    with stack.portal.db.read() as session:
        invoices = session.execute(select(Invoice.member_id, Invoice.invoice_id).where(
            Invoice.member_id.in_(ids), Invoice.coverage_month == new_month)).all()
        bills = session.execute(select(StoredDocument.subject).where(
            StoredDocument.member_id.in_(ids), StoredDocument.kind == "bill")).scalars().all()
        told = session.execute(select(Notification.member_id).where(
            Notification.member_id.in_(ids), Notification.code == "invoice_issued")
        ).scalars().all()
    assert sorted(m for m, _ in invoices) == sorted(ids)  # each member billed, once
    assert sorted(bills) == sorted(i for _, i in invoices)  # one bill document each
    assert sorted(told) == sorted(ids)  # one "your bill is ready" each
