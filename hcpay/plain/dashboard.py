"""The account summary in sentences: what is owed and when, the credit, coverage (and a grace
period, a payment plan, reinstatement), automatic payments, recent payments and alerts. The
facts are hcpay.facts.account's; this says them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.facts import words as facts_words
from hcpay.facts.clock import local_day
from hcpay.plain import words as w
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import PaymentPlan, Summary
    from hcpay.facts.account import AccountFacts


def sentences(summary: Summary, first_name: str = "",
              plans: list[PaymentPlan] | None = None) -> list[str]:
    from hcpay.facts.account import AccountFacts

    return facts_sentences(AccountFacts.from_summary(summary, plans or ()), first_name)


def facts_sentences(facts: AccountFacts, first_name: str = "") -> list[str]:
    hello = f"Hello, {first_name}." if first_name else "Hello."
    lines = [f"{hello} Your account as of {w.day(facts.today)}."]
    if facts.member_id:
        lines.append(facts_words.member_id_sentence(facts.member_id))
    lines.extend(facts_words.account_sentences(facts, w.day))
    lines.extend(_payments(facts))
    if facts.alerts:
        lines.extend(f"Alert: {alert.message}" for alert in facts.alerts)
    else:
        lines.append("No alerts.")
    return lines


def _payments(facts: AccountFacts) -> list[str]:
    recent = facts.recent_payments[:3]
    if not recent:
        return ["You have made no payments yet."]
    lines = [f"Your last {len(recent)} payment{'s' if len(recent) > 1 else ''}:"]
    for number, payment in enumerate(recent, start=1):
        when = payment.scheduled_for or local_day(payment.created_at, facts.time_zone)
        status = facts_words.status_meaning(payment.status)
        lines.append(f"{number}. {w.money(payment.amount_cents)} on {w.short_day(when)}, "
                     f"{status}.")
    return lines


def run(session: PlainSession) -> None:
    from hcpay.facts import account

    read = session.call(lambda: account.load(session.client),
                        working="Reading your account. Working...")
    session.p.say("")
    session.p.say("Account summary.")
    session.p.lines(facts_sentences(read.facts, session.first_name))
