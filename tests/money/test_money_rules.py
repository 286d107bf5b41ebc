"""The portal states its money rules once (``payments/rules.py``): a payment recorded on its
own (``engine.record_outcome``) and one recorded in a batch (``bulk_outcomes``, the path of
member payments and jobs) pay the same bills, in the same order, leave the same credit and send
the same words."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from hcpay.domain.references import payment_reference
from hcpay.gateway.processor import ChargeResult
from hcpay.portal.models import Allocation, Credit, Invoice, Notification, Payment
from hcpay.portal.payments import bulk_outcomes, engine
from tests.helpers.bills import member_with_bills
from tests.helpers.members import TestMember, advance, portal_of

AMOUNT = 10_000_000  # more than all the open bills: the rest is left over as credit


def _pending_payment(client: TestClient, member: TestMember, named: list[str]) -> int:
    portal = portal_of(client)
    with portal.db.write() as session:
        payment = Payment(
            reference=payment_reference(), member_id=member.member_id, source="member",
            status="pending", amount_cents=AMOUNT, token="pmt_test", method_kind="card",
            method_brand="visa", method_last4="4242", created_at=portal.clock.now(),
            invoice_ids=f'["{named[0]}"]' if named else None,
        )
        session.add(payment)
        session.flush()
        return payment.id


def _named_bill(client: TestClient, member: TestMember) -> str:
    """The member's health bill for the second month: named, so paid first."""
    with portal_of(client).db.read() as session:
        return session.execute(
            select(Invoice.invoice_id).where(
                Invoice.member_id == member.member_id, Invoice.coverage_month == "2024-02",
                Invoice.policy_kind == "health",
            )
        ).scalar_one()


def _what_it_did(client: TestClient, payment_id: int) -> dict[str, Any]:
    with portal_of(client).db.read() as session:
        paid = session.execute(
            select(Invoice.coverage_month, Invoice.policy_kind, Allocation.amount_cents)
            .join(Invoice, Invoice.invoice_id == Allocation.invoice_id)
            .where(Allocation.payment_id == payment_id).order_by(Allocation.id)
        ).all()
        credit = session.execute(
            select(Credit.amount_cents).where(Credit.payment_id == payment_id)
        ).scalars().all()
        payment = session.get(Payment, payment_id)
        assert payment is not None
        words = session.execute(
            select(Notification.subject, Notification.body)
            .where(Notification.member_id == payment.member_id,
                   Notification.code == "payment_received")
        ).one()
        body = words.body.replace(payment.reference, "REF")
    return {"paid": [tuple(row) for row in paid], "credit": list(credit),
            "notice": (words.subject, body)}


def test_single_and_batch_paths_split_a_payment_alike(client: TestClient) -> None:
    portal = portal_of(client)
    ok = ChargeResult("succeeded", None, None, None, None)
    alone, batched = member_with_bills(client, 2, paid=False), member_with_bills(client, 2,
                                                                                  paid=False)
    advance(client, 0)  # the day's billing for both alike (the first was made a step earlier)
    alone_id = _pending_payment(client, alone, [_named_bill(client, alone)])
    batched_id = _pending_payment(client, batched, [_named_bill(client, batched)])
    now, day = portal.clock.now(), portal.clock.today()
    with portal.db.write() as session:
        engine.record_outcome(session, alone_id, ok, portal.settings, now=now, today=day)
    with portal.db.write() as session:
        bulk_outcomes.record_outcomes(session, [(batched_id, ok)], portal.settings, now=now,
                                      today=day)
    single, batch = _what_it_did(client, alone_id), _what_it_did(client, batched_id)
    assert single == batch
    # the named bill first, then the oldest, each paid in full; the rest is credit
    paid = single["paid"]
    assert paid[0] == ("2024-02", "health", 9_800)
    assert paid[1:3] == [("2024-01", "dental", 3_900), ("2024-01", "health", 9_800)]
    assert paid[1:] == sorted(paid[1:]) and len(paid) >= 4
    assert single["credit"] == [AMOUNT - sum(cents for _, _, cents in paid)]
    assert single["credit"][0] > 0
    assert single["notice"] == ("Payment receipt",
                                "Payment REF: $100,000.00 from Visa ending 4242. Thank you.")
