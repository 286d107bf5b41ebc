"""Field checks shared by every face of a flow. They check shape only (what a person can fix
while typing); the portal has the last word and its field errors are shown the same way."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hcpay.domain.i18n import N_, _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,32}$")


_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_ES_MONTHS = {name: number for number, name in enumerate(
    ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"), start=1)}
# ``miércoles, 23 de diciembre de 2026``, ``23 dic 2026``: the way hcpay says dates in Spanish
_ES_IN_WORDS = re.compile(
    r"(?:[^\W\d_]+,?\s+)?(\d{1,2})\s+(?:de\s+)?([^\W\d_]+)\.?\s+(?:de\s+)?(\d{4})",
    re.IGNORECASE)
_IN_WORDS = re.compile(
    r"(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)


def _month(word: str) -> int | None:
    """``December``, ``Dec``, ``dec.`` -> 12."""
    word = word.lower().rstrip(".")
    found = [n for name, n in _MONTHS.items() if len(word) >= 3 and name.startswith(word)]
    if not found:  # setiembre is septiembre too
        word = word.replace("setiembre", "septiembre")
        found = [n for name, n in _ES_MONTHS.items() if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None


def parse_date(text: str) -> date | None:
    """Read a date as people type it: December 23, 2026 (the way hcpay says dates, weekday
    or not, month in full or short), 12/23/2026, or 2026-12-23."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            y, m, d = (int(p) for p in text.split("-"))
            return date(y, m, d)
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            m, d, y = (int(p) for p in text.split("/"))
            return date(y, m, d)
        words = _IN_WORDS.fullmatch(text)
        if words and (month := _month(words.group(1))) is not None:
            return date(int(words.group(3)), month, int(words.group(2)))
        spanish = _ES_IN_WORDS.fullmatch(text)
        if spanish and (month := _month(spanish.group(2))) is not None:
            return date(int(spanish.group(3)), month, int(spanish.group(1)))
    except ValueError:
        return None
    return None


DATE_SHAPES = N_("like December 23, 2026 or 12/23/2026")
# The kinds of policy a bill is for, said in the member's language.
POLICY_WORDS = (N_("medical"), N_("dental"), N_("vision"))


def normalise_date(text: str) -> str:
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else text.strip()


def birth_date(value: str, _values: Mapping[str, str], *, today: date | None = None) -> str | None:
    """A date of birth: its shape, and (given the portal's ``today``) that it is past."""
    born = parse_date(value)
    if born is None:
        return _("Type the date of birth like April 30, 1980 or 04/30/1980.")
    if today is None:  # no portal date to hand (the guide): the shape alone
        return None
    if born >= today:
        return _("A date of birth is in the past; check the year.")
    if today.year - born.year > 130:
        return _("Check the year of birth.")
    return None


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def ssn(value: str, _values: Mapping[str, str]) -> str | None:
    """The shared SSN rules (``hcpay.domain.ssn``, the portal's too), known-invalid numbers
    such as 123-45-6789 included: refused as soon as the number is typed."""
    from hcpay.domain.ssn import ssn_problem

    number = digits(value)
    if len(number) != 9:
        return _("A Social Security number has 9 digits, like 123-45-6789.")
    return ssn_problem(format_ssn(number))


_RESET_CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{8}")  # Crockford base32, as the portal makes it


def reset_code_typed(text: str) -> str:
    """A reset code as a person types it (any case, spaces or dashes; O for 0, I or L for 1)
    -> ``7K2M-9QX4``."""
    code = "".join(ch for ch in text.upper() if ch.isalnum()).translate(str.maketrans("OIL", "011"))
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def reset_code(value: str, _values: Mapping[str, str]) -> str | None:
    """A reset code's shape: 8 letters and digits, like 7K2M-9QX4."""
    if _RESET_CODE.fullmatch(reset_code_typed(value).replace("-", "")):
        return None
    return (_("A reset code has 8 letters and digits, like 7K2M-9QX4: type the one from the "
            "newest reset message."))


def format_ssn(text: str) -> str:
    """123456789 -> 123-45-6789 (as much as has been typed)."""
    number = digits(text)[:9]
    parts = [number[:3], number[3:5], number[5:]]
    return "-".join(p for p in parts if p)


def email(value: str, _values: Mapping[str, str]) -> str | None:
    if _EMAIL.match(value.strip()):
        return None
    return _("Type an email address like name@example.com.")


def phone(value: str, _values: Mapping[str, str]) -> str | None:
    number = digits(value)
    if len(number) == 11 and number.startswith("1"):
        number = number[1:]
    return None if len(number) == 10 else _("Type a 10-digit US phone number, like 617-555-0100.")


def username(value: str, _values: Mapping[str, str]) -> str | None:
    if _USERNAME.match(value.strip()):
        return None
    return _("Use 3 to 32 letters, digits, dots, dashes or underscores.")


def six_digit_code(value: str, _values: Mapping[str, str]) -> str | None:
    return None if re.fullmatch(r"\d{6}", digits(value)) else _("The code has 6 digits.")


def otp_code(value: str, _values: Mapping[str, str]) -> str | None:
    """A two-step code (6 digits) or a recovery code (letters and digits)."""
    cleaned = value.strip().replace(" ", "").replace("-", "")
    if re.fullmatch(r"\d{6}", cleaned) or re.fullmatch(r"[A-Za-z0-9]{8,16}", cleaned):
        return None
    return _("Type the 6-digit code from your authenticator app, or a recovery code.")


@dataclass(frozen=True)
class PasswordFeedback:
    """Live feedback while a member types a new password: what still has to change (rules the
    portal enforces) and a strength label with advice (never a rule)."""

    problems: tuple[str, ...]
    strength: str = ""
    suggestions: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _policy_module() -> Any | None:
    try:
        return importlib.import_module("hcpay.domain.password_policy")
    except ImportError:
        return None


def password_feedback(password: str, values: Mapping[str, str]) -> PasswordFeedback:
    """The shared password policy (``hcpay.domain.password_policy``) applied to what is typed,
    with the personal details typed earlier in the flow (a password must not contain them)."""
    module = _policy_module()
    if module is None:  # the policy module ships with the portal's auth part
        short = len(password) < 12
        return PasswordFeedback(("Use at least 12 characters.",) if short else ())
    check: Callable[..., Any] = module.check_password
    problems = check(
        password,
        username=values.get("username", ""),
        first_name=values.get("first_name", ""),
        last_name=values.get("last_name", ""),
        email=values.get("email", ""),
    )
    hint = module.strength_hint(password)
    return PasswordFeedback(
        tuple(str(p.message) for p in problems), str(hint.label), tuple(hint.suggestions)
    )


def new_password(value: str, values: Mapping[str, str]) -> str | None:
    feedback = password_feedback(value, values)
    return feedback.problems[0] if feedback.problems else None


def confirm_password(value: str, values: Mapping[str, str]) -> str | None:
    original = values.get("password") or values.get("new_password") or ""
    return None if value == original else _("The two passwords differ; type the same one twice.")
