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

from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents, format_cents_plain
from hcpay.flows import checks, pay_checks
from hcpay.flows import make_payment as mp
from hcpay.flows.model import Field, Flow, KeyHint, Step
from hcpay.flows.pay_checks import fmt_day

if TYPE_CHECKING:
    from hcpay.api.models import Payment

FIND, AMOUNT, METHOD, DETAILS, REVIEW, CONFIRMATION = range(1, 7)

COPY = KeyHint("copy_reference", "c", N_("reference"), N_("hear the reference number again"))

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
    return _("Type the member id printed on your bill, like M-7K2M-9QX4, or the 8-letter pay "
             "code an agent gave you, like 7K2M-9QX4.")


def by_pay_code(values: Mapping[str, str]) -> bool:
    """True when step 1 was answered with an agent's pay code (no date of birth then)."""
    typed = values.get("member_id", "")
    return member_id_typed(typed) is None and pay_code_typed(typed) is not None


def birth_check(value: str, values: Mapping[str, str]) -> str | None:
    if by_pay_code(values):
        return None
    return checks.birth_date(value, values)


def _details(step: Step, help_text: str) -> Step:
    """A new card's or account's step without "save for next time": a guest's is never saved."""
    return replace(step, fields=tuple(f for f in step.fields if f.name != mp.SAVE),
                   help=help_text)


# The made-for-payment steps' help, said whole (one message each, for the catalog).
CARD_STEP = _details(mp.CARD_DETAILS_STEP, N_(
    "Type the card as printed. The number and code go only to the payment processor, which "
    "gives the portal a token; the portal never sees them. It is used for this payment only "
    "and never saved."))
BANK_STEP = _details(mp.BANK_DETAILS_STEP, N_(
    "Both numbers are at the bottom of a check: routing number first, then the account number. "
    "They go only to the payment processor; bank payments take 3 business days. It is used for "
    "this payment only and never saved."))

