"""Pay without signing in (the Connector's guest payment): find the bill by the member id
printed on it and a date of birth, or by the pay code an agent read out; pay what is due (or
another amount) by a new card or bank account, never saved; get a reference.

``GUEST_PAYMENT`` is the flow as the guide prints it. Once the bill is found, ``for_guest``
fills in the payer's figures (the amount due, the cap, the review). Nothing here does I/O: the
controller (``hcpay.flows.guest_payment_controller``) makes the calls and holds the state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from hcpay.domain.money import format_cents, format_cents_plain
from hcpay.flows import checks, pay_checks
from hcpay.flows import make_payment as mp
from hcpay.flows.model import Field, Flow, KeyHint, Step
from hcpay.flows.pay_checks import fmt_day

if TYPE_CHECKING:
    from hcpay.api.models import Payment

FIND, AMOUNT, METHOD, DETAILS, REVIEW, CONFIRMATION = range(1, 7)

COPY = KeyHint("copy_reference", "c", "reference", "hear the reference number again")

_READ_AS = str.maketrans("OIL", "011")
_CROCKFORD = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")


def _cleaned(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def member_id_typed(text: str) -> str | None:
    """``m 7k2m 9qx4`` -> ``M-7K2M-9QX4``; None when it is not shaped like a member id."""
    raw = _cleaned(text)
    if len(raw) == 9 and raw[0] == "M":
        body = raw[1:].translate(_READ_AS)
        if _CROCKFORD.fullmatch(body):
            return f"M-{body[:4]}-{body[4:]}"
    return None


def pay_code_typed(text: str) -> str | None:
    """``7k2m 9qx4`` -> ``7K2M-9QX4`` (an agent's pay code: 8 letters and digits)."""
    raw = _cleaned(text).translate(_READ_AS)
    return f"{raw[:4]}-{raw[4:]}" if _CROCKFORD.fullmatch(raw) else None


def find_check(value: str, _values: Mapping[str, str]) -> str | None:
    if member_id_typed(value) or pay_code_typed(value):
        return None
    return ("Type the member id printed on your bill, like M-7K2M-9QX4, or the 8-letter pay "
            "code an agent gave you, like 7K2M-9QX4.")


def by_pay_code(values: Mapping[str, str]) -> bool:
    """True when step 1 was answered with an agent's pay code (no date of birth then)."""
    typed = values.get("member_id", "")
    return member_id_typed(typed) is None and pay_code_typed(typed) is not None


def birth_check(value: str, values: Mapping[str, str]) -> str | None:
    if by_pay_code(values):
        return None
    return checks.birth_date(value, values)


def _details(step: Step) -> Step:
    """A new card's or account's step without "save for next time": a guest's is never saved."""
    return replace(step, fields=tuple(f for f in step.fields if f.name != mp.SAVE),
                   help=step.help + " It is used for this payment only and never saved.")


CARD_STEP = _details(mp.CARD_DETAILS_STEP)
BANK_STEP = _details(mp.BANK_DETAILS_STEP)

GUEST_PAYMENT = Flow(
    name="guest_payment",
    title="Pay without signing in",
    help="Pay a bill without signing in: the member id printed on the bill and the member's "
    "date of birth (or a pay code from an agent), then a new card or bank account. Nothing is "
    "saved, and the receipt goes to the member's account.",
    steps=(
        Step(
            FIND, "Find your bill",
            fields=(
                Field("member_id", "Member id or pay code", placeholder="M-7K2M-9QX4",
                      check=find_check,
                      help="The member id is printed at the top of every bill and receipt, "
                      "like M-7K2M-9QX4. An agent's pay code (like 7K2M-9QX4) works instead, "
                      "once, for 24 hours."),
                Field("date_of_birth", "Date of birth", kind="date",
                      placeholder="like April 30, 1980", check=birth_check, required=False,
                      help="The member's date of birth, like April 30, 1980 or 04/30/1980. "
                      "Not needed with a pay code."),
            ),
            help="Type the member id from your bill and the member's date of birth, or the pay "
            "code an agent gave you. For your safety we say the same thing whenever the "
            "details do not match, and 5 wrong tries lock guest payment for 15 minutes.",
            submit_label="Find my bill",
        ),
        Step(
            AMOUNT, "Amount",
            fields=(Field("amount", "Amount to pay ($)", kind="money", placeholder="0.00",
                          check=pay_checks.amount_check(None)),),
            help="The amount due is filled in. Type another amount to pay less or more.",
        ),
        Step(
            METHOD, "Payment method",
            fields=(Field("method", "Pay with", kind="choice", default=mp.NEW_CARD,
                          choices=((mp.NEW_CARD, "A new card"),
                                   (mp.NEW_BANK, "A new bank account"))),),
            help="A card or a bank account, typed in the next step. It is not saved.",
        ),
        replace(CARD_STEP, title="New card or bank account details",
                help="The card or bank account you chose. " + CARD_STEP.help),
        Step(REVIEW, "Review and pay",
             help="Check the amount and the method, then pay. It is sent once, however often "
             "you press.", submit_label="Pay now"),
        Step(CONFIRMATION, "Confirmation",
             help="Your reference number, to quote if you call us. The receipt is in the "
             "member's account.", submit_label="Done", keys=(COPY,)),
    ),
)


@dataclass(frozen=True)
class GuestContext:
    """What the lookup told: the first initial and what is due (read before step 2)."""

    today: date
    initial: str
    due_cents: int
    next_due: date | None = None
    cap_cents: int | None = None


def greeting(ctx: GuestContext) -> str:
    """The words said when the bill is found."""
    found = f"Found the bill. The member's first initial is {ctx.initial}."
    if ctx.due_cents > 0:
        when = f" by {fmt_day(ctx.next_due)}" if ctx.next_due else " now"
        return f"{found} {format_cents(ctx.due_cents)} is due{when}."
    return f"{found} Nothing is due now."


def _amount_step(ctx: GuestContext) -> Step:
    step = GUEST_PAYMENT.step(AMOUNT)
    amount = replace(
        step.fields[0], default=format_cents_plain(ctx.due_cents) if ctx.due_cents > 0 else "",
        check=pay_checks.amount_check(ctx.cap_cents), live=pay_checks.amount_live(ctx.due_cents))
    text = (f"{format_cents(ctx.due_cents)} is due. Press Enter to pay it, or type another "
            "amount." if ctx.due_cents > 0 else
            "Nothing is due now. What you pay is a credit for the next bill.")
    return replace(step, fields=(amount,), help=text)


def _details_step(ctx: GuestContext, values: Mapping[str, str]) -> Step:
    if values.get("method") == mp.NEW_BANK:
        return BANK_STEP
    expiry = replace(CARD_STEP.fields[1], check=pay_checks.expiry_check(ctx.today))
    return replace(CARD_STEP, fields=(CARD_STEP.fields[0], expiry, *CARD_STEP.fields[2:]))


def review_lines(ctx: GuestContext, values: Mapping[str, str], token_label: str) -> list[str]:
    amount = pay_checks.cents(values.get("amount", "")) or 0
    method = token_label or ("a new card" if values.get("method") == mp.NEW_CARD
                             else "a new bank account")
    found = "pay code" if by_pay_code(values) else "member id and date of birth"
    lines = [f"Member:      first initial {ctx.initial}, found by {found}",
             f"Amount:      {format_cents(amount)}",
             f"When:        now (today, {fmt_day(ctx.today)})",
             f"From:        {method}, not saved"]
    if values.get("method") == mp.NEW_BANK:
        lines.append("Bank payments take 3 business days to settle.")
    return lines


def for_guest(ctx: GuestContext, values: Mapping[str, str], token_label: str = "") -> Flow:
    """The flow with the payer's figures and review filled in."""
    steps = list(GUEST_PAYMENT.steps)
    steps[AMOUNT - 1] = _amount_step(ctx)
    steps[DETAILS - 1] = _details_step(ctx, values)
    amount = pay_checks.cents(values.get("amount", "")) or 0
    steps[REVIEW - 1] = replace(
        steps[REVIEW - 1], submit_label=f"Pay {format_cents(amount)} now",
        help="\n".join(review_lines(ctx, values, token_label)) + (
            "\n\nGoing on authorizes this one payment. It is sent once: trying again, after a "
            "lost connection too, never charges twice."))
    return replace(GUEST_PAYMENT, steps=tuple(steps))


def confirmation_lines(payment: Payment) -> list[str]:
    lines = mp.confirmation_lines(payment)
    return [*lines[:-1], "The receipt is in the member's account (History) and email; the card "
            "or account was not saved."]


def pay_code_words(code: str, expires: date) -> str:
    """What an agent reads to the caller about a pay code, the same in every face."""
    return (f"Pay code {code}, read out as {mp.spoken('PAY-' + code)}. It works once, until "
            f"{fmt_day(expires)}, instead of the member id and date of birth: choose Pay "
            "without signing in and type it where the member id goes.")
