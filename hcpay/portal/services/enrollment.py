"""Enrollment in the sandbox: a new member gets a sample health plan and its first ("binder")
invoice, so they can pay at once (product-rules.md). The account stream calls
``enroll_new_member`` when an account is created."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from hcpay.domain.references import random_code
from hcpay.portal.billing.invoicing import binder_due_date, insert_invoice
from hcpay.portal.billing.periods import add_months, month_key, month_start
from hcpay.portal.context import Portal
from hcpay.portal.documents.bills import make_bill
from hcpay.portal.models import Coverage, Member, Policy
from hcpay.portal.settings import PortalSettings


@dataclass(frozen=True)
class SamplePlan:
    kind: str
    name: str
    premium_cents: int
    aptc_cents: int = 0  # the advance premium tax credit a month (subsidized members)
    slcsp_cents: int = 0  # the second-lowest-cost silver plan's premium (Form 1095-A)


def sample_plans(member: Member, *, dental: bool = False) -> list[SamplePlan]:
    health = (
        SamplePlan("health", "ConnectorCare Plan 2A (sample)", 9_800, 41_200, 53_500)
        if member.subsidized
        else SamplePlan("health", "Silver Standard (sample)", 41_250, 0, 53_500)
    )
    plans = [health]
    if dental:
        plans.append(SamplePlan("dental", "Family Dental Basic (sample)", 3_900))
    return plans


def new_policy_id() -> str:
    return f"POL-{random_code(4)}-{random_code(4)}"


def add_policies(
    session: Session, member: Member, plans: list[SamplePlan], *, first_month: str,
    status: str, billed_through: str, now: datetime,
) -> list[Policy]:
    policies = [
        Policy(
            policy_id=new_policy_id(), member_id=member.member_id, kind=plan.kind,
            plan_name=plan.name, premium_cents=plan.premium_cents,
            aptc_cents=plan.aptc_cents, slcsp_cents=plan.slcsp_cents,
            start_date=month_start(first_month), status=status, billed_through=billed_through,
            created_at=now,
        )
        for plan in plans
    ]
    session.add_all(policies)
    session.flush()
    return policies


def enroll(
    session: Session, member: Member, settings: PortalSettings, *, today: date, now: datetime,
    dental: bool = False,
) -> list[Policy]:
    """Enroll in the sample plans from next month and issue the binder invoice(s)."""
    first_month = month_key(add_months(today.replace(day=1), 1))
    if session.get(Coverage, member.member_id) is None:
        session.add(Coverage(member_id=member.member_id, status="pending"))
    policies = add_policies(
        session, member, sample_plans(member, dental=dental), first_month=first_month,
        status="pending", billed_through=first_month, now=now,
    )
    session.flush()
    for policy in policies:
        invoice_id = insert_invoice(
            session, policy, first_month, issued_on=today,
            due_date=binder_due_date(today, settings), now=now, is_binder=True,
        )
        if invoice_id:  # an address not yet verified is sent only its code: no "ready" email
            make_bill(session, settings, invoice_id, now=now,
                      announce=member.status == "active")
    session.flush()
    return policies


def enroll_new_member(session: Session, portal: Portal, member: Member) -> list[Policy]:
    """In sandbox mode: a sample health plan and its binder invoice. Nothing in live mode."""
    if not portal.settings.sandbox:
        return []
    return enroll(session, member, portal.settings, today=portal.clock.today(),
                  now=portal.clock.now())
