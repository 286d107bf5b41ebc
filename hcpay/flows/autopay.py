"""Automatic Payments (Settings -> Automatic Payments): method, amount (full balance or a fixed
amount), frequency, draw day, start date, review, activate.

``AUTOPAY`` is the flow as the guide prints it; ``for_member`` fills in the member's saved
methods, what is set up now, and the review with its warnings (a fixed amount below the premium,
a card that expires before the next draw). No I/O here: the call is ``save_autopay`` in
``hcpay.flows.autopay_controller``."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from hcpay.domain.date_words import long_date
from hcpay.domain.i18n import N_, _
from hcpay.domain.money import format_cents, format_cents_plain
from hcpay.flows import checks, pay_checks
from hcpay.flows.make_payment import (
    NEW_BANK,
    NEW_CARD,
    SAVE,
    method_label,
    new_method_fields,
    short_method_label,
)
from hcpay.flows.model import Check, Field, Flow, Live, Step
from hcpay.flows.pay_checks import fmt_day

if TYPE_CHECKING:
    from hcpay.api.models import Autopay, AutopaySettings, PaymentMethod

METHOD, AMOUNT, FREQUENCY, DRAW_DAY, START, REVIEW, ACTIVATE = range(1, 8)
FULL, FIXED = "full_balance", "fixed"
DUE_WORDS = {"due", "due date", "due_date", "on the due date", ""}
METHOD_HELP = N_("The card or bank account each draw is taken from. With none saved, add one "
               "here: it is saved for your automatic payments.")
DRAW_DAY_HELP = N_(
    "A day from 1 to 28, or 'due date' to pay on each bill's due date."
)
START_HELP = N_(
    "The first draw is on the draw day on or after this date."
)


def ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def parse_draw_day(text: str) -> int | None:
    """0 for the due date, 1-28 for a day of the month, None when it cannot be read."""
    cleaned = text.strip().lower().rstrip(".")
    if cleaned in DUE_WORDS:
        return 0
    for suffix in ("st", "nd", "rd", "th"):
        cleaned = cleaned.removesuffix(suffix)
    if cleaned.isdigit() and 1 <= int(cleaned) <= 28:
        return int(cleaned)
    return None


def draw_day_check(value: str, _values: Mapping[str, str]) -> str | None:
    if parse_draw_day(value) is None:
        return _("Type a day from 1 to 28, or 'due date'.")
    return None


def draw_day_live(due_day: int) -> Live:
    def live(value: str, values: Mapping[str, str]) -> str:
        day = parse_draw_day(value)
        if day is None:
            return ""
        every = _("each quarter") if values.get("frequency") == "quarterly" else _("each month")
        if day == 0:
            return _("Draws on the due date (the {due_day}) {every}.").format(
                due_day=ordinal(due_day), every=every)
        late = after_due_day(day, due_day)
        return _("Draws on the {day} {every}.").format(
            day=ordinal(day), every=every) + (f" {late}" if late else "")

    return live


def after_due_day(day: int, due_day: int) -> str:
    """The warning for a draw day after the bills' due day, or ""."""
    if not day or day <= due_day:
        return ""
    return (_("⚠ The {day} is after your bills' due date (the {due_day}): "
            "each payment would be late.").format(day=ordinal(day), due_day=ordinal(due_day)))


def fixed_amount_missing(values: Mapping[str, str]) -> str | None:
    """A fixed amount chosen but not typed (the field is optional otherwise)."""
    if values.get("amount_type") == FIXED and not values.get("fixed_amount", "").strip():
        return _("Type the fixed amount to pay each time.")
    return None


def fixed_live(premium_cents: int) -> Live:
    def live(value: str, values: Mapping[str, str]) -> str:
        if values.get("amount_type") != FIXED:
            return _("Only used for a fixed amount.")
        amount = pay_checks.cents(value)
        if amount is not None and premium_cents and amount < premium_cents:
            return below_premium(amount, premium_cents)
        return ""

    return live


