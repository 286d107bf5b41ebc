"""Creating accounts: every rule checked at once (so the 422 names each failed one), then a
member row with the SSN encrypted and only its last 4 kept readable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.domain.password_policy import check_password
from hcpay.domain.references import member_id
from hcpay.domain.ssn import normalise_ssn, ssn_problem
from hcpay.portal.models import Member

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
OLDEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class FieldError:
    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class NewAccount:
    """What was sent, already trimmed and normalised (username and email lower-case)."""

    first_name: str
    last_name: str
    date_of_birth: date
    ssn: str  # 9 digits
    email: str
    phone: str | None
    username: str


def normalise_phone(text: str) -> str | None:
    """A US phone number as +1XXXXXXXXXX, or None when it is not one."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        return None
    return "+1" + digits


def _name_errors(field: str, value: str, label: str) -> list[FieldError]:
    value = value.strip()
    if not value:
        return [FieldError(field, "required", _("Enter your {label}.").format(label=label))]
    if len(value) > 100:
        return [FieldError(field, "too_long",
                           _("Your {label} can be at most 100 characters.").format(label=label))]
    if any(ch.isdigit() or ord(ch) < 32 for ch in value):
        return [FieldError(field, "invalid", _("Your {label} cannot contain digits.").format(
            label=label))]
    return []


def _birth_date(value: str, today: date) -> tuple[date | None, list[FieldError]]:
    try:
        born = date.fromisoformat(value.strip())
    except ValueError:
        return None, [
            FieldError(
                "date_of_birth", "invalid",
                _("Enter your date of birth as YYYY-MM-DD, for example 1980-04-23."),
            )
        ]
    if born >= today:
        return None, [
            FieldError("date_of_birth", "not_past", _("Your date of birth must be in the past."))
        ]
    if born.year < OLDEST_BIRTH_YEAR:
        return None, [
            FieldError(
                "date_of_birth", "too_old",
                _("Check the year of your date of birth; it must be {year} or later.").format(
                    year=OLDEST_BIRTH_YEAR),
            )
        ]
    return born, []


def validate_new_account(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: str,
    ssn: str,
    email: str,
    phone: str | None,
    username: str,
    password: str,
    today: date,
) -> tuple[NewAccount | None, list[FieldError]]:
    errors: list[FieldError] = []
    errors += _name_errors("first_name", first_name, _("first name"))
    errors += _name_errors("last_name", last_name, _("last name"))
    born, birth_errors = _birth_date(date_of_birth, today)
    errors += birth_errors
    problem = ssn_problem(ssn)
    if problem:
        errors.append(FieldError("ssn", "invalid", problem))
    normal_email = email.strip().lower()
    try:
        normal_email = validate_email(
            email.strip(), check_deliverability=False
        ).normalized.lower()
    except EmailNotValidError:
        errors.append(
            FieldError("email", "invalid", _("Enter a valid email address, like name@example.com."))
        )
    else:
        if len(normal_email) > 254:
            errors.append(
                FieldError("email", "too_long", _("Use an email of at most 254 characters."))
            )
    normal_phone: str | None = None
    if phone is not None and phone.strip():
        normal_phone = normalise_phone(phone)
        if normal_phone is None:
            errors.append(
                FieldError(
                    "phone", "invalid", _("Enter a 10-digit US phone number, like 617-555-0123.")
                )
            )
    normal_username = username.strip().lower()
    if not USERNAME.match(normal_username):
        errors.append(
            FieldError(
                "username", "invalid",
                _("Use 3 to 32 characters: letters, digits, dots, dashes or underscores, "
                "starting with a letter or digit."),
            )
        )
    for p in check_password(
        password, username=normal_username, first_name=first_name.strip(),
        last_name=last_name.strip(), email=normal_email,
    ):
        errors.append(FieldError("password", p.rule, p.message))
    if errors or born is None:
        return None, errors
    return (
        NewAccount(
            first_name=first_name.strip(), last_name=last_name.strip(), date_of_birth=born,
            ssn=normalise_ssn(ssn), email=normal_email, phone=normal_phone,
            username=normal_username,
        ),
        [],
    )


def taken_fields(session: Session, username: str, email: str) -> list[str]:
    """Which of username and email another account already has."""
    taken: list[str] = []
    if session.execute(
        select(func.count()).where(Member.username == username)
    ).scalar_one():
        taken.append("username")
    if session.execute(select(func.count()).where(Member.email == email)).scalar_one():
        taken.append("email")
    return taken


def new_member_id() -> str:
    """A member id such as ``M-7K2M-9QX4`` (easy to read aloud to an agent)."""
    return member_id()


def mask_email(email: str) -> str:
    """``robin.okafor@example.com`` -> ``r***@example.com``: always three stars, so the mask
    tells nothing of the address's length (and a screen reader says three, not a dozen)."""
    local, _unused, domain = email.partition("@")
    shown = local[0] if local else ""
    return f"{shown}***@{domain}"


def find_member(session: Session, username_or_email: str) -> Member | None:
    key = username_or_email.strip().lower()
    column = Member.email if "@" in key else Member.username
    return session.execute(select(Member).where(column == key)).scalar_one_or_none()
