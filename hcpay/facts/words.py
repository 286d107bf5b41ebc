"""The facts in words, one wording for every face: money, dates, days left, a payment's status,
the coverage, a payment plan, automatic payments. A screen adds a mark (✓ ⚠ ✗) and fits the
short forms in a panel; plain mode and ``hcpay status`` say the sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from hcpay.domain.date_words import short_date, weekday_date
from hcpay.domain.money import format_cents

if TYPE_CHECKING:
    from hcpay.facts.account import AccountFacts, Autopay, Coverage, Plan

DayWords = Callable[[date], str]  # how a face says a date in a sentence (``day``, ``long_day``)


def money(cents: int) -> str:
    """``$1,234.50``: cents formatted by hcpay.domain.money, the one place for it."""
    return format_cents(cents)


def day(value: date | datetime) -> str:
    """``Dec 2, 2026``."""
    return short_date(value)


def long_day(value: date) -> str:
    """``Wednesday, December 2, 2026``: for a sentence read aloud."""
    return weekday_date(value)


def days_left(due: date, today: date) -> str:
    """``3 days left``, ``due tomorrow``, ``due today``, ``40 days overdue``."""
    delta = (due - today).days
    if delta > 1:
        return f"{delta} days left"
    if delta == 1:
        return "due tomorrow"
    if delta == 0:
        return "due today"
    return f"{-delta} day{'s' if delta != -1 else ''} overdue"


# -- a payment's status ------------------------------------------------------------------------

STATUS_WORDS = {
    "scheduled": "Scheduled",
    "processing": "Processing",
    "succeeded": "Paid",
    "failed": "Failed",
    "returned": "Returned",
    "canceled": "Canceled",
}
STATUS_MEANING = {
    "scheduled": "scheduled, not charged yet",
    "processing": "processing at the bank, not settled yet",
    "succeeded": "paid",
    "failed": "failed, nothing was charged",
    "returned": "returned by the bank, the bill is open again",
    "canceled": "canceled, nothing was charged",
}
STATUS_MARKS = {
    "scheduled": "◷", "processing": "…", "succeeded": "✓", "failed": "✗", "returned": "✗",
    "canceled": "-",
}


def status_word(status: str) -> str:
    """``Paid`` for ``succeeded``: a payment's status as a member says it."""
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize())


def status_meaning(status: str) -> str:
    """``processing at the bank, not settled yet``: the status with what it means."""
    return STATUS_MEANING.get(status, status.replace("_", " "))


def marked_status(status: str) -> str:
    """``✓ Paid``: the word with a mark, never a colour alone."""
    return f"{STATUS_MARKS.get(status, '·')} {status_word(status)}"


# -- coverage ----------------------------------------------------------------------------------

COVERAGE_WORDS = {
    "pending": "Starts when your first bill is paid",
    "active": "Active",
    "grace": "In a grace period",
    "termination_pending": "Termination warning",
    "terminated": "Ended",
}
COVERAGE_MARKS = {"pending": "◷", "active": "✓", "grace": "⚠", "termination_pending": "⚠",
                  "terminated": "✗"}


def coverage_word(coverage: Coverage) -> str:
    """The coverage in a few words: ``Active``, ``Starts when your first bill is paid``."""
    if coverage.kept_by_plan:
        return "Active, kept by your payment plan"
    return COVERAGE_WORDS[coverage.state]


def coverage_mark(coverage: Coverage) -> str:
    return COVERAGE_MARKS[coverage.state]


def coverage_sentences(coverage: Coverage, say_day: DayWords | None = None) -> list[str]:
    """Every fact of the coverage as a sentence."""
    say = say_day or day
    state = coverage.state
    if state == "pending":
        return ["Your coverage starts when your first bill is paid."]
    if coverage.kept_by_plan:
        return ["Your coverage is active while you keep to your payment plan."]
    if state == "active":
        return ["Your coverage is active."]
    if coverage.in_grace:
        lines = [f"Your coverage is in month {coverage.grace_month} of {coverage.grace_of} of "
                 "a grace period: a payment is overdue."]
        if coverage.grace_ends_on is not None:
            lines.append(f"Pay by {say(coverage.grace_ends_on)} to keep your coverage.")
        else:
            lines.append("Pay the past-due amount to keep your coverage.")
        return lines
    ended = f" on {say(coverage.terminated_on)}" if coverage.terminated_on else ""
    lines = [f"Your coverage ended{ended}."]
    lines.append(reinstatement_sentence(coverage, say))
    return lines


def reinstatement_sentence(coverage: Coverage, say_day: DayWords | None = None) -> str:
    say = say_day or day
    again = coverage.reinstatement
    if again is None:
        return ("The time to reinstate it online has passed: call Member Services about "
                "coverage.")
    return f"To reinstate it, pay {money(again.amount_cents)} by {say(again.deadline)}."


# -- payment plan ------------------------------------------------------------------------------


