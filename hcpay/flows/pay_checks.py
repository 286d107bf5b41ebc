"""Checks and live words for the money fields of the payment flows: amounts, payment dates,
new cards and bank accounts, all from the shared rules in ``hcpay.domain`` (the gateway runs the
same ones before it tokenizes). Each maker takes what the check needs to know (today, the
amount due) and answers a ``Check`` or ``Live`` for a ``Field``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from hcpay.domain import bank, cards
from hcpay.domain.date_words import full_date, long_date
from hcpay.domain.i18n import _, ngettext
from hcpay.domain.money import AmountError, format_cents, parse_amount
from hcpay.flows import checks
from hcpay.flows.model import Check, Live

SCHEDULE_MAX_DAYS = 60
TODAY_WORDS = {"today", "now", "", "hoy", "ahora"}


def fmt_day(day: date) -> str:
    """``Wednesday, December 23, 2026``: a date in a sentence, the same in every face."""
    return full_date(day)


def cents(text: str) -> int | None:
    try:
        return parse_amount(text)
    except AmountError:
        return None


# -- amount ---------------------------------------------------------------------------------


def amount_check(max_cents: int | None) -> Check:
    def check(value: str, _values: Mapping[str, str]) -> str | None:
        try:
            amount = parse_amount(value)
        except AmountError as exc:
            return exc.message
        if max_cents is not None and amount > max_cents:
            return _("Enter {amount} or less: your balance plus one month's premium.").format(
                amount=format_cents(max_cents))
        return None

    return check


def amount_live(due_cents: int) -> Live:
    def live(value: str, _values: Mapping[str, str]) -> str:
        amount = cents(value)
        if amount is None:
            return ""
        if due_cents <= 0:
            return _("Nothing is due now: {amount} becomes a credit for the next bill.").format(
                amount=format_cents(amount))
        if amount == due_cents:
            return _("Pays the {amount} due in full.").format(amount=format_cents(due_cents))
        if amount < due_cents:
            return _("{amount} will still be due after this payment.").format(
                amount=format_cents(due_cents - amount))
        return _("{amount} more than due becomes a credit.").format(
            amount=format_cents(amount - due_cents))

    return live


# -- date -----------------------------------------------------------------------------------


def parse_pay_date(text: str, today: date) -> date | None:
    if text.strip().lower() in TODAY_WORDS:
        return today
    return checks.parse_date(text)


def date_check(today: date) -> Check:
    last = today + timedelta(days=SCHEDULE_MAX_DAYS)

    def check(value: str, _values: Mapping[str, str]) -> str | None:
        day = parse_pay_date(value, today)
        if day is None:
            return _("Type a date {shapes}, or today.").format(shapes=_(checks.DATE_SHAPES))
        if day < today:
            return _("Choose today, {date}, or a later date.").format(date=long_date(today))
        if day > last:
            return _("Choose a date up to {date} ({days} days ahead).").format(
                date=long_date(last), days=SCHEDULE_MAX_DAYS)
        return None

    return check


def date_live(today: date, due: date | None = None) -> Live:
    """Words under the date as it is typed; a date after ``due`` (the bill's due date) is
    warned about at once."""
    def live(value: str, _values: Mapping[str, str]) -> str:
        day = parse_pay_date(value, today)
        if day is None or day < today or day > today + timedelta(days=SCHEDULE_MAX_DAYS):
            return ""
        if day == today:
            return _("Pays now.")
        days = (day - today).days
        said = ngettext("Scheduled for {date}, {n} day from today.",
                        "Scheduled for {date}, {n} days from today.", days).format(
                            date=fmt_day(day), n=days)
        late = after_due(day, due)
        return f"{said} {late}" if late else said

    return live


def after_due(day: date, due: date | None) -> str:
    """The warning for a payment dated after the bill's due date, or ""."""
    if due is None or day <= due:
        return ""
    return "⚠ " + _("That is after your bill's due date, {date}: a payment received after it "
                    "is late.").format(date=fmt_day(due))


# -- a new card -----------------------------------------------------------------------------


def parse_expiry(text: str) -> tuple[int, int] | None:
    """``"12/29"``, ``"12/2029"``, ``"1229"`` -> (12, 2029)."""
    raw = text.strip().replace(" ", "").replace("-", "/")
    if "/" in raw:
        month, _unused, year = raw.partition("/")
    elif len(raw) in (4, 6) and raw.isdigit():
        month, year = raw[:2], raw[2:]
    else:
        return None
    if not (month.isdigit() and year.isdigit()) or len(year) not in (2, 4):
        return None
    return int(month), cards.normalise_year(int(year))


def card_number_check(value: str, _values: Mapping[str, str]) -> str | None:
    found = cards.check_card_number(value)
    return found[0].message if found else None


def card_number_live(value: str, _values: Mapping[str, str]) -> str:
    digits = cards.digits_only(value)
    if not digits:
        return _("We take Visa, Mastercard, American Express and Discover.")
    brand = cards.card_brand(digits)
    if brand is None:
        return _("Card type not recognised yet.")
    name = cards.brand_name(brand)
    if len(digits) in cards.CARD_LENGTHS[brand]:
        ok = cards.luhn_ok(digits)
        return f"{name}: " + ("✓ " + _("the number checks out.") if ok
                              else "✗ " + _("check the digits."))
    return _("{brand} card.").format(brand=name)


def expiry_check(today: date) -> Check:
    def check(value: str, _values: Mapping[str, str]) -> str | None:
        parsed = parse_expiry(value)
        if parsed is None:
            return _("Type the expiry date as printed on the card, MM/YY, for example 08/29.")
        found = cards.check_expiry(parsed[0], parsed[1], today)
        return found[0].message if found else None

    return check


def format_expiry(text: str) -> str:
    """Put the slash in as the date is typed: ``"1229"`` -> ``"12/29"``."""
    digits = checks.digits(text)
    if "/" in text or len(digits) < 3:
        return text
    return f"{digits[:2]}/{digits[2:]}"


def cvc_check(value: str, values: Mapping[str, str]) -> str | None:
    brand = cards.card_brand(values.get("card_number", ""))
    found = cards.check_cvc(value.strip(), brand)
    return found[0].message if found else None


def cvc_live(value: str, values: Mapping[str, str]) -> str:
    brand = cards.card_brand(values.get("card_number", ""))
    said = _("{n} digits, on the front of the card.") if brand == "amex" else _(
        "{n} digits, on the back of the card.")
    return said.format(n=cards.cvc_length(brand))


# -- a new bank account ---------------------------------------------------------------------


def routing_check(value: str, _values: Mapping[str, str]) -> str | None:
    found = bank.check_routing_number(value)
    return found[0].message if found else None


def routing_live(value: str, _values: Mapping[str, str]) -> str:
    digits = cards.digits_only(value)
    if len(digits) != 9:
        return _("9 digits: the first number at the bottom of a check.")
    return "✓ " + _("The routing number checks out.") if bank.aba_ok(digits) else (
        "✗ " + _("The routing number has a typo: check the 9 digits.")
    )


def account_check(value: str, _values: Mapping[str, str]) -> str | None:
    found = bank.check_account_number(value)
    return found[0].message if found else None


def holder_check(value: str, _values: Mapping[str, str]) -> str | None:
    found = bank.check_holder_name(value)
    return found[0].message if found else None
