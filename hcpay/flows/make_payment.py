"""Make a Payment: the seed's seven steps (amount, date, method, new card or bank details,
review, submit, confirmation).

``MAKE_PAYMENT`` is the flow as printed by the guide. A face that knows the member's bills and
saved methods builds the member's own copy with ``for_member`` (defaults filled in: the amount
due, today, the default method; step 4 asks for a card or a bank account as chosen; step 5 holds
the review). Nothing here does I/O: the calls are ``tokenize_new_method`` and ``submit_payment``
in ``hcpay.flows.make_payment_controller``, which also holds the flow's state.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from hcpay.domain import cards
from hcpay.domain.date_words import long_date, month_year, short_month_year
from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents, format_cents_plain
from hcpay.facts import labels
from hcpay.flows import checks, pay_checks
from hcpay.flows.model import Field, Flow, Step
from hcpay.flows.pay_checks import fmt_day

if TYPE_CHECKING:
    from hcpay.api.models import Invoice, Payment, PaymentMethod

NEW_CARD = "new_card"
NEW_BANK = "new_bank"
OLDEST_FIRST = "oldest"

AMOUNT, DATE, METHOD, DETAILS, REVIEW, SUBMIT, CONFIRMATION = range(1, 8)

CARD_FIELDS = ("card_number", "card_expiry", "card_cvc", "card_name")
BANK_FIELDS = ("routing_number", "account_number", "account_type", "holder_name")
SECRET_FIELDS = ("card_number", "card_cvc", "account_number")
SAVE = "save_method"

# What each field asks for, said by every face's help (F1 on the screen, "help" in plain mode).
AMOUNT_HELP = N_("Dollars and cents, such as 98.00. Paying less than is due leaves the rest due; "
               "paying more leaves a credit for your next bill.")
DATE_HELP = N_("Today pays now. A later date, up to 60 days ahead, schedules the payment; a "
             "scheduled payment can be cancelled until its day.")
METHOD_HELP = N_("A saved card or bank account, or a new one. A new one pays this payment only, "
               "unless you tick \"Save ... for next time\" on the next step.")
APPLY_HELP = N_(
    "Which bill the payment goes to first; the oldest bills first unless you choose one."
)

_CARD_STEP = Step(
    DETAILS, N_("New card details"),
    fields=(
        Field("card_number", N_("Card number"), kind="card_number",
              placeholder="1234 5678 9012 3456", check=pay_checks.card_number_check,
              live=pay_checks.card_number_live, reformat=cards.format_card_number,
              help=N_("Sent only to the payment processor; the portal never sees it.")),
        Field("card_expiry", N_("Expiry date (MM/YY)"), kind="expiry", placeholder="MM/YY",
              reformat=pay_checks.format_expiry,
              help=N_("The month and year printed on the card, such as 04/29.")),
        Field("card_cvc", N_("Security code"), kind="cvc", placeholder=N_("3 or 4 digits"),
              check=pay_checks.cvc_check, live=pay_checks.cvc_live,
              help=N_("The 3 digits on the back of the card (4 on the front of an American "
              "Express card). It goes only to the payment processor and is never kept.")),
        Field("card_name", N_("Name on card (optional)"), required=False,
              help=N_("The name as printed on the card; you may leave it empty.")),
        Field(SAVE, N_("Save this card for next time"), kind="checkbox", required=False,
              default="no",
              help=N_("Saved cards can pay later payments and automatic payments."),
              on_the_way=True),
    ),
    help=N_("Type the card as printed. The number and code go only to the payment processor, "
            "which gives the portal a token; the portal never sees them."),
    submit_label=N_("Check card"),
)

_BANK_STEP = Step(
    DETAILS, N_("New bank account details"),
    fields=(
        Field("routing_number", N_("Routing number"), kind="digits", placeholder=N_("9 digits"),
              check=pay_checks.routing_check, live=pay_checks.routing_live,
              help=N_("The 9 digits at the bottom left of a check, which name your bank.")),
        Field("account_number", N_("Account number"), kind="digits",
              placeholder=N_("4 to 17 digits"),
              check=pay_checks.account_check, secret=True,
              help=N_("Your account's own number, after the routing number on a check: 4 to "
              "17 digits. It goes only to the payment processor.")),
        Field("account_type", N_("Account type"), kind="choice", default="checking",
              choices=(("checking", N_("Checking")), ("savings", N_("Savings"))),
              help=N_("Checking or savings, as your bank calls the account.")),
        Field("holder_name", N_("Name on the account"), check=pay_checks.holder_check,
              help=N_("The name of the account's holder, as your bank has it.")),
        Field(SAVE, N_("Save this account for next time"), kind="checkbox", required=False,
              default="no", help=N_("Saved accounts can pay later payments and automatic "
                                    "payments."), on_the_way=True),
    ),
    help=N_("Both numbers are at the bottom of a check: routing number first, then the "
            "account number. They go only to the payment processor; bank payments take 3 "
            "business days."),
    submit_label=N_("Check account"),
)

# A new card's and a new bank account's steps, as other flows that take one ask them.
CARD_DETAILS_STEP = _CARD_STEP
BANK_DETAILS_STEP = _BANK_STEP

MAKE_PAYMENT = Flow(
    name="make_payment",
    title=N_("Make a Payment"),
    help=N_("Pay what is due, or another amount, now or on a date up to 60 days ahead, by "
            "card or bank account. Enter accepts each step; Esc goes back and nothing is lost."),
    steps=(
        Step(
            AMOUNT, N_("Amount"),
            fields=(Field("amount", N_("Amount to pay ($)"), kind="money", placeholder="0.00",
                          check=pay_checks.amount_check(None), help=AMOUNT_HELP),),
            help=N_("The amount due is filled in. Type another amount to pay less or more."),
        ),
        Step(
            DATE, N_("Payment date"),
            fields=(Field("pay_date", N_("Pay on"), kind="date", default="today",
                          help=DATE_HELP),),
            help=N_("Today pays now. Type a later date, up to 60 days ahead, to schedule it."),
        ),
        Step(
            METHOD, N_("Payment method"),
            fields=(Field("method", N_("Pay with"), kind="choice", default=NEW_CARD,
                          choices=((NEW_CARD, N_("A new card")),
                                   (NEW_BANK, N_("A new bank account"))),
                          help=METHOD_HELP),),
            help=N_("Choose a saved method, or a new card or bank account."),
        ),
        replace(_CARD_STEP, title=N_("New card or bank account details"),
                help=N_("Only when you chose a new card or bank account. Type the card as "
                        "printed. The number and code go only to the payment processor, which "
                        "gives the portal a token; the portal never sees them.")),
        Step(REVIEW, N_("Review"), help=N_("Check the amount, the date and the method."),
             submit_label=N_("Looks right")),
        Step(SUBMIT, N_("Submit"), help=N_("Press Enter to pay. It is sent once, however often "
                                        "you press."), submit_label=N_("Pay now")),
        Step(CONFIRMATION, N_("Confirmation"),
             help=N_("Your reference number, to quote if you call us."),
             submit_label=N_("Done")),
    ),
)


@dataclass(frozen=True)
class PayContext:
    """What the flow needs to know about the member (read by the face before step 1)."""

    today: date
    due_cents: int
    invoices: tuple[Invoice, ...] = ()
    methods: tuple[PaymentMethod, ...] = ()
    next_due: date | None = None
    credit_cents: int = 0  # already on the account (the amount due counts it)
    cap_cents: int | None = None  # the most one payment may be (the portal's own limit)


def short_method_label(method: PaymentMethod) -> str:
    """``Visa ending 4242`` or ``Checking account ending 6789`` (hcpay.facts.labels)."""
    return labels.method_label(method)


def method_label(method: PaymentMethod) -> str:
    text = short_method_label(method)
    if method.kind == "card" and method.exp_month and method.exp_year:
        # MM/YY, as printed on the card: the choice fits one line at 80 columns
        text += _(", expires {month}/{year}").format(month=f"{method.exp_month:02d}",
                                                     year=f"{method.exp_year % 100:02d}")
    return text + (" " + _("(default)") if method.is_default else "")


def default_method(ctx: PayContext) -> str:
    for method in ctx.methods:
        if method.is_default:
            return method.payment_method_id
    return ctx.methods[0].payment_method_id if ctx.methods else NEW_CARD


def invoice_label(invoice: Invoice) -> str:
    month = date.fromisoformat(invoice.coverage_month + "-01")
    left = format_cents(invoice.remaining_cents)
    due = fmt_day(invoice.due_date)
    return _("{policy}, {month}: {left} left, due {date}").format(
        policy=_(invoice.policy).capitalize(), month=short_month_year(month), left=left, date=due)


def _amount_step(ctx: PayContext) -> Step:
    amount = Field(
        "amount", N_("Amount to pay ($)"), kind="money", placeholder="0.00",
        default=format_cents_plain(ctx.due_cents) if ctx.due_cents > 0 else "",
        check=pay_checks.amount_check(ctx.cap_cents), live=pay_checks.amount_live(ctx.due_cents),
        help=AMOUNT_HELP,
    )
    fields: tuple[Field, ...] = (amount,)
    if len(ctx.invoices) > 1:
        choices = ((OLDEST_FIRST, N_("Oldest bills first")),
                   *((inv.invoice_id, invoice_label(inv)) for inv in ctx.invoices))
        fields += (Field("apply_to", N_("Apply to"), kind="choice", default=OLDEST_FIRST,
                         choices=choices, help=APPLY_HELP),)
    if ctx.due_cents > 0:
        due_words = format_cents(ctx.due_cents)
        what = ""
        if len(ctx.invoices) == 1:
            month = date.fromisoformat(ctx.invoices[0].coverage_month + "-01")
            what = f" ({_(ctx.invoices[0].policy).capitalize()}, {month_year(month)})"
        if ctx.next_due:
            text = _("{amount} is due {date}{what}. Press Enter to pay it, or type another "
                     "amount.").format(amount=due_words, date=fmt_day(ctx.next_due), what=what)
        else:
            text = _("{amount} is due now{what}. Press Enter to pay it, or type another "
                     "amount.").format(amount=due_words, what=what)
    else:
        text = _("Nothing is due now. You can pay ahead: what you pay is a credit for your next "
                 "bill.")
    if ctx.credit_cents > 0:
        text += " " + _("Your credit of {amount} is already counted in what is due.").format(
            amount=format_cents(ctx.credit_cents))
    return Step(AMOUNT, N_("Amount"), fields=fields, help=text)


def _date_step(ctx: PayContext) -> Step:
    last = ctx.today.toordinal() + pay_checks.SCHEDULE_MAX_DAYS
    return Step(
        DATE, N_("Payment date"),
        fields=(Field("pay_date", N_("Pay on"), kind="date",
                      default=ctx.today.isoformat(), check=pay_checks.date_check(ctx.today),
                      live=pay_checks.date_live(ctx.today, ctx.next_due if ctx.due_cents > 0
                                                else None),
                      help=DATE_HELP),),
        help=_("Today's date pays now. Type a later date, up to {date} ({days} days ahead), to "
               "schedule the payment: {shapes}.").format(
                   date=long_date(date.fromordinal(last)), days=pay_checks.SCHEDULE_MAX_DAYS,
                   shapes=_(checks.DATE_SHAPES)),
    )


def _method_step(ctx: PayContext) -> Step:
    choices = tuple((m.payment_method_id, method_label(m)) for m in ctx.methods)
    choices += ((NEW_CARD, N_("A new card")), (NEW_BANK, N_("A new bank account")))
    return Step(
        METHOD, N_("Payment method"),
        fields=(Field("method", N_("Pay with"), kind="choice", default=default_method(ctx),
                      choices=choices, help=METHOD_HELP),),
        help=N_("Choose a saved method, or a new card or bank account."),
    )


def _details_step(ctx: PayContext, values: Mapping[str, str]) -> Step:
    if values.get("method") == NEW_BANK:
        return _BANK_STEP
    step = _CARD_STEP
    expiry = replace(step.fields[1], check=pay_checks.expiry_check(ctx.today))
    return replace(step, fields=(step.fields[0], expiry, *step.fields[2:]))


def new_method_fields(choice: str, today: date) -> tuple[Field, ...]:
    """The fields that describe a new card or bank account (none for a saved method)."""
    if choice not in (NEW_CARD, NEW_BANK):
        return ()
    return _details_step(PayContext(today=today, due_cents=0), {"method": choice}).fields


def uses_new_method(values: Mapping[str, str]) -> bool:
    return values.get("method") in (NEW_CARD, NEW_BANK)


def for_member(ctx: PayContext, values: Mapping[str, str], token_label: str = "") -> Flow:
    """The flow with this member's figures, choices and review filled in (``token_label``:
    the new card or account once the processor has checked it)."""
    steps = list(MAKE_PAYMENT.steps)
    steps[AMOUNT - 1] = _amount_step(ctx)
    steps[DATE - 1] = _date_step(ctx)
    steps[METHOD - 1] = _method_step(ctx)
    steps[DETAILS - 1] = _details_step(ctx, values)
    review = review_lines(ctx, values, token_label)
    steps[REVIEW - 1] = replace(steps[REVIEW - 1], help="\n".join(review) + (
        "\n\n" + _("Go on to submit, or go back to change something.")))
    steps[SUBMIT - 1] = replace(steps[SUBMIT - 1], help=authorization(ctx, values, token_label),
                                submit_label=pay_label(ctx, values))
    return replace(MAKE_PAYMENT, steps=tuple(steps))


# -- review and submit ----------------------------------------------------------------------


def chosen_method_label(ctx: PayContext, values: Mapping[str, str], token_label: str = "") -> str:
    choice = values.get("method", "")
    if uses_new_method(values):
        if token_label:
            return token_label
        return _("a new card") if choice == NEW_CARD else _("a new bank account")
    for method in ctx.methods:
        if method.payment_method_id == choice:
            return short_method_label(method)
    return _("the chosen method")


def chosen_date(ctx: PayContext, values: Mapping[str, str]) -> date:
    return pay_checks.parse_pay_date(values.get("pay_date", ""), ctx.today) or ctx.today


def pay_label(ctx: PayContext, values: Mapping[str, str]) -> str:
    amount = pay_checks.cents(values.get("amount", "")) or 0
    if chosen_date(ctx, values) == ctx.today:
        return _("Pay {amount} now").format(amount=format_cents(amount))
    return _("Pay {amount} on the date").format(amount=format_cents(amount))


def review_lines(ctx: PayContext, values: Mapping[str, str], token_label: str = "") -> list[str]:
    amount = pay_checks.cents(values.get("amount", "")) or 0
    day = chosen_date(ctx, values)
    when = (_("now (today, {date})") if day == ctx.today else _("on {date} (scheduled)")).format(
        date=fmt_day(day))
    target = values.get("apply_to", OLDEST_FIRST)
    applied = _("your oldest bills first")
    for inv in ctx.invoices:
        if inv.invoice_id == target:
            applied = invoice_label(inv)
    lines = [
        _column(_("Amount:"), format_cents(amount)),
        _column(_("When:"), when),
        _column(_("From:"), chosen_method_label(ctx, values, token_label)),
        _column(_("Applied to:"), applied),
    ]
    if uses_new_method(values):
        saved = values.get(SAVE) == "yes"
        lines.append("Save:        " + ("yes, for your next payments" if saved
                                        else "no, for this payment only"))
    if ctx.credit_cents > 0:
        lines.append(_column(_("Credit:"), _(
            "{amount} already on your account, counted in what is due").format(
                amount=format_cents(ctx.credit_cents))))
    if values.get("method") == NEW_BANK or _saved_kind(ctx, values) == "bank_account":
        lines.append(_("Bank payments take 3 business days to settle."))
    return lines


def _column(label: str, value: str) -> str:
    """``Amount:      $98.00``: labels lined up for the eye (plain mode says one space)."""
    return f"{label:<13}{value}" if len(label) < 13 else f"{label} {value}"


def _saved_kind(ctx: PayContext, values: Mapping[str, str]) -> str | None:
    for method in ctx.methods:
        if method.payment_method_id == values.get("method"):
            return method.kind
    return None


def authorization(ctx: PayContext, values: Mapping[str, str], token_label: str = "") -> str:
    amount = pay_checks.cents(values.get("amount", "")) or 0
    day = chosen_date(ctx, values)
    said = _("This pays {amount} from {method} today.") if day == ctx.today else _(
        "This pays {amount} from {method} on {date}.")
    return said.format(
        amount=format_cents(amount), method=chosen_method_label(ctx, values, token_label),
        date=fmt_day(day),
    ) + " " + _("Going on authorizes this one payment. It is sent once: trying again, after a "
                "lost connection too, never charges twice.")


@dataclass(frozen=True)
class PaymentRequest:
    amount_cents: int
    payment_method_id: str | None
    token: str | None
    scheduled_for: date | None
    invoice_ids: tuple[str, ...]

    def digest(self) -> str:
        body = json.dumps([self.amount_cents, self.payment_method_id, self.token,
                           self.scheduled_for.isoformat() if self.scheduled_for else None,
                           list(self.invoice_ids)])
        return hashlib.sha256(body.encode()).hexdigest()


def payment_request(ctx: PayContext, values: Mapping[str, str], *, token: str | None = None,
                    method_id: str | None = None) -> PaymentRequest:
    """What is sent: a saved method (``method_id`` once a new one was saved), or the new
    card's or account's one-time ``token``."""
    day = chosen_date(ctx, values)
    amount = pay_checks.cents(values.get("amount", ""))
    if amount is None:
        raise ValueError("the amount was not checked before submitting")
    new = uses_new_method(values) and method_id is None
    target = values.get("apply_to", OLDEST_FIRST)
    return PaymentRequest(
        amount_cents=amount,
        payment_method_id=None if new else (method_id or values.get("method")),
        token=token if new else None,
        scheduled_for=day if day > ctx.today else None,
        invoice_ids=(target,) if target and target != OLDEST_FIRST else (),
    )


def details_fingerprint(values: Mapping[str, str]) -> str:
    """What a token was made from (so changed details are checked again)."""
    names = CARD_FIELDS if values.get("method") == NEW_CARD else BANK_FIELDS
    raw = "|".join([values.get("method", "")] + [values.get(n, "") for n in names])
    return hashlib.sha256(raw.encode()).hexdigest()


# -- declines -------------------------------------------------------------------------------

DECLINE_ADVICE = {
    "insufficient_funds": N_("Use another card or a bank account, or pay a smaller amount."),
    "lost_card": N_("This card cannot be used. Use another card or a bank account."),
    "stolen_card": N_("This card cannot be used. Use another card or a bank account."),
    "expired_card": N_("Check the expiry date on the card, or use another card."),
    "incorrect_cvc": N_("Check the security code: 3 digits on the back (4 on the front for "
                        "American Express)."),
    "processing_error": N_("The card's bank had a problem: try again in a few minutes, or use "
                           "another method."),
    "generic_decline": N_("Your card's bank did not say why: call the number on the back of "
                          "the card, or use another card or a bank account."),
}


def decline_advice(code: str, decline_code: str | None) -> str:
    """What to do next after a decline, in plain words."""
    return _(DECLINE_ADVICE.get(decline_code or code) or DECLINE_ADVICE.get(code) or (
        N_("Use another card or a bank account.")
    ))


def decline_step(code: str, values: Mapping[str, str]) -> int:
    """Where to send the member after a decline: the card details when they can be fixed there,
    otherwise the choice of method."""
    if values.get("method") == NEW_CARD and code in ("expired_card", "incorrect_cvc"):
        return DETAILS
    return METHOD


# Field names in the portal's and the gateway's errors -> the flow's fields.
ERROR_FIELDS = {
    "amount_cents": "amount", "scheduled_for": "pay_date", "payment_method_id": "method",
    "token": "method", "invoice_ids": "apply_to",
    "card.number": "card_number", "card.exp_month": "card_expiry", "card.exp_year": "card_expiry",
    "card.cvc": "card_cvc", "card.name": "card_name",
    "bank_account.routing_number": "routing_number",
    "bank_account.account_number": "account_number",
    "bank_account.account_type": "account_type", "bank_account.holder_name": "holder_name",
}


# -- confirmation ---------------------------------------------------------------------------

NATO = {
    "A": "Alfa", "B": "Bravo", "C": "Charlie", "D": "Delta", "E": "Echo", "F": "Foxtrot",
    "G": "Golf", "H": "Hotel", "J": "Juliett", "K": "Kilo", "M": "Mike", "N": "November",
    "P": "Papa", "Q": "Quebec", "R": "Romeo", "S": "Sierra", "T": "Tango", "V": "Victor",
    "W": "Whiskey", "X": "X-ray", "Y": "Yankee", "Z": "Zulu",
}
DIGITS = (N_("zero"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"),
          N_("seven"), N_("eight"), N_("nine"))


def spoken(reference: str) -> str:
    """``HCP-7K2M-9QX4`` -> ``"seven Kilo two Mike, nine Quebec X-ray four"`` (after HCP)."""
    groups = reference.split("-")[1:] or [reference]
    words = []
    for group in groups:
        words.append(" ".join(
            _(DIGITS[int(ch)]) if ch.isdigit() else NATO.get(ch, ch) for ch in group
        ))
    return ", ".join(words)


def confirmation_lines(payment: Payment) -> list[str]:
    amount = format_cents(payment.amount_cents)
    method = ""
    if payment.method is not None:
        method = labels.method_label(payment.method)
    lines: list[str] = []
    if payment.status == "scheduled" and payment.scheduled_for:
        lines.append("✓ " + _("Scheduled: {amount} from {method} on {date}.").format(
            amount=amount, method=method, date=fmt_day(payment.scheduled_for)))
        lines.append(_("You can cancel it in History until that day."))
    elif payment.status == "processing":
        lines.append("✓ " + _("Sent: {amount} from {method}.").format(amount=amount,
                                                                     method=method))
        settle = payment.expected_settlement_date
        if settle:
            lines.append(_("Bank payments take 3 business days to process and should settle "
                           "on {date}.").format(date=fmt_day(settle)))
        else:
            lines.append(_("Bank payments take 3 business days to process."))
    else:
        lines.append("✓ " + _("Paid: {amount} from {method}.").format(amount=amount,
                                                                     method=method))
    lines.append(_("A receipt is in History and in your email."))
    return lines
