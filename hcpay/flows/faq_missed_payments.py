"""FAQ: missed payments, the portal's grace rules (product-rules.md) in plain words, with which
rule applies to this member. Each answer is a numbered step, so an agent can say "question 3"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hcpay.domain.i18n import N_
from hcpay.flows.model import Flow, Step
from hcpay.flows.troubleshoot import Finding, Guide

if TYPE_CHECKING:
    from hcpay.api import PortalClient

FLOW = Flow(
    name="faq_missed_payments",
    title=N_("FAQ: missed payments"),
    steps=(
        Step(1, N_("When is my premium due"),
             help=N_("Bills come on the 1st of each month for the next month's coverage and are "
             "due on the 23rd. A payment counts on the day you make it.")),
        Step(2, N_("I get help paying (a tax credit): what if I miss one"),
             help=N_("You have a 3-month grace period from the first unpaid month. Month 1 brings "
             "a past-due warning, months 2 and 3 a termination warning. If it is still unpaid "
             "at the end, coverage ends on the last day of the first unpaid month.")),
        Step(3, N_("I pay the full premium: what if I miss one"),
             help=N_("You get a past-due notice with a deadline 30 days out. If it is still "
             "unpaid then, coverage ends on the last day of the last month fully paid.")),
        Step(4, N_("Can I pay over time"),
             help=N_("Yes: a payment plan spreads what is past due over 2 to 6 monthly "
             "installments. While you keep to it, your coverage stays active. See guide 4.")),
        Step(5, N_("My coverage ended: can I get it back"),
             help=N_("Within 35 days of the end, pay the whole balance plus the next month and "
             "coverage is reinstated with no gap.")),
        Step(6, N_("Is there a late fee"),
             help=N_("No late fee is charged by default; if your plan has one, it is charged "
             "once for each bill paid after its due date.")),
    ),
    help=N_("Questions members ask about missed payments and grace periods."),
)


async def look(client: PortalClient, values: Mapping[str, str]) -> Finding:
    me = await client.me()
    config = await client.config()
    if me.subsidized:
        return Finding((f"You get help paying your premium, so question 2 applies to you: a "
                        f"{config.billing.grace_months_subsidized}-month grace period.",),
                       step=2)
    return Finding(("You pay the full premium, so question 3 applies to you: a 30-day "
                    "deadline after a past-due notice.",), step=3)


GUIDE = Guide("faq", FLOW, look)
