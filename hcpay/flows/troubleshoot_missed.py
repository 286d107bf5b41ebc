"""Troubleshooting: "I missed a payment" (seed case 4): where the grace period stands, how much
catches up, and a payment plan that spreads a past-due balance over 2-6 months."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from hcpay.domain.date_words import month_words
from hcpay.domain.i18n import N_, _
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
    title=N_("Missed a payment"),
    steps=(
        Step(1, N_("See where you stand"),
             help=N_("Above: your coverage, the grace month you are in, and the amount that "
             "catches you up.")),
        Step(2, N_("Pay what is past due"),
             help=N_("Make a Payment, from the main menu, with the amount past due; your coverage "
             "stays active once the oldest unpaid month is paid.")),
        Step(3, N_("Or ask for a payment plan"),
             help=N_("A plan spreads the past-due amount over 2 to 6 monthly installments drawn "
             "from your saved payment method; while you keep to it, coverage stays active.")),
        Step(4, N_("If coverage ended"),
             help=N_("Within 35 days of the end you can be reinstated by paying the whole balance "
             "plus next month. After that, call Member Services.")),
    ),
    help=N_("For a member behind on premiums, in a grace period or past it."),
)

INSTALLMENTS = Field("installments", N_("Installments (2-6)"), default="3", required=False,
                     help=N_("How many monthly payments to spread the past-due amount over."))


def _day(value: date | None) -> str:
    return fmt_day(value) if value else _("the end date")


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    summary = await client.summary()
    past_due = summary.past_due_cents
    lines: list[str] = []
    if summary.coverage_status == "terminated":
        lines.append(_("✗ Your coverage ended on {terminated_on}.").format(
            terminated_on=_day(summary.terminated_on)))
        if summary.reinstatement is not None:
            r = summary.reinstatement
            lines.append(_("Pay {amount} by {deadline} to be "
                         "reinstated.").format(
                             amount=format_cents(r.amount_cents), deadline=_day(r.deadline)))
            return Finding(tuple(lines), step=4, error_code="coverage_terminated", ok=False)
        lines.append(_("Call Member Services about coverage."))
        return Finding(tuple(lines), step=4, error_code="coverage_terminated", ok=False)
    if summary.grace is not None:
        g = summary.grace
        lines.append(_("⚠ You are in month {month} of {of} of your grace period").format(
            month=g.month, of=g.of)
                     + (f" (the first unpaid month is {month_words(g.first_unpaid_month)})."
                        if g.first_unpaid_month else "."))
        lines.append(_("Pay {amount} by {ends_on} to keep your "
                     "coverage, or choose Request a payment plan in this guide.").format(
                         amount=format_cents(past_due), ends_on=_day(g.ends_on)))
        return Finding(tuple(lines), step=2, error_code="grace_period", ok=False)
    if past_due > 0:
        lines.append(_("⚠ {amount} is past due. Pay it now, or ask for a "
                     "payment plan: choose Request a payment plan in this guide.").format(
                         amount=format_cents(past_due)))
        return Finding(tuple(lines), step=2, error_code="past_due", ok=False)
    lines.append(_("✓ Nothing is past due: your coverage is active")
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
    lines = [_("The plan: {amount} past due, in {count} monthly "
             "installments drawn from {label}:").format(
                 amount=format_cents(summary.past_due_cents), count=count, label=method.label)]
    lines += [_("  {number}. {amount} on {date}").format(
        number=t.number, amount=format_cents(t.amount_cents), date=fmt_day(t.due_date))
              + (", today: the first installment is drawn at once." if t.number == 1 else ".")
              for t in terms]
    lines.append(_("While you keep to the plan your coverage stays active."))
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
    count, method, _unused = parts
    plan = await client.create_payment_plan(count, method.payment_method_id)
    lines = [_("✓ Payment plan {plan_id}: {installments} installments from "
             "{label}:").format(
                 plan_id=plan.plan_id, installments=len(plan.installments), label=method.label)]
    lines += [_("  {value}. {amount} on {date}.").format(
        value=i, amount=format_cents(inst.amount_cents), date=fmt_day(inst.due_date))
              for i, inst in enumerate(plan.installments, start=1)]
    lines.append(_("While you keep to the plan your coverage stays active."))
    return Finding(tuple(lines), step=3)


GUIDE = Guide("missed", FLOW, look, act=request_plan, act_label="Request a payment plan",
              act_key="r", inputs=(INSTALLMENTS,), terms=plan_terms,
              consent="Set up this payment plan?")