def below_premium(amount: int, premium_cents: int) -> str:
    return (_("⚠ {amount} is below your monthly premium of "
            "{amount2}: the rest stays due and can make you late.").format(
                amount=format_cents(amount), amount2=format_cents(premium_cents)))


def start_check(today: date) -> Check:
    def check(value: str, _values: Mapping[str, str]) -> str | None:
        day = pay_checks.parse_pay_date(value, today)
        if day is None:
            return _("Type a date {shapes}, or today.").format(shapes=_(checks.DATE_SHAPES))
        if day < today:
            return _("Choose today, {date}, or a later date.").format(date=long_date(today))
        return None

    return check


AUTOPAY = Flow(
    name="autopay",
    title=N_("Automatic Payments"),
    help=N_("Pay your premium automatically: the full balance or a fixed amount, monthly or "
    "quarterly, on a day you choose. A notice comes 3 days before each draw."),
    steps=(
        Step(METHOD, N_("Payment method"),
             fields=(Field("method", N_("Pay with"), kind="choice", help=METHOD_HELP),),
             help=N_("Automatic payments use a saved card or bank account; a new one is saved "
             "for them.")),
        Step(AMOUNT, N_("Amount"),
             fields=(
                 Field("amount_type", N_("Each time pay"), kind="choice", default=FULL,
                       choices=((FULL, N_("The full balance")), (FIXED, N_("A fixed amount"))),
                       help=N_("The full balance pays whatever is due at each draw; a fixed "
                       "amount pays the same sum each time.")),
                 Field("fixed_amount", N_("Fixed amount ($)"), kind="money", required=False,
                       check=pay_checks.amount_check(None),
                       help=N_("Only for a fixed amount: dollars and cents, such as 98.00, "
                       "drawn at each draw.")),
             ),
             help=N_("The full balance pays whatever is due; nothing is drawn when nothing is "
                     "owed.")),
        Step(FREQUENCY, N_("Frequency"),
             fields=(Field("frequency", N_("How often"), kind="choice", default="monthly",
                           choices=(("monthly", N_("Monthly")), ("quarterly", N_("Quarterly"))),
                           help=N_("Monthly draws once a month; quarterly once every three "
                           "months.")),)),
        Step(DRAW_DAY, N_("Draw day"),
             fields=(Field("draw_day", N_("Day of the month"), default=N_("due date"),
                           check=draw_day_check, help=DRAW_DAY_HELP),),
             help=N_("A day from 1 to 28, or 'due date' to pay on each bill's due date.")),
        Step(START, N_("Start date"),
             fields=(Field("start_date", N_("Start on"), kind="date", default="today",
                           help=START_HELP),),
             help=N_("The first draw is on the draw day on or after this date.")),
        Step(REVIEW, N_("Review"), submit_label=N_("Looks right")),
        Step(ACTIVATE, N_("Activate"),
             submit_label=N_("Turn on automatic payments")),
    ),
)


@dataclass(frozen=True)
class AutopayContext:
    today: date
    methods: tuple[PaymentMethod, ...]
    premium_cents: int = 0
    due_day: int = 23
    current: Autopay | None = None


def values_from(current: Autopay, today: date) -> dict[str, str]:
    """The member's current settings as the flow's values (to change them)."""
    fixed = current.amount.type == FIXED and current.amount.amount_cents is not None
    return {
        "method": current.payment_method_id,
        "amount_type": current.amount.type,
        "fixed_amount": format_cents_plain(current.amount.amount_cents or 0) if fixed else "",
        "frequency": current.frequency,
        "draw_day": _("due date") if current.draw_day == "due_date" else str(current.draw_day),
        "start_date": max(current.start_date, today).isoformat(),
    }


