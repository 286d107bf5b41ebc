"""Card rules both sides share: Luhn, brand by IIN, lengths, CVC length, expiry, grouping as
typed and masking. Pure functions; the terminal client calls them on every key for live
feedback, and the gateway calls them before it tokenizes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from hcpay.domain.fields import FieldError
from hcpay.domain.i18n import _

Brand = Literal["visa", "mastercard", "amex", "discover"]

BRAND_NAMES: dict[Brand, str] = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "American Express",
    "discover": "Discover",
}

CARD_LENGTHS: dict[Brand, tuple[int, ...]] = {
    "visa": (13, 16, 19),
    "mastercard": (16,),
    "amex": (15,),
    "discover": (16, 17, 18, 19),
}

# Where the spaces go as a number is typed: amex 4-6-5, the others 4-4-4-4(-3).
_GROUPS: dict[Brand | None, tuple[int, ...]] = {
    "amex": (4, 6, 5),
    "visa": (4, 4, 4, 4, 3),
    "mastercard": (4, 4, 4, 4),
    "discover": (4, 4, 4, 4, 3),
    None: (4, 4, 4, 4, 3),
}

MAX_YEARS_AHEAD = 20
_SEPARATORS = " -"


def digits_only(text: str) -> str:
    """The digits of a number as typed, without spaces or dashes."""
    return "".join(ch for ch in text if ch not in _SEPARATORS)


def luhn_ok(number: str) -> bool:
    """True when ``number`` (digits only) passes the Luhn (mod 10) check."""
    if not number.isdigit() or not number.isascii():
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` pass Luhn."""
    for candidate in "0123456789":
        if luhn_ok(partial + candidate):
            return candidate
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


def _prefix_in(number: str, width: int, low: int, high: int) -> bool:
    return len(number) >= width and low <= int(number[:width]) <= high


def card_brand(number: str) -> Brand | None:
    """The brand from the first digits (IIN); works on a partly typed number too."""
    digits = digits_only(number)
    if not digits.isdigit() or not digits.isascii():
        return None
    if digits.startswith("4"):
        return "visa"
    if digits.startswith(("34", "37")):
        return "amex"
    if _prefix_in(digits, 2, 51, 55) or _prefix_in(digits, 4, 2221, 2720):
        return "mastercard"
    if (
        digits.startswith(("6011", "65"))
        or _prefix_in(digits, 3, 644, 649)
        or _prefix_in(digits, 6, 622126, 622925)
    ):
        return "discover"
    return None


def brand_name(brand: str | None) -> str:
    if brand in BRAND_NAMES:
        return BRAND_NAMES[brand]
    return _("Card")


def cvc_length(brand: Brand | None) -> int:
    """American Express has a 4-digit code on the front; the others 3 digits on the back."""
    return 4 if brand == "amex" else 3


def max_length(brand: Brand | None) -> int:
    return max(CARD_LENGTHS[brand]) if brand else 19


def format_card_number(text: str) -> str:
    """Group a number as it is typed: ``"4242424242424242"`` -> ``"4242 4242 4242 4242"``,
    amex ``"3782 822463 10005"``. Characters other than digits, spaces and dashes are kept
    at the end untouched so that nothing a person typed disappears."""
    digits = digits_only(text)
    if not digits.isdigit():
        return text
    brand = card_brand(digits)
    digits = digits[: max_length(brand)]
    parts: list[str] = []
    start = 0
    for size in _GROUPS[brand]:
        if start >= len(digits):
            break
        parts.append(digits[start : start + size])
        start += size
    if start < len(digits):
        parts.append(digits[start:])
    return " ".join(parts)


def mask_last4(last4: str, brand: str | None = None) -> str:
    """``"Visa •••• 4242"``, or ``"•••• 4242"`` without a brand."""
    masked = f"•••• {last4}"
    return f"{brand_name(brand)} {masked}" if brand else masked


def mask_card_number(number: str) -> str:
    """A full number shown safely: only its brand and last 4 digits."""
    digits = digits_only(number)
    return mask_last4(digits[-4:], card_brand(digits))


def _lengths_text(lengths: tuple[int, ...]) -> str:
    if len(lengths) > 2 and list(lengths) == list(range(lengths[0], lengths[-1] + 1)):
        return _("{lengths} to {lengths2}").format(lengths=lengths[0], lengths2=lengths[-1])
    if len(lengths) == 1:
        return str(lengths[0])
    return ", ".join(str(n) for n in lengths[:-1]) + f" or {lengths[-1]}"


