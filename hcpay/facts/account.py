"""The facts of an account, worked out once from the portal's answers: what is owed and when,
the credit, the coverage (pending until the first bill is paid, a grace period, reinstatement),
a payment plan in effect and its next installment, and automatic payments (on, paused or off,
and the next draw). Each face phrases these; none works them out again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from hcpay.domain.date_words import next_bill_day
from hcpay.facts.clock import today_of

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import Alert, Payment, PaymentMethod, PaymentPlan, Summary

CoverageState = Literal["pending", "active", "grace", "termination_pending", "terminated"]
AutopayState = Literal["on", "paused", "off"]

# Installment payments that are still to be drawn (the others are done or failed).
_TO_COME = ("scheduled", "processing")


@dataclass(frozen=True)
class Bill:
    """The next bill with something left to pay."""

    invoice_id: str
    amount_cents: int
    due_date: date
    days_left: int  # negative: that many days overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class Installment:
    number: int
    of: int
    amount_cents: int
    due_date: date


@dataclass(frozen=True)
class Plan:
    """A payment plan in effect: while it is kept, coverage stays active."""

    plan_id: str
    total_cents: int
    left_cents: int  # the installments still to come
    next: Installment | None


@dataclass(frozen=True)
class Reinstatement:
    amount_cents: int
    deadline: date


@dataclass(frozen=True)
class Coverage:
    state: CoverageState
    grace_month: int | None = None
    grace_of: int | None = None
    grace_ends_on: date | None = None
    terminated_on: date | None = None
    reinstatement: Reinstatement | None = None
    kept_by_plan: bool = False  # active only because a payment plan is being kept

    @property
    def pending(self) -> bool:
        """A new member's coverage: it starts when the first bill is paid."""
        return self.state == "pending"

    @property
    def in_grace(self) -> bool:
        return self.state in ("grace", "termination_pending")


@dataclass(frozen=True)
class Autopay:
    state: AutopayState
    next_draw: date | None = None  # only while on: a paused plan draws nothing
    fixed_cents: int | None = None  # None: the full balance each time
    method: str = ""  # its label, when the method is known
    frequency: str | None = None
    resumes_on: date | None = None  # paused until this day (None: until resumed by hand)
    # On, but nothing is owed and no bill is issued before its next draw: that draw takes
    # nothing (a draw pays at most what is owed), so it is not a second charge to fear.
    draws_nothing: bool = False


@dataclass(frozen=True)
class AccountFacts:
    today: date
    time_zone: str
    as_of: datetime
    balance_due_cents: int
    past_due_cents: int
    credit_cents: int
    next_bill: Bill | None
    next_bill_comes: date | None  # nothing owed: when the next bill is issued
    coverage: Coverage
    plan: Plan | None
    autopay: Autopay
    recent_payments: tuple[Payment, ...] = ()
    alerts: tuple[Alert, ...] = field(default=())
    member_id: str = ""  # printed on every bill and receipt (to pay without signing in)

    @classmethod
    def from_summary(
        cls, summary: Summary, plans: Iterable[PaymentPlan] = (),
        methods: Sequence[PaymentMethod] = (),
    ) -> AccountFacts:
        """The facts of one ``GET /me/summary`` (with the member's payment plans and saved
        methods, when they were read: a plan is not in the summary)."""
        today = today_of(summary)
        plan = plan_in_effect(plans)
        nxt = summary.next_due
        bill = None if nxt is None else Bill(
            nxt.invoice_id, nxt.amount_cents, nxt.due_date, (nxt.due_date - today).days
        )
        comes = None
        if nxt is None and summary.coverage_status != "terminated":
            comes = next_bill_day(today)
        autopay = autopay_of(summary, methods)
        if autopay.state == "on" and draw_takes_nothing(summary, autopay.next_draw):
            autopay = replace(autopay, draws_nothing=True)
        return cls(
            today=today, time_zone=summary.time_zone, as_of=summary.as_of,
            balance_due_cents=summary.balance_due_cents,
            past_due_cents=summary.past_due_cents, credit_cents=max(0, summary.credit_cents),
            next_bill=bill, next_bill_comes=comes,
            coverage=coverage_of(summary, plan), plan=plan,
            autopay=autopay,
            recent_payments=tuple(summary.recent_payments), alerts=tuple(summary.alerts),
            member_id=summary.member_id or "",
        )


