"""The facts in words, one wording for every face: money, dates, days left, a payment's status,
the coverage, a payment plan, automatic payments. A screen adds a mark (✓ ⚠ ✗) and fits the
short forms in a panel; plain mode and ``hcpay status`` say the sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from hcpay.domain.date_words import full_date, short_date
from hcpay.domain.i18n import LOCALE_DIR, N_, _, current_language, ngettext
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
    return full_date(value)


def days_left(due: date, today: date) -> str:
    """``3 days left``, ``due tomorrow``, ``due today``, ``40 days overdue``."""
    delta = (due - today).days
    if delta > 1:
        return ngettext("{n} day left", "{n} days left", delta).format(n=delta)
    if delta == 1:
        return _("due tomorrow")
    if delta == 0:
        return _("due today")
    return ngettext("{n} day overdue", "{n} days overdue", -delta).format(n=-delta)


# -- a payment's status ------------------------------------------------------------------------

STATUS_WORDS = {
    "scheduled": N_("Scheduled"),
    "processing": N_("Processing"),
    "succeeded": N_("Paid"),
    "failed": N_("Failed"),
    "returned": N_("Returned"),
    "canceled": N_("Canceled"),
}
STATUS_MEANING = {
    "scheduled": N_("scheduled, not charged yet"),
    "processing": N_("processing at the bank, not settled yet"),
    "succeeded": N_("paid"),
    "failed": N_("failed, nothing was charged"),
    "returned": N_("returned by the bank, the bill is open again"),
    "canceled": N_("canceled, nothing was charged"),
}
STATUS_MARKS = {
    "scheduled": "◷", "processing": "…", "succeeded": "✓", "failed": "✗", "returned": "✗",
    "canceled": "-",
}


def status_word(status: str) -> str:
    """``Paid`` for ``succeeded``: a payment's status as a member says it."""
    known = STATUS_WORDS.get(status)
    return _(known) if known else status.replace("_", " ").capitalize()


def status_meaning(status: str) -> str:
    """``processing at the bank, not settled yet``: the status with what it means."""
    known = STATUS_MEANING.get(status)
    return _(known) if known else status.replace("_", " ")


def marked_status(status: str) -> str:
    """``✓ Paid``: the word with a mark, never a colour alone."""
    return f"{STATUS_MARKS.get(status, '·')} {status_word(status)}"


# -- coverage ----------------------------------------------------------------------------------

COVERAGE_WORDS = {
    "pending": N_("Starts when your first bill is paid"),
    "active": N_("Active"),
    "grace": N_("In a grace period"),
    "termination_pending": N_("Termination warning"),
    "terminated": N_("Ended"),
}
COVERAGE_MARKS = {"pending": "◷", "active": "✓", "grace": "⚠", "termination_pending": "⚠",
                  "terminated": "✗"}


def coverage_word(coverage: Coverage) -> str:
    """The coverage in a few words: ``Active``, ``Starts when your first bill is paid``."""
    if coverage.kept_by_plan:
        return _("Active, kept by your payment plan")
    return _(COVERAGE_WORDS[coverage.state])


def coverage_mark(coverage: Coverage) -> str:
    return COVERAGE_MARKS[coverage.state]


def coverage_sentences(coverage: Coverage, say_day: DayWords | None = None) -> list[str]:
    """Every fact of the coverage as a sentence."""
    say = say_day or day
    state = coverage.state
    if state == "pending":
        return [_("Your coverage starts when your first bill is paid.")]
    if coverage.kept_by_plan:
        return [_("Your coverage is active while you keep to your payment plan.")]
    if state == "active":
        return [_("Your coverage is active.")]
    if coverage.in_grace:
        lines = [_("Your coverage is in month {month} of {of} of a grace period: a payment is "
                   "overdue.").format(month=coverage.grace_month, of=coverage.grace_of)]
        if coverage.grace_ends_on is not None:
            lines.append(_("Pay by {date} to keep your coverage.").format(
                date=say(coverage.grace_ends_on)))
        else:
            lines.append(_("Pay the past-due amount to keep your coverage."))
        return lines
    if coverage.terminated_on:
        lines = [_("Your coverage ended on {date}.").format(date=say(coverage.terminated_on))]
    else:
        lines = [_("Your coverage ended.")]
    lines.append(reinstatement_sentence(coverage, say))
    return lines


def reinstatement_sentence(coverage: Coverage, say_day: DayWords | None = None) -> str:
    say = say_day or day
    again = coverage.reinstatement
    if again is None:
        return _("The time to reinstate it online has passed: call Member Services about "
                 "coverage.")
    return _("To reinstate it, pay {amount} by {date}.").format(
        amount=money(again.amount_cents), date=say(again.deadline))


# -- payment plan ------------------------------------------------------------------------------


def plan_sentence(plan: Plan, say_day: DayWords | None = None) -> str:
    say = say_day or day
    nxt = plan.next
    if nxt is None:
        return _("Your payment plan of {amount} has every installment paid or on its way."
                 ).format(amount=money(plan.total_cents))
    return _("Payment plan: next installment {amount} on {date} ({number} of {of}); {left} "
             "left to pay.").format(amount=money(nxt.amount_cents), date=say(nxt.due_date),
                                    number=nxt.number, of=nxt.of,
                                    left=money(plan.left_cents))


# -- automatic payments ------------------------------------------------------------------------

