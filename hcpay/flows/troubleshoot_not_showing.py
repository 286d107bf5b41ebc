"""Troubleshooting: "My payment is not showing" (seed case 3): enter a reference (or pick one
of the latest by its number) and see where the payment is: scheduled, processing (and when it
should settle), settled (and when), returned (why, and when), failed or canceled."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents
from hcpay.facts.clock import local_day
from hcpay.flows.model import Field, Flow, Step
from hcpay.flows.pay_checks import fmt_day
from hcpay.flows.troubleshoot import Finding, Guide

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import Payment

FLOW = Flow(
    name="troubleshoot_not_showing",
    title=N_("Payment not showing"),
    steps=(
        Step(1, N_("Find the reference"),
             help=N_("Every payment has a reference like HCP-7K2M-9QX4: on the confirmation, in "
             "the receipt email, and in History. Give it, or the number of one listed, when "
             "the guide asks.")),
        Step(2, N_("Bank payments take 3 business days"),
             help=N_("A bank payment is 'processing' until it settles; it counts as paid on the "
             "day you made it, and your balance shows it at once.")),
        Step(3, N_("Returned payments"),
             help=N_("If your bank returns a payment, the bill it paid opens again and we email "
             "you the reason. Pay again by card or from another account.")),
        Step(4, N_("Still missing"),
             help=N_("If the reference is not found, check each letter (0 and O are the same, as "
             "are 1 and I). Then contact support (guide 5) with the reference.")),
    ),
    help=N_("For a payment you made that you cannot see, or whose status you want to know."),
)

REFERENCE = Field("reference", N_("Payment reference"), placeholder=N_("HCP-XXXX-XXXX or 1-5"),
                  required=False,
                  help=N_("The reference from your confirmation or email, or the number of a "
                  "payment in the list."))


def _day(value: date) -> str:
    return fmt_day(value)


def where_is(p: Payment, time_zone: str | None = None) -> tuple[str, int]:
    """The payment's whereabouts in a sentence, and the step that fits; days are the portal's
    (``time_zone``, its billing time zone)."""
    made = _day(local_day(p.created_at, time_zone))
    head = _("{reference}, {amount}, made {made}:").format(
        reference=p.reference, amount=format_cents(p.amount_cents), made=made)
    if p.status == "scheduled":
        when = _day(p.scheduled_for) if p.scheduled_for else _("its date")
        return _("{head} ◷ scheduled for {when}; it is charged that day.").format(
            head=head, when=when), 1
    if p.status == "processing":
        expected = p.expected_settlement_date
        settles = _("expected to settle by {expected}").format(
            expected=_day(expected)) if expected else "settling"
        return _("{head} … processing at the bank, {settles}. It already counts as paid.").format(
            head=head, settles=settles), 2
    if p.status == "succeeded":
        if p.settled_on is not None:
            return _("{head} ✓ settled on {settled_on}.").format(
                head=head, settled_on=_day(p.settled_on)), 2
        return _("{head} ✓ paid and settled the same day (card).").format(head=head), 1
    if p.status == "returned":
        why = p.failure_message or _("return code {return_code}").format(return_code=p.return_code)
        when = _(" on {settled_on}").format(settled_on=_day(p.settled_on)) if p.settled_on else ""
        return _("{head} ✗ returned by the bank{when} ({return_code}). {why}").format(
            head=head, when=when, return_code=p.return_code, why=why), 3
    if p.status == "failed":
        return (_("{head} ✗ declined, nothing was charged. "
                "{failure_message} See guide 2.").format(
                    head=head, failure_message=p.failure_message or '')).strip(), 4
    return _("{head} - canceled before it was charged.").format(head=head), 1


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    from hcpay.api.errors import NotFound

    typed = values.get("reference", "").strip()
    recent = (await client.payments(limit=5)).items
    zone = (await client.config()).time_zone
    if typed.isdigit() and 1 <= int(typed) <= len(recent):
        typed = recent[int(typed) - 1].reference
    if not typed:
        if not recent:
            return Finding(("You have made no payments yet.",), step=1)
        listed = [f"  {i}) {where_is(p, zone)[0]}" for i, p in enumerate(recent, start=1)]
        return Finding(("Your latest payments; give a reference, or the number of one, to "
                        "look it up:", *listed), step=1)
    try:
        payment = await client.payment(typed)
    except NotFound:
        return Finding((f"No payment with the reference {typed.upper()} is on your account. "
                        "Check each letter, or contact support (guide 5) with it.",),
                       step=4, error_code="payment_not_found", ok=False)
    sentence, step = where_is(payment, zone)
    return Finding((sentence,), step=step, ok=payment.status not in ("returned", "failed"))


GUIDE = Guide("not_showing", FLOW, look, inputs=(REFERENCE,))