def coverage_of(summary: Summary, plan: Plan | None = None) -> Coverage:
    state: CoverageState = summary.coverage_status
    if summary.coverage_starts_on_payment:
        state = "pending"
    grace = summary.grace if state in ("grace", "termination_pending") else None
    reinstate = summary.reinstatement
    return Coverage(
        state=state,
        grace_month=grace.month if grace else None, grace_of=grace.of if grace else None,
        grace_ends_on=grace.ends_on if grace else None,
        terminated_on=summary.terminated_on,
        reinstatement=None if reinstate is None else Reinstatement(
            reinstate.amount_cents, reinstate.deadline
        ),
        kept_by_plan=plan is not None and state == "active",
    )


def plan_in_effect(plans: Iterable[PaymentPlan]) -> Plan | None:
    """The active plan (one at most, the portal sees to that) and its next installment."""
    for found in plans:
        if (found.status or "active") != "active":
            continue
        count = len(found.installments)
        to_come = sorted(
            (i for i in found.installments if (i.status or "scheduled") in _TO_COME),
            key=lambda i: i.due_date,
        )
        first = to_come[0] if to_come else None
        numbered = None if first is None else Installment(
            first.number or found.installments.index(first) + 1, count,
            first.amount_cents, first.due_date,
        )
        total = found.total_cents or sum(i.amount_cents for i in found.installments)
        return Plan(found.plan_id, total, sum(i.amount_cents for i in to_come), numbered)
    return None


def draw_takes_nothing(summary: Summary, next_draw: date | None) -> bool:
    """Nothing is owed and no bill is issued before ``next_draw``: that draw takes nothing (a
    draw pays at most what is owed), so a member who just paid need not fear a second charge."""
    if next_draw is None or summary.next_due is not None or summary.balance_due_cents > 0:
        return False
    if summary.coverage_status == "terminated":  # no bill comes at all
        return True
    return next_bill_day(today_of(summary)) > next_draw


def autopay_of(summary: Summary, methods: Sequence[PaymentMethod] = ()) -> Autopay:
    """On, paused (set up, drawing nothing: the settings are kept) or off (none set up)."""
    autopay = summary.autopay
    if autopay is None or (not autopay.enabled and autopay.payment_method_id is None):
        return Autopay("off")
    amount = autopay.amount
    fixed = amount.amount_cents if amount is not None and amount.type == "fixed" else None
    method = next((m for m in methods if m.payment_method_id == autopay.payment_method_id), None)
    extra = autopay.model_extra or {}
    frequency = extra.get("frequency")
    if not autopay.enabled:  # drawing nothing until resumed, by hand or on its resume day
        return Autopay("paused", None, fixed, _label(method), _text(frequency),
                       autopay.paused_until)
    return Autopay("on", autopay.next_draw_date, fixed, _label(method), _text(frequency))


def _label(method: PaymentMethod | None) -> str:
    from hcpay.facts.labels import method_label

    return method_label(method)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Read:
    """What ``load`` read from the portal (kept as it came, for an offline copy) and its facts."""

    summary: Summary
    plans: list[PaymentPlan]
    methods: list[PaymentMethod]
    facts: AccountFacts


async def load(client: PortalClient) -> Read:
    """Read the summary, and the payment plans and saved methods when they matter (a plan only
    exists for a past-due balance; a method names autopay's), then work out the facts."""
    from hcpay.api import NotFound

    summary = await client.summary()
    want_plans = summary.past_due_cents > 0
    want_methods = summary.autopay is not None and summary.autopay.payment_method_id is not None

    async def plans() -> list[PaymentPlan]:
        try:
            return await client.payment_plans() if want_plans else []
        except NotFound:  # a portal without payment plans
            return []

    async def methods() -> list[PaymentMethod]:
        return await client.payment_methods() if want_methods else []

    found_plans, found_methods = await asyncio.gather(plans(), methods())
    facts = AccountFacts.from_summary(summary, found_plans, found_methods)
    return Read(summary, found_plans, found_methods, facts)