AUTOPAY_WORDS = {"on": N_("On"), "paused": N_("Paused"), "off": N_("Off")}
AUTOPAY_MARKS = {"on": "✓", "paused": "‖", "off": "-"}


def autopay_word(autopay: Autopay) -> str:
    return _(AUTOPAY_WORDS[autopay.state])


def paused_words(resumes_on: date | None, say_day: DayWords | None = None) -> str:
    """``Paused until Friday, January 15, 2027``, or ``Paused`` with no resume day."""
    say = say_day or day
    if resumes_on is None:
        return _("Paused")
    return _("Paused until {date}").format(date=say(resumes_on))


def autopay_amount(autopay: Autopay) -> str:
    if autopay.fixed_cents is not None:
        return _("{amount} each time").format(amount=money(autopay.fixed_cents))
    return _("the full balance")


def autopay_sentences(autopay: Autopay, say_day: DayWords | None = None) -> list[str]:
    say = say_day or day
    if autopay.state == "off":
        return [_("Automatic payments are off.")]
    amount = autopay_amount(autopay)
    if autopay.state == "paused" and autopay.resumes_on is not None:
        if autopay.method:
            return [_("Automatic payments are paused until {date}: nothing is drawn before "
                      "then, and from that day they pay {amount} from {method} again.").format(
                          date=say(autopay.resumes_on), amount=amount, method=autopay.method)]
        return [_("Automatic payments are paused until {date}: nothing is drawn before then, "
                  "and from that day they pay {amount} again.").format(
                      date=say(autopay.resumes_on), amount=amount)]
    if autopay.state == "paused":
        if autopay.method:
            return [_("Automatic payments are paused: nothing is drawn until you resume them "
                      "(set up to pay {amount} from {method}).").format(
                          amount=amount, method=autopay.method)]
        return [_("Automatic payments are paused: nothing is drawn until you resume them "
                  "(set up to pay {amount}).").format(amount=amount)]
    if autopay.method:
        text = _("Automatic payments are on, paying {amount} from {method}.").format(
            amount=amount, method=autopay.method)
    else:
        text = _("Automatic payments are on, paying {amount}.").format(amount=amount)
    if autopay.next_draw is not None and autopay.draws_nothing:
        text += " " + _("Next draw {date}: nothing is owed, so it takes nothing.").format(
            date=say(autopay.next_draw))
    elif autopay.next_draw is not None:
        text += " " + _("Next draw {date}.").format(date=say(autopay.next_draw))
    return [text]


# -- what is owed ------------------------------------------------------------------------------


def owed_sentence(facts: AccountFacts) -> str:
    owed, past_due = facts.balance_due_cents, facts.past_due_cents
    if owed <= 0:
        return _("You owe nothing now.")
    if past_due >= owed:
        return _("You owe {amount} now, all of it past due.").format(amount=money(owed))
    if past_due > 0:
        return _("You owe {amount} now; {past_due} of it is past due.").format(
            amount=money(owed), past_due=money(past_due))
    return _("You owe {amount} now.").format(amount=money(owed))


def credit_sentence(facts: AccountFacts) -> str:
    """Empty without a credit."""
    if facts.credit_cents <= 0:
        return ""
    return _("You have a credit of {amount}: it pays toward your next bill.").format(
        amount=money(facts.credit_cents))


def next_bill_sentence(facts: AccountFacts, say_day: DayWords | None = None) -> str:
    say = say_day or day
    bill = facts.next_bill
    if bill is not None and bill.overdue and facts.plan is not None:
        return _("Your bill of {amount} due {date} is in your payment plan.").format(
            amount=money(bill.amount_cents), date=say(bill.due_date))
    if bill is not None:
        said = _("Your next bill, {amount}, was due {date}: {left}.") if bill.overdue else _(
            "Your next bill, {amount}, is due {date}: {left}.")
        return said.format(amount=money(bill.amount_cents), date=say(bill.due_date),
                           left=days_left(bill.due_date, facts.today))
    if facts.next_bill_comes is not None:
        return _("No bill is due. Your next bill comes {date}.").format(
            date=say(facts.next_bill_comes))
    return _("No bill is due next.")


def member_id_label(member_id: str) -> str:
    """``Member ID M-7K2M-9QX4``: the member id as every face shows it (the dashboard, each
    bill, each receipt), or "" when it is not known."""
    return _("Member ID {member_id}").format(member_id=member_id) if member_id else ""


def member_id_sentence(member_id: str) -> str:
    """The member id in a sentence, with what it is for."""
    if not member_id:
        return ""
    return _("Your member ID {member_id}: it is on every bill and receipt, and pays a bill "
             "without signing in.").format(member_id=member_id)


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
    names = letter_names()  # Spanish says the letters' names: ``hache ce pe, 7 ka 2 eme``
    return ", ".join(" ".join(names.get(c.upper(), c) for c in group) for group in groups)


def letter_names() -> dict[str, str]:
    """The names of the letters as the current language says them aloud (from the language's
    glossary, ``hcpay/locale/glossary.LANG.toml``); empty where a letter is said as itself."""
    return _letters(current_language())


@cache
def _letters(language: str) -> dict[str, str]:
    path = LOCALE_DIR / f"glossary.{language}.toml"
    if language == "en" or not path.exists():
        return {}
    import tomllib

    with path.open("rb") as file:
        return dict(tomllib.load(file).get("letters", {}))
