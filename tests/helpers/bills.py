"""A member with many bills (more than one page), made directly in the database."""

from __future__ import annotations

from fastapi.testclient import TestClient

from hcpay.portal.billing.invoicing import insert_invoice
from hcpay.portal.billing.periods import add_months, due_date_for, month_start, next_month_key
from hcpay.portal.models import Invoice, Member
from hcpay.portal.services.enrollment import SamplePlan, add_policies
from tests.helpers.members import TestMember, make_member, portal_of

PLANS = [SamplePlan("health", "Health (test)", 9_800), SamplePlan("dental", "Dental (test)", 3_900)]
FIRST_MONTH = "2024-01"


def member_with_bills(client: TestClient, months: int, *, paid: bool = True) -> TestMember:
    """Health and dental bills for ``months`` coverage months from FIRST_MONTH; with ``paid``,
    two months in three are paid and the rest open, else all are open."""
    member = make_member(client, coverage="none")
    portal = portal_of(client)
    keys = [next_month_key(FIRST_MONTH, i) for i in range(months)]
    with portal.db.write() as session:
        row = session.get(Member, member.member_id)
        assert row is not None
        policies = add_policies(session, row, PLANS, first_month=FIRST_MONTH, status="active",
                                billed_through=keys[-1], now=portal.clock.now())
        for policy in policies:
            for month in keys:
                insert_invoice(
                    session, policy, month, issued_on=add_months(month_start(month), -1),
                    due_date=due_date_for(month, portal.settings.due_day),
                    now=portal.clock.now(),
                )
        session.flush()
        for invoice in session.query(Invoice).filter(Invoice.member_id == member.member_id):
            if paid and keys.index(invoice.coverage_month) % 3:
                invoice.paid_cents, invoice.status = invoice.amount_cents, "paid"
    return member
