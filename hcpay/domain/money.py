"""Money is integer cents everywhere. This module reads an amount as a person types it and is
the one place that formats cents for display."""

from __future__ import annotations

import re

from hcpay.domain.fields import FieldError
from hcpay.domain.i18n import _

# "1234", "1,234", "1234.5", "1,234.50", ".5"; commas must group thousands.
_AMOUNT = re.compile(r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<frac>\d*))?$")

MAX_CENTS = 100_000_000_00  # one hundred million dollars: past that it is surely a typo


class AmountError(ValueError):
    """An amount that cannot be read; ``message`` says what to type instead."""

    def __init__(self, message: str, field: str = "amount") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_field_error(self) -> FieldError:
        return FieldError(self.field, self.message)


def parse_amount(
    text: str,
    *,
    field: str = "amount",
    allow_zero: bool = False,
    max_cents: int = MAX_CENTS,
) -> int:
    """Read ``"123.45"``, ``"$1,234.5"`` or ``"12"`` as integer cents.

    Raises ``AmountError`` with a message that says what to do.
    """
    cleaned = text.strip().replace(" ", "")
    if cleaned.startswith("-") or cleaned.startswith("$-") or cleaned.startswith("("):
        raise AmountError(_("Enter the amount without a minus sign, for example 125.00."), field)
    cleaned = cleaned.removeprefix("$").removeprefix("US$").removesuffix("USD")
    if not cleaned:
        raise AmountError(_("Enter an amount in dollars and cents, for example 125.00."), field)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None or (match["whole"] is None and not match["frac"]):
        if "," in cleaned and re.fullmatch(r"[\d,]+(?:\.\d*)?", cleaned):
            raise AmountError(
                _("Use commas only between thousands (1,234.50), or leave them out."), field
            )
        if re.fullmatch(r"\d+\.\d+\.\d*", cleaned) or cleaned.count(".") > 1:
            raise AmountError(_("Use one decimal point, for example 125.50."), field)
        raise AmountError(
            _("Enter the amount with digits only, for example 125.00 (a $ sign is fine)."), field
        )
    whole = (match["whole"] or "0").replace(",", "")
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise AmountError(_("Cents have two digits at most: enter, for example, 125.50."), field)
    if len(whole) > 12:
        raise AmountError(_("Enter an amount up to {amount}.").format(
            amount=format_cents(max_cents)), field)
    cents = int(whole) * 100 + int(frac.ljust(2, "0"))
    if cents == 0 and not allow_zero:
        raise AmountError(_("Enter an amount above $0.00."), field)
    if cents > max_cents:
        raise AmountError(_("Enter an amount up to {amount}.").format(
            amount=format_cents(max_cents)), field)
    return cents


def check_amount(
    text: str, *, field: str = "amount", max_cents: int = MAX_CENTS
) -> list[FieldError]:
    """The field-level messages for an amount as typed (empty when it is fine)."""
    try:
        parse_amount(text, field=field, max_cents=max_cents)
    except AmountError as exc:
        return [exc.as_field_error()]
    return []


def format_cents(cents: int) -> str:
    """``123450`` -> ``"$1,234.50"``; ``-500`` -> ``"-$5.00"``."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"


def format_cents_plain(cents: int) -> str:
    """``123450`` -> ``"1234.50"``: the amount as it is typed into a field (no $ or commas)."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}{dollars}.{rest:02d}"
