"""The demo's billing (product-rules.md, Demo data): ``demo`` has health and dental, a year of
paid history, a saved Visa ending 4242 and a checking account ending 6789 (tokenized by the
sandbox gateway, so the tokens are real) and one open invoice; ``pastdue`` is in month 2 of
the grace period. ``seed_demo`` calls ``seed_demo_billing`` after making the members.

Everything follows the billing rules for the sandbox clock's today, whatever day it is: each
bill was issued on the 1st of the month before its coverage month and is due on the due day
(the 23rd) of that month, the newest is the one the billing job issued on the 1st of this
month, and nothing is dated after now. ``demo`` pays every bill on the 15th of its issue month
(8 days early); of the newest bill, dental is paid and health is the one open invoice until its
due date. From the 24th to the end of the month that bill has been paid like every other and
nothing is open: the next bill comes when the billing job issues it on the 1st (a bill open
after its due date would be past due, and the member in grace like ``pastdue``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from hcpay.domain.date_words import month_words
from hcpay.domain.i18n import _
from hcpay.domain.references import payment_reference
from hcpay.gateway.processor import TokenInfo
from hcpay.gateway.sandbox import SandboxGateway
from hcpay.portal.billing import coverage as coverage_rules
from hcpay.portal.billing import ledger
from hcpay.portal.billing.invoicing import insert_invoice
from hcpay.portal.billing.markers import claim
from hcpay.portal.billing.periods import (
    add_business_days,
    add_months,
    due_date_for,
    month_key,
    month_start,
    next_month_key,
)
from hcpay.portal.context import Portal
from hcpay.portal.documents.bills import make_bill
from hcpay.portal.documents.notices import tell
from hcpay.portal.documents.tax_forms import make_tax_form
from hcpay.portal.models import Coverage, Invoice, Member, Payment, PaymentMethod, Policy
from hcpay.portal.services.enrollment import SamplePlan, add_policies

DEMO_PLANS = [
    SamplePlan("health", "ConnectorCare Plan 2A", 9_800, 41_200, 53_500),
    SamplePlan("dental", "Family Dental Basic", 3_900),
]


def _saved_methods(portal: Portal) -> tuple[TokenInfo, TokenInfo]:
    gateway = portal.gateway
    if not isinstance(gateway, SandboxGateway):
        raise RuntimeError("demo data needs the sandbox gateway")
    card = gateway.tokenize_card("4242424242424242", 12, portal.clock.today().year + 3, "123",
                                 "Demo Member")
    bank = gateway.tokenize_bank_account("110000000", "000123456789", "checking", "Demo Member")
    # The sandbox's "settles" account ends 6789 (product-rules.md).
    return gateway.make_reusable(card.token), gateway.make_reusable(bank.token)


def _method_row(member_id: str, info: TokenInfo, *, default: bool, now: datetime,
                method_id: str) -> PaymentMethod:
    return PaymentMethod(
        payment_method_id=method_id, member_id=member_id, token=info.token, kind=info.kind,
        brand=info.brand, last4=info.last4, exp_month=info.exp_month, exp_year=info.exp_year,
        account_type=info.account_type, is_default=default, created_at=now,
    )


# The demo member pays each bill this many days before its due date (the 15th for the 23rd).
PAYS_DAYS_EARLY = 8


def _at(portal: Portal, day: date) -> datetime:
    """10 a.m. on ``day`` in the portal's time zone, but never later than now (a demo started
    early on the 1st has that day's bill, issued before it started)."""
    return min(portal.clock.start_of_day(day) + timedelta(hours=10), portal.clock.now())


def _issue(session: Session, portal: Portal, policies: list[Policy], months: list[str]) -> None:
    """The bills the billing job would have issued: the first month's at enrollment (the
    binder, issued on the 1st like the others), then one each month on the 1st."""
    for policy in policies:
        for month in months:
            issued = add_months(month_start(month), -1)
            invoice_id = insert_invoice(
                session, policy, month, issued_on=issued,
                due_date=due_date_for(month, portal.settings.due_day), now=_at(portal, issued),
                is_binder=month == months[0],
            )
            if invoice_id:  # its bill, as issued then (history: no "ready" email now)
                make_bill(session, portal.settings, invoice_id, now=_at(portal, issued),
                          announce=False)
        policy.billed_through = months[-1]
    session.flush()


def _pay_day(portal: Portal, month: str) -> date:
    """When the demo member pays the bill for ``month``: 8 days before it is due, or today
    when that has not come yet."""
    due = due_date_for(month, portal.settings.due_day)
    return min(due - timedelta(days=PAYS_DAYS_EARLY), portal.clock.today())