def check_card_number(number: str, *, field: str = "number") -> list[FieldError]:
    digits = digits_only(number)
    if not digits:
        return [FieldError(field, _("Enter the card number, as printed on the card."))]
    if not (digits.isdigit() and digits.isascii()):
        return [
            FieldError(
                field, _("The card number has only digits: remove any letters or other signs.")
            )
        ]
    brand = card_brand(digits)
    if brand is None:
        return [
            FieldError(
                field,
                _("We take Visa, Mastercard, American Express and Discover: check the first "
                "digits, or use one of those cards."),
            )
        ]
    lengths = CARD_LENGTHS[brand]
    if len(digits) not in lengths:
        expected = _lengths_text(lengths)
        if len(digits) < min(lengths):
            which = _("a missing digit")
        elif len(digits) > max(lengths):
            which = _("an extra digit")
        else:
            which = _("a missing or an extra digit")
        return [
            FieldError(
                field,
                _("A {brand} card number has {expected} digits; this one has "
                "{digits}: check for {which}.").format(
                    brand=BRAND_NAMES[brand], expected=expected, digits=len(digits), which=which),
            )
        ]
    if not luhn_ok(digits):
        return [FieldError(field, _("The card number has a typo: check the digits."))]
    return []


def normalise_year(year: int) -> int:
    """Read a 2-digit expiry year (``29``) as 2029."""
    return 2000 + year if 0 <= year < 100 else year


def check_expiry(
    exp_month: int,
    exp_year: int,
    today: date,
    *,
    month_field: str = "exp_month",
    year_field: str = "exp_year",
) -> list[FieldError]:
    """A card works through the last day of its expiry month."""
    if not 1 <= exp_month <= 12:
        return [FieldError(month_field, _("Enter the expiry month as a number from 1 to 12."))]
    year = normalise_year(exp_year)
    if year < 2000:
        return [FieldError(year_field, _("Enter the expiry year as printed, for example 2029."))]
    if (year, exp_month) < (today.year, today.month):
        return [
            FieldError(
                year_field,
                _("This card expired at the end of {exp_month:02d}/{year}: use a card that "
                "has not expired, or check the date.").format(exp_month=exp_month, year=year),
            )
        ]
    if year > today.year + MAX_YEARS_AHEAD:
        return [
            FieldError(
                year_field,
                _("The expiry year {year} is too far ahead: check the date printed on the "
                  "card.").format(year=year),
            )
        ]
    return []


def is_expired(exp_month: int, exp_year: int, today: date) -> bool:
    return (normalise_year(exp_year), exp_month) < (today.year, today.month)


def check_cvc(cvc: str, brand: Brand | None, *, field: str = "cvc") -> list[FieldError]:
    expected = cvc_length(brand)
    where = _("on the front of the card") if brand == "amex" else _("on the back of the card")
    if not cvc:
        return [FieldError(field, _("Enter the {expected}-digit security code {where}.").format(
            expected=expected, where=where))]
    if not (cvc.isdigit() and cvc.isascii()) or len(cvc) != expected:
        return [
            FieldError(
                field,
                _("The security code of a {brand} card has {expected} digits, "
                "{where}: check it.").format(
                    brand=brand_name(brand), expected=expected, where=where),
            )
        ]
    return []


@dataclass(frozen=True)
class CardCheck:
    """The result of checking a whole card: its digits and brand, and what is wrong with it."""

    digits: str
    brand: Brand | None
    errors: list[FieldError]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_card(
    number: str,
    exp_month: int,
    exp_year: int,
    cvc: str,
    today: date,
    *,
    prefix: str = "",
) -> CardCheck:
    """Every field of a card at once; field names get ``prefix`` (``"card."``)."""
    digits = digits_only(number)
    brand = card_brand(digits)
    errors = check_card_number(number, field=f"{prefix}number")
    errors += check_expiry(
        exp_month, exp_year, today,
        month_field=f"{prefix}exp_month", year_field=f"{prefix}exp_year",
    )
    errors += check_cvc(cvc.strip(), brand, field=f"{prefix}cvc")
    return CardCheck(digits=digits, brand=brand, errors=errors)