def for_member(ctx: AutopayContext, values: Mapping[str, str]) -> Flow:
    steps = list(AUTOPAY.steps)
    default = next((m.payment_method_id for m in ctx.methods if m.is_default),
                   ctx.methods[0].payment_method_id if ctx.methods else NEW_CARD)
    choices = tuple((m.payment_method_id, method_label(m)) for m in ctx.methods)
    choices += ((NEW_CARD, _("Add a new card")), (NEW_BANK, _("Add a new bank account")))
    chosen = values.get("method") or default
    extra = tuple(f for f in new_method_fields(chosen, ctx.today) if f.name != SAVE)
    help_text = steps[METHOD - 1].help
    if not ctx.methods:
        help_text = (_("You have no saved card or bank account yet: add one here. It is saved "
                     "for your automatic payments."))
    steps[METHOD - 1] = replace(steps[METHOD - 1], help=help_text, fields=(
        Field("method", _("Pay with"), kind="choice", default=default, choices=choices,
              help=METHOD_HELP),
        *extra))
    amount_fields = steps[AMOUNT - 1].fields
    steps[AMOUNT - 1] = replace(steps[AMOUNT - 1], fields=(
        amount_fields[0], replace(amount_fields[1], live=fixed_live(ctx.premium_cents))))
    steps[DRAW_DAY - 1] = replace(steps[DRAW_DAY - 1], fields=(
        replace(steps[DRAW_DAY - 1].fields[0], live=draw_day_live(ctx.due_day)),))
    steps[START - 1] = replace(steps[START - 1], fields=(
        Field("start_date", _("Start on"), kind="date", default=ctx.today.isoformat(),
              check=start_check(ctx.today), help=START_HELP),))
    steps[REVIEW - 1] = replace(steps[REVIEW - 1], help="\n".join(review_lines(ctx, values)))
    verb = _("Save the changes") if ctx.current is not None else _("Turn on automatic payments")
    steps[ACTIVATE - 1] = replace(steps[ACTIVATE - 1], submit_label=verb, help=(
        _("Go on to {verb}. You authorize these payments until you pause or "
        "cancel them here.").format(verb=verb.lower())))
    return replace(AUTOPAY, steps=tuple(steps))


def first_draw(ctx: AutopayContext, values: Mapping[str, str]) -> date:
    """When the first draw should fall (the portal computes the real one on saving)."""
    start = pay_checks.parse_pay_date(values.get("start_date", ""), ctx.today) or ctx.today
    day = parse_draw_day(values.get("draw_day", "")) or ctx.due_day
    candidate = start.replace(day=min(day, calendar.monthrange(start.year, start.month)[1]))
    if candidate < start:
        month_end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        nxt = month_end + timedelta(days=1)
        candidate = nxt.replace(day=min(day, calendar.monthrange(nxt.year, nxt.month)[1]))
    return candidate


def chosen_method(ctx: AutopayContext, values: Mapping[str, str]) -> PaymentMethod | None:
    return next((m for m in ctx.methods if m.payment_method_id == values.get("method")), None)


def chosen_label(ctx: AutopayContext, values: Mapping[str, str]) -> str:
    method = chosen_method(ctx, values)
    if method is not None:
        return short_method_label(method)
    if values.get("method") == NEW_CARD:
        return _("the new card")
    if values.get("method") == NEW_BANK:
        return _("the new bank account")
    return _("no method chosen")


def warnings(ctx: AutopayContext, values: Mapping[str, str]) -> list[str]:
    found: list[str] = []
    amount = pay_checks.cents(values.get("fixed_amount", ""))
    fixed = values.get("amount_type") == FIXED and amount is not None
    if fixed and amount is not None and ctx.premium_cents and amount < ctx.premium_cents:
        found.append(below_premium(amount, ctx.premium_cents))
    late = after_due_day(parse_draw_day(values.get("draw_day", "")) or 0, ctx.due_day)
    if late:
        found.append(late)
    method = chosen_method(ctx, values)
    if method is not None and method.kind == "card" and method.exp_month and method.exp_year:
        last = date(method.exp_year, method.exp_month,
                    calendar.monthrange(method.exp_year, method.exp_month)[1])
        draw = first_draw(ctx, values)
        if last < draw:
            found.append(
                _("⚠ {method} expires {exp_month:02d}/"
                "{exp_year}, before the first draw on {date}: choose another "
                "method or add the new card first.").format(
                    method=short_method_label(method), exp_month=method.exp_month,
                    exp_year=method.exp_year, date=fmt_day(draw))
            )
    return found