def _pay_month(
    session: Session, portal: Portal, member_id: str, month: str, method: PaymentMethod,
    *, only: str | None = None,
) -> None:
    invoices = [
        inv for inv in session.query(Invoice).filter(
            Invoice.member_id == member_id, Invoice.coverage_month == month
        )
        if only is None or inv.policy_kind == only
    ]
    paid_day = _pay_day(portal, month)
    at = _at(portal, paid_day)
    bank = method.kind == "bank_account"
    settles = (
        add_business_days(paid_day, portal.settings.bank_settlement_business_days)
        if bank else None
    )
    settled = settles is not None and settles <= portal.clock.today()
    payment = Payment(
        reference=payment_reference(), member_id=member_id, source="member",
        status="processing" if bank and not settled else "succeeded",
        amount_cents=sum(inv.amount_cents for inv in invoices),
        payment_method_id=method.payment_method_id, token=method.token,
        method_kind=method.kind, method_brand=method.brand, method_last4=method.last4,
        created_at=at, charged_at=at,
        settled_on=settles if settled else None, expected_settlement_date=settles,
    )
    session.add(payment)
    session.flush()
    ledger.allocate(session, payment, now=at, today=paid_day,
                    invoice_ids=[inv.invoice_id for inv in invoices])


def seed_demo_billing(portal: Portal, member_ids: Mapping[str, str]) -> None:
    """``member_ids`` maps a demo username (``demo``, ``pastdue``) to its member id."""
    today, now = portal.clock.today(), portal.clock.now()
    if "demo" in member_ids:
        card, bank = _saved_methods(portal)
        _seed_demo(portal, member_ids["demo"], card, bank, today, now)
    if "pastdue" in member_ids:
        card, _ = _saved_methods(portal)
        _seed_pastdue(portal, member_ids["pastdue"], card, today, now)


def _seed_demo(portal: Portal, member_id: str, card: TokenInfo, bank: TokenInfo, today: date,
               now: datetime) -> None:
    this_month = month_key(today)
    first = next_month_key(this_month, -11)
    months = [next_month_key(first, i) for i in range(13)]  # a year, plus next month's bill
    newest = months[-1]  # issued on the 1st of this month
    newest_open = today <= due_date_for(newest, portal.settings.due_day)
    with portal.db.write() as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.subsidized = True
        session.merge(Coverage(member_id=member_id, status="active"))
        visa = _method_row(member_id, card, default=True, now=now, method_id="PM-DEMO-VISA")
        checking = _method_row(member_id, bank, default=False, now=now,
                               method_id="PM-DEMO-BANK")
        session.add_all([visa, checking])
        policies = add_policies(session, member, DEMO_PLANS, first_month=first,
                                status="active", billed_through=first, now=now)
        _issue(session, portal, policies, months)
        for i, month in enumerate(months[:-1]):
            _pay_month(session, portal, member_id, month, visa if i % 3 else checking)
        if newest_open:  # dental already paid, health open (the one open invoice)
            _pay_month(session, portal, member_id, newest, visa, only="dental")
        else:  # its due date has passed: paid on time, like every other month
            _pay_month(session, portal, member_id, newest, visa)
        _demo_tax_form(session, portal, member, today)


# The sandbox shows the demo member's Form 1095-A for this year (product-rules.md).
DEMO_TAX_YEAR = 2025


def _demo_tax_form(session: Session, portal: Portal, member: Member, today: date) -> None:
    """The demo's 2025 Form 1095-A, as the January 31 job made it: enrolled all year (months
    before the demo's year of history at the demo plan's rates)."""
    issued = date(DEMO_TAX_YEAR + 1, 1, 31)
    issued = min(issued, today)
    make_tax_form(session, portal.settings, member, DEMO_TAX_YEAR, issued=issued,
                  now=_at(portal, issued), enrolled_all_year=True)


def _seed_pastdue(portal: Portal, member_id: str, card: TokenInfo, today: date,
                  now: datetime) -> None:
    this_month = month_key(today)
    first_unpaid = next_month_key(this_month, -1)  # grace month 2 is this month
    first = next_month_key(this_month, -6)
    months = [next_month_key(first, i) for i in range(8)]  # through next month's bill
    with portal.db.write() as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.subsidized = True
        session.merge(Coverage(member_id=member_id, status="active"))
        visa = _method_row(member_id, card, default=True, now=now, method_id="PM-PAST-VISA")
        session.add(visa)
        policies = add_policies(session, member, DEMO_PLANS[:1], first_month=first,
                                status="active", billed_through=first, now=now)
        _issue(session, portal, policies, months)
        for month in months:
            if month >= first_unpaid:
                break
            _pay_month(session, portal, member_id, month, visa)
        # The grace job's notices, on the days it would have sent them: month 1 the day after
        # the first unpaid bill's due date, month 2 on the 1st of this month.
        month_one = _at(portal, due_date_for(first_unpaid, portal.settings.due_day)
                        + timedelta(days=1))
        if claim(session, "grace_notice", member_id, f"{first_unpaid}:1", now=month_one):
            tell(session, portal.settings, member, event="past_due_warning",
                 key=f"{first_unpaid}:1", subject=_("Past due warning"),
                 body=_("Your premium for {month} is unpaid. This is month 1 of 3 of your "
                        "grace period.").format(month=month_words(first_unpaid)),
                 day=month_one.date(), now=month_one)
        coverage_rules.evaluate(session, member_id, portal.settings, day=today,
                                now=_at(portal, today.replace(day=1)))
