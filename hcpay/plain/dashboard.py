"""The account summary in sentences: what is owed and when, the credit, coverage (and a grace
period, a payment plan, reinstatement), automatic payments, recent payments and alerts. The
facts are hcpay.facts.account's; this says them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.domain.i18n import _, ngettext
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
    hello = _("Hello, {first_name}.").format(first_name=first_name) if first_name else _("Hello.")
    lines = [_("{hello} Your account as of {date}.").format(hello=hello, date=w.day(facts.today))]
    if facts.member_id:
        lines.append(facts_words.member_id_sentence(facts.member_id))
    lines.extend(facts_words.account_sentences(facts, w.day))
    lines.extend(_payments(facts))
    if facts.alerts:
        lines.extend(_("Alert: {message}").format(message=alert.message) for alert in facts.alerts)
    else:
        lines.append(_("No alerts."))
    return lines


def _payments(facts: AccountFacts) -> list[str]:
    recent = facts.recent_payments[:3]
    if not recent:
        return [_("You have made no payments yet.")]
    lines = [ngettext("Your last {n} payment:", "Your last {n} payments:", len(recent)).format(
        n=len(recent))]
    for number, payment in enumerate(recent, start=1):
        when = payment.scheduled_for or local_day(payment.created_at, facts.time_zone)
        status = facts_words.status_meaning(payment.status)
        lines.append(_("{number}. {amount} on {date}, "
                     "{status}.").format(
                         number=number, amount=w.money(payment.amount_cents),
                         date=w.short_day(when), status=status))
    return lines


def run(session: PlainSession) -> None:
    from hcpay.facts import account

    read = session.call(lambda: account.load(session.client),
                        working=_("Reading your account. Working..."))
    session.p.say("")
    session.p.say(_("Account summary."))
    session.p.lines(facts_sentences(read.facts, session.first_name))
