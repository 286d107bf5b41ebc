"""Troubleshooting: "My payment was declined" (seed case 2): the last decline on the account,
its reason in plain words, and what to do next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hcpay.domain.date_words import short_date
from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents
from hcpay.facts.clock import local_day
from hcpay.facts.labels import method_label
from hcpay.flows.model import Flow, Step
from hcpay.flows.troubleshoot import Finding, Guide

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import Payment

FLOW = Flow(
    name="troubleshoot_declined",
    title=N_("Payment declined"),
    steps=(
        Step(1, N_("Read the reason"),
             help=N_("The reason comes from your card's bank or the processor; it is shown "
             "above. A declined payment charges nothing.")),
        Step(2, N_("Check the card details"),
             help=N_("Expiry date and security code (3 digits on the back, 4 on the front for "
             "American Express) must match the card exactly.")),
        Step(3, N_("Call your card's bank"),
             help=N_("For 'declined' without a reason, or insufficient funds, the number on the "
             "back of the card can tell you why and lift a block.")),
        Step(4, N_("Pay another way"),
             help=N_("Pay with another card or a bank account from Make a Payment (p on the "
             "dashboard). Everything else you entered is kept.")),
    ),
    help=N_("For a card payment that did not go through."),
)

REASONS = {
    "insufficient_funds": (N_("the card's bank said there is not enough money or credit"), 3),
    "generic_decline": (N_("the card's bank declined it without giving a reason"), 3),
    "lost_card": (N_("the card is reported lost"), 4),
    "stolen_card": (N_("the card is reported stolen"), 4),
    "expired_card": (N_("the card has expired"), 2),
    "incorrect_cvc": (N_("the security code did not match"), 2),
    "processing_error": (N_("the processor had an error; try again in a few minutes"), 4),
}


def _method(payment: Payment) -> str:
    return method_label(payment.method) if payment.method is not None else _("a card")


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    page = await client.payments("failed", limit=1)
    if not page.items:
        return Finding(("No declined payments on your account. If a payment screen said "
                        "'declined', nothing was charged; try again or pay another way.",),
                       step=1)
    p = page.items[0]
    when = local_day(p.created_at, (await client.config()).time_zone)
    key = p.decline_code or p.code or ""
    reason, step = REASONS.get(key, (N_("the payment did not go through"), 4))
    reason = _(reason)
    lines = [
        _("Your last declined payment: {reference}, {amount} with {method} on {date}.").format(
            reference=p.reference, amount=format_cents(p.amount_cents), method=_method(p),
            date=short_date(when)),
        _("Reason: {reason} ({key}). Nothing was charged.").format(
            reason=reason, key=key or 'declined'),
    ]
    if p.failure_message:
        lines.append(_("What to do: {failure_message}").format(failure_message=p.failure_message))
    return Finding(tuple(lines), step=step, error_code=p.decline_code or p.code, ok=False)


GUIDE = Guide("declined", FLOW, look)
