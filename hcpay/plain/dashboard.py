"""The account summary in sentences: what is owed and when, coverage (and a grace period),
automatic payments, recent payments and alerts, from one call (GET /api/v1/me/summary)."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from hcpay.domain.date_words import next_bill_day
from hcpay.plain import words as w
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import Summary


def sentences(summary: Summary, first_name: str = "") -> list[str]:
    today = summary.as_of.astimezone(UTC).date()
    hello = f"Hello, {first_name}." if first_name else "Hello."
    lines = [f"{hello} Your account as of {w.day(today)}."]
    owed = f"You owe {w.money(summary.balance_due_cents)} now."
    if summary.balance_due_cents <= 0:
        owed = "You owe nothing now."
    if summary.past_due_cents:
        owed += f" {w.money(summary.past_due_cents)} of it is past due."
    if summary.credit_cents:
        owed += f" You have a credit of {w.money(summary.credit_cents)}."
    lines.append(owed)
    nxt = summary.next_due
    if nxt is not None:
        verb = "was due" if nxt.due_date < today else "is due"
        lines.append(f"The next bill, {w.money(nxt.amount_cents)}, {verb} on "
                     f"{w.day(nxt.due_date)}, {w.days_left(nxt.due_date, today)}.")
    elif summary.coverage_status != "terminated":
        lines.append(f"No bill is due. Your next bill comes on {w.day(next_bill_day(today))}.")
    else:
        lines.append("No bill is due next.")
    lines.append(w.COVERAGE_STATUS.get(summary.coverage_status, summary.coverage_status))
    if summary.coverage_starts_on_payment:
        lines.append("Your coverage starts when your first bill is paid.")
    grace = summary.grace
    if grace is not None:
        text = f"You are in month {grace.month} of {grace.of} of your grace period."
        if grace.ends_on is not None:
            text += f" Pay by {w.day(grace.ends_on)} to keep your coverage."
        lines.append(text)
    if summary.reinstatement is not None:
        r = summary.reinstatement
        lines.append(f"To reinstate your coverage, pay {w.money(r.amount_cents)} by "
                     f"{w.day(r.deadline)}.")
    lines.append(_autopay(summary))
    lines.extend(_payments(summary))
    if summary.alerts:
        lines.extend(f"Alert: {alert.message}" for alert in summary.alerts)
    else:
        lines.append("No alerts.")
    return lines


def _autopay(summary: Summary) -> str:
    autopay = summary.autopay
    if autopay is None or not autopay.enabled:
        return "Automatic payments are off."
    text = "Automatic payments are on"
    amount = autopay.amount
    if amount is not None and amount.type == "fixed" and amount.amount_cents is not None:
        text += f", paying {w.money(amount.amount_cents)} each time"
    elif amount is not None:
        text += ", paying the full balance"
    if autopay.next_draw_date is not None:
        text += f"; the next draw is on {w.day(autopay.next_draw_date)}"
    return text + "."


def _payments(summary: Summary) -> list[str]:
    recent = summary.recent_payments[:3]
    if not recent:
        return ["You have made no payments yet."]
    lines = [f"Your last {len(recent)} payment{'s' if len(recent) > 1 else ''}:"]
    for number, payment in enumerate(recent, start=1):
        when = payment.scheduled_for or payment.created_at.astimezone(UTC).date()
        status = w.PAYMENT_STATUS.get(payment.status, payment.status)
        lines.append(f"{number}. {w.money(payment.amount_cents)} on {w.short_day(when)}, "
                     f"{status}.")
    return lines


def run(session: PlainSession) -> None:
    summary = session.call(session.client.summary, working="Reading your account. Working...")
    session.p.say("")
    session.p.say("Account summary.")
    session.p.lines(sentences(summary, session.first_name))