GUEST_PAYMENT = Flow(
    name="guest_payment",
    title=N_("Pay without signing in"),
    help=N_("Pay a bill without signing in: the member id printed on the bill and the member's "
            "date of birth (or a pay code from an agent), then a new card or bank account. "
            "Nothing is saved, and the receipt goes to the member's account."),
    steps=(
        Step(
            FIND, N_("Find your bill"),
            fields=(
                Field("member_id", N_("Member id or pay code"), placeholder="M-7K2M-9QX4",
                      check=find_check,
                      help=N_("The member id is printed at the top of every bill and "
                              "receipt, like M-7K2M-9QX4. An agent's pay code (like "
                              "7K2M-9QX4) works instead, once, for 24 hours.")),
                Field("date_of_birth", N_("Date of birth"), kind="date",
                      placeholder=N_("like April 30, 1980"), check=birth_check, required=False,
                      help=N_("The member's date of birth, like April 30, 1980 or "
                              "04/30/1980. Not needed with a pay code.")),
            ),
            help=N_("Type the member id from your bill and the member's date of birth, or the "
                    "pay code an agent gave you. For your safety we say the same thing whenever "
                    "the details do not match, and 5 wrong tries lock guest payment for 15 "
                    "minutes."),
            submit_label=N_("Find my bill"),
        ),
        Step(
            AMOUNT, N_("Amount"),
            fields=(Field("amount", N_("Amount to pay ($)"), kind="money", placeholder="0.00",
                          check=pay_checks.amount_check(None), help=mp.AMOUNT_HELP),),
            help=N_("The amount due is filled in. Type another amount to pay less or more."),
        ),
        Step(
            METHOD, N_("Payment method"),
            fields=(Field("method", N_("Pay with"), kind="choice", default=mp.NEW_CARD,
                          choices=((mp.NEW_CARD, N_("A new card")),
                                   (mp.NEW_BANK, N_("A new bank account"))),
                          help=N_("A card or a bank account typed on the next step. It pays "
                                  "this payment only and is never saved: paying without "
                                  "signing in never uses a saved one.")),),
            help=N_("A card or a bank account, typed in the next step. It is not saved."),
        ),
        replace(CARD_STEP, title=N_("New card or bank account details"),
                help=N_("The card or bank account you chose. Type the card as printed. The "
                        "number and code go only to the payment processor, which gives the "
                        "portal a token; the portal never sees them. It is used for this "
                        "payment only and never saved.")),
        Step(REVIEW, N_("Review and pay"),
             help=N_("Check the amount and the method, then pay. It is sent once, however "
                     "often you press."), submit_label=N_("Pay now")),
        Step(CONFIRMATION, N_("Confirmation"),
             help=N_("Your reference number, to quote if you call us. The receipt is in the "
                     "member's account."), submit_label=N_("Done"), keys=(COPY,)),
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
    if ctx.due_cents > 0 and ctx.next_due:
        return _("Found the bill. The member's first initial is {initial}. {amount} is due by "
                 "{date}.").format(initial=ctx.initial, amount=format_cents(ctx.due_cents),
                                   date=fmt_day(ctx.next_due))
    if ctx.due_cents > 0:
        return _("Found the bill. The member's first initial is {initial}. {amount} is due "
                 "now.").format(initial=ctx.initial, amount=format_cents(ctx.due_cents))
    return _("Found the bill. The member's first initial is {initial}. Nothing is due "
             "now.").format(initial=ctx.initial)


def _amount_step(ctx: GuestContext) -> Step:
    step = GUEST_PAYMENT.step(AMOUNT)
    amount = replace(
        step.fields[0], default=format_cents_plain(ctx.due_cents) if ctx.due_cents > 0 else "",
        check=pay_checks.amount_check(ctx.cap_cents), live=pay_checks.amount_live(ctx.due_cents))
    text = (_("{amount} is due. Press Enter to pay it, or type another amount.").format(
        amount=format_cents(ctx.due_cents)) if ctx.due_cents > 0 else
            _("Nothing is due now. What you pay is a credit for the next bill."))
    return replace(step, fields=(amount,), help=text)


def _details_step(ctx: GuestContext, values: Mapping[str, str]) -> Step:
    if values.get("method") == mp.NEW_BANK:
        return BANK_STEP
    expiry = replace(CARD_STEP.fields[1], check=pay_checks.expiry_check(ctx.today))
    return replace(CARD_STEP, fields=(CARD_STEP.fields[0], expiry, *CARD_STEP.fields[2:]))


def review_lines(ctx: GuestContext, values: Mapping[str, str], token_label: str) -> list[str]:
    amount = pay_checks.cents(values.get("amount", "")) or 0
    method = token_label or (_("a new card") if values.get("method") == mp.NEW_CARD
                             else _("a new bank account"))
    found = _("pay code") if by_pay_code(values) else _("member id and date of birth")
    lines = [_("Member:      first initial {initial}, found by {found}").format(
                 initial=ctx.initial, found=found),
             _("Amount:      {amount}").format(amount=format_cents(amount)),
             _("When:        now (today, {date})").format(date=fmt_day(ctx.today)),
             _("From:        {method}, not saved").format(method=method)]
    if values.get("method") == mp.NEW_BANK:
        lines.append(_("Bank payments take 3 business days to settle."))
    return lines


def for_guest(ctx: GuestContext, values: Mapping[str, str], token_label: str = "") -> Flow:
    """The flow with the payer's figures and review filled in."""
    steps = list(GUEST_PAYMENT.steps)
    steps[AMOUNT - 1] = _amount_step(ctx)
    steps[DETAILS - 1] = _details_step(ctx, values)
    amount = pay_checks.cents(values.get("amount", "")) or 0
    steps[REVIEW - 1] = replace(
        steps[REVIEW - 1], submit_label=_("Pay {amount} now").format(amount=format_cents(amount)),
        help="\n".join(review_lines(ctx, values, token_label)) + "\n\n" + _(
            "Going on authorizes this one payment. It is sent once: trying again, after a "
            "lost connection too, never charges twice."))
    return replace(GUEST_PAYMENT, steps=tuple(steps))


def confirmation_lines(payment: Payment) -> list[str]:
    lines = mp.confirmation_lines(payment)
    return [*lines[:-1], _("The receipt is in the member's account (History) and email; the "
                           "card or account was not saved.")]


def pay_code_words(code: str, expires: date) -> str:
    """What an agent reads to the caller about a pay code, the same in every face."""
    return _("Pay code {code}, read out as {spoken}. It works once, until {date}, instead of "
             "the member id and date of birth: choose Pay without signing in and type it where "
             "the member id goes.").format(code=code, spoken=mp.spoken("PAY-" + code),
                                           date=fmt_day(expires))
