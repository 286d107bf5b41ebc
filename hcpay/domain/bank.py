"""Bank account rules both sides share: the ABA routing checksum, the shape of an account
number, account types and masking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from hcpay.domain.cards import digits_only
from hcpay.domain.fields import FieldError
from hcpay.domain.i18n import _

AccountType = Literal["checking", "savings"]
ACCOUNT_TYPES: tuple[AccountType, ...] = get_args(AccountType)

ACCOUNT_MIN_DIGITS = 4
ACCOUNT_MAX_DIGITS = 17
HOLDER_MAX_LENGTH = 100


def aba_ok(routing: str) -> bool:
    """True when a 9-digit routing number passes the ABA checksum (3-7-1 weights, mod 10)."""
    if len(routing) != 9 or not (routing.isdigit() and routing.isascii()):
        return False
    d = [int(c) for c in routing]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
    return total % 10 == 0


def aba_check_digit(first8: str) -> str:
    """The ninth digit that makes ``first8`` a valid routing number."""
    for candidate in "0123456789":
        if aba_ok(first8 + candidate):
            return candidate
    raise AssertionError("unreachable: the last weight is 1, so one digit always fits")


def check_routing_number(routing: str, *, field: str = "routing_number") -> list[FieldError]:
    digits = digits_only(routing)
    if not digits:
        return [
            FieldError(
                field, _("Enter the 9-digit routing number: the first number on a check.")
            )
        ]
    if not (digits.isdigit() and digits.isascii()):
        return [FieldError(field, _("The routing number has only digits: check it."))]
    if len(digits) != 9:
        return [
            FieldError(
                field,
                _("A routing number has 9 digits; this one has {digits}: check for a "
                "{digits2} digit.").format(
                    digits=len(digits), digits2='missing' if len(digits) < 9 else 'extra'),
            )
        ]
    if not aba_ok(digits):
        return [
            FieldError(
                field,
                _("The routing number has a typo: check the 9 digits at the bottom left of a "
                "check, or ask your bank."),
            )
        ]
    return []


def check_account_number(account: str, *, field: str = "account_number") -> list[FieldError]:
    digits = digits_only(account)
    if not digits:
        return [FieldError(field, _("Enter the account number: the second number on a check."))]
    if not (digits.isdigit() and digits.isascii()):
        return [FieldError(field, _("The account number has only digits: check it."))]
    if not ACCOUNT_MIN_DIGITS <= len(digits) <= ACCOUNT_MAX_DIGITS:
        return [
            FieldError(
                field,
                _("An account number has {ACCOUNT_MIN_DIGITS} to {ACCOUNT_MAX_DIGITS} digits; "
                "this one has {digits}: check it against a check or your bank statement.").format(
                    ACCOUNT_MIN_DIGITS=ACCOUNT_MIN_DIGITS, ACCOUNT_MAX_DIGITS=ACCOUNT_MAX_DIGITS,
                    digits=len(digits)),
            )
        ]
    return []


def parse_account_type(text: str) -> AccountType | None:
    value = text.strip().lower()
    return value if value in ACCOUNT_TYPES else None


def check_account_type(text: str, *, field: str = "account_type") -> list[FieldError]:
    if parse_account_type(text) is None:
        return [FieldError(field, _("Choose checking or savings."))]
    return []


def check_holder_name(name: str, *, field: str = "holder_name") -> list[FieldError]:
    cleaned = " ".join(name.split())
    if not cleaned:
        return [FieldError(field, _("Enter the name on the account, as the bank has it."))]
    if len(cleaned) > HOLDER_MAX_LENGTH:
        return [
            FieldError(field, _("Shorten the name to {n} characters or fewer.").format(
                n=HOLDER_MAX_LENGTH))
        ]
    return []


def mask_account(last4: str, account_type: str | None = None) -> str:
    """``"Checking •••• 6789"``, or ``"Account •••• 6789"`` without a type."""
    label = account_type.capitalize() if account_type else _("Account")
    return f"{label} •••• {last4}"


@dataclass(frozen=True)
class BankCheck:
    routing: str
    account: str
    account_type: AccountType | None
    holder_name: str
    errors: list[FieldError]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_bank_account(
    routing_number: str,
    account_number: str,
    account_type: str,
    holder_name: str,
    *,
    prefix: str = "",
) -> BankCheck:
    """Every field of a bank account at once; field names get ``prefix``."""
    errors = check_routing_number(routing_number, field=f"{prefix}routing_number")
    errors += check_account_number(account_number, field=f"{prefix}account_number")
    errors += check_account_type(account_type, field=f"{prefix}account_type")
    errors += check_holder_name(holder_name, field=f"{prefix}holder_name")
    return BankCheck(
        routing=digits_only(routing_number),
        account=digits_only(account_number),
        account_type=parse_account_type(account_type),
        holder_name=" ".join(holder_name.split()),
        errors=errors,
    )