def review_lines(ctx: AutopayContext, values: Mapping[str, str]) -> list[str]:
    amount = pay_checks.cents(values.get("fixed_amount", ""))
    if values.get("amount_type") == FIXED and amount is not None:
        what = _("{amount} each time").format(amount=format_cents(amount))
    else:
        what = _("the full balance each time")
    day = parse_draw_day(values.get("draw_day", ""))
    on = (_("the due date (the {due_day})").format(due_day=ordinal(ctx.due_day)) if not day
          else _("the {day}").format(day=ordinal(day)))
    lines = [
        _("From:        {values}").format(values=chosen_label(ctx, values)),
        _("Amount:      {what}").format(what=what),
        _("How often:   {values}, on {on}").format(
            values=values.get('frequency', 'monthly'), on=on),
        _("First draw:  about {date}").format(date=fmt_day(first_draw(ctx, values))),
    ]
    return lines + warnings(ctx, values)


def settings(values: Mapping[str, str], today: date, *, enabled: bool = True,
             paused_until: date | None = None) -> AutopaySettings:
    from hcpay.api.models import AutopayAmount, AutopaySettings

    fixed = values.get("amount_type") == FIXED
    day = parse_draw_day(values.get("draw_day", ""))
    start = pay_checks.parse_pay_date(values.get("start_date", ""), today) or today
    return AutopaySettings(
        enabled=enabled,
        payment_method_id=values["method"],
        amount=AutopayAmount(type=FIXED if fixed else FULL,
                             amount_cents=pay_checks.cents(values.get("fixed_amount", ""))
                             if fixed else None),
        frequency="quarterly" if values.get("frequency") == "quarterly" else "monthly",
        draw_day=day if day else "due_date",
        start_date=start,
        paused_until=None if enabled else paused_until,
    )


RESUME_ON = "resume_on"


def resume_check(today: date | None) -> Check:
    """A date after ``today`` (the portal's), or nothing; ``None``: its shape only."""
    def check(value: str, _values: Mapping[str, str]) -> str | None:
        if not value.strip():
            return None
        chosen = checks.parse_date(value)
        if chosen is None:
            return _("Type a date {shapes}, or leave it empty.").format(
                shapes=_(checks.DATE_SHAPES))
        if today is not None and chosen <= today:
            return _("Choose a resume date after today, or leave it empty.")
        return None
    return check


def resume_field(today: date | None) -> Field:
    """What pausing asks: the day they are on again by themselves, or none."""
    return Field(RESUME_ON, N_("Resume on (optional)"), kind="date", required=False,
                 check=resume_check(today),
                 help=N_("A date after today: automatic payments start again by themselves "
                         "that day (with a reminder before, if reminders are on). Leave it "
                         "empty to pause them until you resume them here."))


def resume_date(value: str) -> date | None:
    return checks.parse_date(value) if value.strip() else None


def status_lines(current: Autopay | None, methods: tuple[PaymentMethod, ...]) -> str:
    """One line on what is set up now."""
    if current is None:
        return _("Automatic payments are off.")
    method = next((m for m in methods if m.payment_method_id == current.payment_method_id), None)
    what = (_("the full balance") if current.amount.type == FULL
            else format_cents(current.amount.amount_cents or 0))
    nxt = (_(", next draw {date}").format(date=fmt_day(current.next_draw_date))
           if current.enabled and current.next_draw_date else "")
    state = _("ON") if current.enabled else _("PAUSED")
    if not current.enabled and current.paused_until is not None:
        state = _("PAUSED until {date}").format(date=fmt_day(current.paused_until))
    label = short_method_label(method) if method else _("a saved method")
    return _("Automatic payments are {state}: {what} {frequency} from {label}{nxt}.").format(
        state=state, what=what, frequency=current.frequency, label=label, nxt=nxt)
