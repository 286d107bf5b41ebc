"""Troubleshooting: "I missed a payment" (seed case 4): where the grace period stands, how much
catches up, and a payment plan that spreads a past-due balance over 2-6 months."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from hcpay.domain.date_words import month_words
from hcpay.domain.installments import MAX_INSTALLMENTS, MIN_INSTALLMENTS, split
from hcpay.domain.money import format_cents
from hcpay.flows.model import Field, Flow, Step
from hcpay.flows.pay_checks import fmt_day
from hcpay.flows.troubleshoot import Finding, Guide

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import PaymentMethod

FLOW = Flow(
    name="troubleshoot_missed",
    title="Missed a payment",
    steps=(
        Step(1, "See where you stand",
             help="Above: your coverage, the grace month you are in, and the amount that "
             "catches you up."),
        Step(2, "Pay what is past due",
             help="Make a Payment, from the main menu, with the amount past due; your coverage "
             "stays active once the oldest unpaid month is paid."),
        Step(3, "Or ask for a payment plan",
             help="A plan spreads the past-due amount over 2 to 6 monthly installments drawn "
             "from your saved payment method; while you keep to it, coverage stays active."),
        Step(4, "If coverage ended",
             help="Within 35 days of the end you can be reinstated by paying the whole balance "
             "plus next month. After that, call Member Services."),
    ),
    help="For a member behind on premiums, in a grace period or past it.",
)

INSTALLMENTS = Field("installments", "Installments (2-6)", default="3", required=False,
                     help="How many monthly payments to spread the past-due amount over.")


def _day(value: date | None) -> str:
    return fmt_day(value) if value else "the end date"


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    summary = await client.summary()
    past_due = summary.past_due_cents
    lines: list[str] = []
    if summary.coverage_status == "terminated":
        lines.append(f"✗ Your coverage ended on {_day(summary.terminated_on)}.")
        if summary.reinstatement is not None:
            r = summary.reinstatement
            lines.append(f"Pay {format_cents(r.amount_cents)} by {_day(r.deadline)} to be "
                         "reinstated.")
            return Finding(tuple(lines), step=4, error_code="coverage_terminated", ok=False)
        lines.append("Call Member Services about coverage.")
        return Finding(tuple(lines), step=4, error_code="coverage_terminated", ok=False)
    if summary.grace is not None:
        g = summary.grace
        lines.append(f"⚠ You are in month {g.month} of {g.of} of your grace period"
                     + (f" (the first unpaid month is {month_words(g.first_unpaid_month)})."
                        if g.first_unpaid_month else "."))
        lines.append(f"Pay {format_cents(past_due)} by {_day(g.ends_on)} to keep your "
                     "coverage, or choose Request a payment plan in this guide.")
        return Finding(tuple(lines), step=2, error_code="grace_period", ok=False)
    if past_due > 0:
        lines.append(f"⚠ {format_cents(past_due)} is past due. Pay it now, or ask for a "
                     "payment plan: choose Request a payment plan in this guide.")
        return Finding(tuple(lines), step=2, error_code="past_due", ok=False)
    lines.append("✓ Nothing is past due: your coverage is active"
                 + (f", and {format_cents(summary.balance_due_cents)} is due next."
                    if summary.balance_due_cents else "."))
    return Finding(tuple(lines), step=1)


async def _plan_parts(
    client: PortalClient, values: Mapping[str, str]
) -> tuple[int, PaymentMethod, Finding] | Finding:
    """The plan the member would agree to: (installments, method, its terms in sentences), or
    a Finding that says why there can be none."""
    text = values.get("installments", "").strip() or INSTALLMENTS.default
    if not text.isdigit() or not MIN_INSTALLMENTS <= int(text) <= MAX_INSTALLMENTS:
        return Finding((f"Choose {MIN_INSTALLMENTS} to {MAX_INSTALLMENTS} installments.",),
                       step=3, ok=False)
    methods = await client.payment_methods()
    method = next((m for m in methods if m.is_default), methods[0] if methods else None)
    if method is None:
        return Finding(("A plan draws each installment from a saved payment method: add one "
                        "in the wallet first.",), step=3, ok=False)
    summary = await client.summary()
    if summary.past_due_cents <= 0 or summary.today is None:
        return Finding(("Nothing is past due, so there is nothing to spread out.",), step=3,
                       ok=False)
    count = int(text)
    terms = split(summary.past_due_cents, count, summary.today)
    lines = [f"The plan: {format_cents(summary.past_due_cents)} past due, in {count} monthly "
             f"installments drawn from {method.label}:"]
    lines += [f"  {t.number}. {format_cents(t.amount_cents)} on {fmt_day(t.due_date)}"
              + (", today: the first installment is drawn at once." if t.number == 1 else ".")
              for t in terms]
    lines.append("While you keep to the plan your coverage stays active.")
    return count, method, Finding(tuple(lines), step=3)


async def plan_terms(client: PortalClient, values: Mapping[str, str]) -> Finding:
    """What the member agrees to, said before the question: each installment, its day, the
    method, and that the first is drawn today."""
    parts = await _plan_parts(client, values)
    return parts if isinstance(parts, Finding) else parts[2]


async def request_plan(client: PortalClient, values: Mapping[str, str]) -> Finding:
    parts = await _plan_parts(client, values)
    if isinstance(parts, Finding):
        return parts
    count, method, _ = parts
    plan = await client.create_payment_plan(count, method.payment_method_id)
    lines = [f"✓ Payment plan {plan.plan_id}: {len(plan.installments)} installments from "
             f"{method.label}:"]
    lines += [f"  {i}. {format_cents(inst.amount_cents)} on {fmt_day(inst.due_date)}."
              for i, inst in enumerate(plan.installments, start=1)]
    lines.append("While you keep to the plan your coverage stays active.")
    return Finding(tuple(lines), step=3)


GUIDE = Guide("missed", FLOW, look, act=request_plan, act_label="Request a payment plan",
              act_key="r", inputs=(INSTALLMENTS,), terms=plan_terms,
              consent="Set up this payment plan?")