def plan_sentence(plan: Plan, say_day: DayWords | None = None) -> str:
    say = say_day or day
    nxt = plan.next
    if nxt is None:
        return (f"Your payment plan of {money(plan.total_cents)} has every installment paid or "
                "on its way.")
    return (f"Payment plan: next installment {money(nxt.amount_cents)} on {say(nxt.due_date)} "
            f"({nxt.number} of {nxt.of}); {money(plan.left_cents)} left to pay.")


# -- automatic payments ------------------------------------------------------------------------

AUTOPAY_WORDS = {"on": "On", "paused": "Paused", "off": "Off"}
AUTOPAY_MARKS = {"on": "✓", "paused": "‖", "off": "-"}


def autopay_word(autopay: Autopay) -> str:
    return AUTOPAY_WORDS[autopay.state]


def paused_words(resumes_on: date | None, say_day: DayWords | None = None) -> str:
    """``Paused until Friday, January 15, 2027``, or ``Paused`` with no resume day."""
    say = say_day or day
    return f"Paused until {say(resumes_on)}" if resumes_on is not None else "Paused"


def autopay_amount(autopay: Autopay) -> str:
    if autopay.fixed_cents is not None:
        return f"{money(autopay.fixed_cents)} each time"
    return "the full balance"


def autopay_sentences(autopay: Autopay, say_day: DayWords | None = None) -> list[str]:
    say = say_day or day
    if autopay.state == "off":
        return ["Automatic payments are off."]
    by = f" from {autopay.method}" if autopay.method else ""
    if autopay.state == "paused" and autopay.resumes_on is not None:
        return [f"Automatic payments are paused until {say(autopay.resumes_on)}: nothing is "
                f"drawn before then, and from that day they pay {autopay_amount(autopay)}{by} "
                "again."]
    if autopay.state == "paused":
        return [f"Automatic payments are paused: nothing is drawn until you resume them "
                f"(set up to pay {autopay_amount(autopay)}{by})."]
    text = f"Automatic payments are on, paying {autopay_amount(autopay)}{by}."
    if autopay.next_draw is not None:
        text += f" Next draw {say(autopay.next_draw)}."
    return [text]


# -- what is owed ------------------------------------------------------------------------------


def owed_sentence(facts: AccountFacts) -> str:
    owed, past_due = facts.balance_due_cents, facts.past_due_cents
    if owed <= 0:
        return "You owe nothing now."
    if past_due >= owed:
        return f"You owe {money(owed)} now, all of it past due."
    if past_due > 0:
        return f"You owe {money(owed)} now; {money(past_due)} of it is past due."
    return f"You owe {money(owed)} now."


def credit_sentence(facts: AccountFacts) -> str:
    """Empty without a credit."""
    if facts.credit_cents <= 0:
        return ""
    return f"You have a credit of {money(facts.credit_cents)}: it pays toward your next bill."


def next_bill_sentence(facts: AccountFacts, say_day: DayWords | None = None) -> str:
    say = say_day or day
    bill = facts.next_bill
    if bill is not None and bill.overdue and facts.plan is not None:
        return (f"Your bill of {money(bill.amount_cents)} due {say(bill.due_date)} is in your "
                "payment plan.")
    if bill is not None:
        verb = "was due" if bill.overdue else "is due"
        return (f"Your next bill, {money(bill.amount_cents)}, {verb} {say(bill.due_date)}: "
                f"{days_left(bill.due_date, facts.today)}.")
    if facts.next_bill_comes is not None:
        return f"No bill is due. Your next bill comes {say(facts.next_bill_comes)}."
    return "No bill is due next."


def member_id_label(member_id: str) -> str:
    """``Member ID M-7K2M-9QX4``: the member id as every face shows it (the dashboard, each
    bill, each receipt), or "" when it is not known."""
    return f"Member ID {member_id}" if member_id else ""


def member_id_sentence(member_id: str) -> str:
    """The member id in a sentence, with what it is for."""
    if not member_id:
        return ""
    return (f"Your {member_id_label(member_id)[:1].lower()}{member_id_label(member_id)[1:]}: "
            "it is on every bill and receipt, and pays a bill without signing in.")


def account_sentences(facts: AccountFacts, say_day: DayWords | None = None) -> list[str]:
    """The whole account in sentences, in the order a member needs them."""
    lines = [owed_sentence(facts), credit_sentence(facts), next_bill_sentence(facts, say_day)]
    if facts.plan is not None:
        lines.append(plan_sentence(facts.plan, say_day))
    lines.extend(coverage_sentences(facts.coverage, say_day))
    lines.extend(autopay_sentences(facts.autopay, say_day))
    return [line for line in lines if line]


def spelled_out(reference: str) -> str:
    """``HCP-7K2M-9QX4`` -> ``H C P, 7 K 2 M, 9 Q X 4``: one character at a time, in groups,
    as a reference or a code is read aloud (and a screen reader should spell it). A code
    without dashes is grouped by three: ``482917`` -> ``4 8 2, 9 1 7``."""
    groups = reference.split("-")
    if len(groups) == 1 and len(reference) > 4:
        groups = [reference[i:i + 3] for i in range(0, len(reference), 3)]
    return ", ".join(" ".join(group) for group in groups)
