"""The password policy (NIST SP 800-63B, OWASP ASVS 5 section 6.2), as pure functions.

The portal enforces it; the client uses the same functions for live feedback while a member
types. Enforced: length (12 to 256 characters, never truncated), not a common or breached
password (nor one with only digits or symbols added), not one character repeated or a plain
sequence, and not containing the username, a name or the email. Mixing letters, numbers and
symbols is *advice*, given through ``strength_hint``, never a rule.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from hcpay.domain.i18n import _

MIN_LENGTH = 12
MAX_LENGTH = 256  # at least 64 must be allowed; the cap only keeps hashing bounded
_MIN_PART = 3  # names or usernames shorter than this are not checked inside the password


@dataclass(frozen=True)
class PasswordProblem:
    """One failed rule: ``rule`` is a stable word, ``message`` says what to do."""

    rule: str
    message: str


@dataclass(frozen=True)
class StrengthHint:
    score: int  # 0 (very weak) .. 4 (strong)
    label: str
    suggestions: list[str] = field(default_factory=list)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped blocklist (lowercased), read once."""
    text = resources.files("hcpay.domain").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


_TRAILING_JUNK = re.compile(r"[\d\W_]+$")
_LEADING_JUNK = re.compile(r"^[\d\W_]+")


def is_common(password: str) -> bool:
    """A listed password, or a listed word with only digits or symbols around it."""
    lowered = password.lower()
    blocklist = common_passwords()
    if lowered in blocklist:
        return True
    core = _LEADING_JUNK.sub("", _TRAILING_JUNK.sub("", lowered))
    return len(core) >= 4 and core != lowered and core in blocklist


_RUNS = ("0123456789" * 30, string.ascii_lowercase * 10, "qwertyuiopasdfghjklzxcvbnm" * 10)


def _is_sequence(text: str) -> bool:
    """A run such as 123456789012, abcdefghijkl or qwertyuiopas (either direction)."""
    return any(text in run or text in run[::-1] for run in _RUNS)


def is_predictable(password: str) -> bool:
    """One character repeated, a short pattern repeated, or a run like abcdef... or 123456..."""
    lowered = password.lower()
    if len(set(lowered)) <= 2:
        return True
    for size in range(1, len(lowered) // 2 + 1):
        if len(lowered) % size == 0 and lowered[:size] * (len(lowered) // size) == lowered:
            return True
    return _is_sequence(lowered)


def _parts(*values: str) -> list[str]:
    parts: list[str] = []
    for value in values:
        for piece in re.split(r"[\s@._+-]+", value.lower()):
            if len(piece) >= _MIN_PART:
                parts.append(piece)
    return parts


def check_password(
    password: str,
    *,
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> list[PasswordProblem]:
    """Every rule the password fails (an empty list means it is accepted)."""
    problems: list[PasswordProblem] = []
    if len(password) < MIN_LENGTH:
        problems.append(
            PasswordProblem(
                "too_short",
                _("Use at least {MIN_LENGTH} characters (you have {password}); "
                "a few unrelated words make a long password that is easy to remember.").format(
                    MIN_LENGTH=MIN_LENGTH, password=len(password)),
            )
        )
    if len(password) > MAX_LENGTH:
        problems.append(
            PasswordProblem("too_long", _("Use at most {MAX_LENGTH} characters.").format(
                MAX_LENGTH=MAX_LENGTH))
        )
    if password and is_common(password):
        problems.append(
            PasswordProblem(
                "common",
                _("This password is too common or has appeared in a data breach; choose another."),
            )
        )
    elif password and is_predictable(password):
        problems.append(
            PasswordProblem(
                "predictable",
                _("Avoid repeated characters and runs like 'abcdef' or '123456'; choose another."),
            )
        )
    lowered = password.lower()
    if username and len(username) >= _MIN_PART and username.lower() in lowered:
        problems.append(
            PasswordProblem("contains_username", _("Do not put your username in your password."))
        )
    if any(part in lowered for part in _parts(first_name, last_name)):
        problems.append(
            PasswordProblem("contains_name",
                            _("Do not put your first or last name in your password."))
        )
    email_parts = _parts(email.split("@", 1)[0]) if email else []
    if email and (email.lower() in lowered or any(p in lowered for p in email_parts)):
        problems.append(
            PasswordProblem("contains_email", _("Do not put your email address in your password."))
        )
    return problems


_LABELS = ["very weak", "weak", "fair", "good", "strong"]


def strength_hint(password: str) -> StrengthHint:
    """Guidance while typing: longer is stronger; mixing kinds of characters helps."""
    if not password:
        return StrengthHint(0, _LABELS[0], [_("Use at least {MIN_LENGTH} characters.").format(
            MIN_LENGTH=MIN_LENGTH)])
    kinds = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(c in string.punctuation or c.isspace() for c in password),
        ]
    )
    suggestions: list[str] = []
    if len(password) < MIN_LENGTH:
        score = 0 if len(password) < 8 else 1
        suggestions.append(_("Use at least {MIN_LENGTH} characters.").format(MIN_LENGTH=MIN_LENGTH))
    elif is_common(password) or is_predictable(password):
        score = 0
        suggestions.append(_("Choose something less common: unrelated words work well."))
    else:
        score = 2 + (len(password) >= 16) + (kinds >= 3)
        score = min(score, 4)
    if kinds < 3:
        suggestions.append(_("Mixing letters, numbers and special characters makes it stronger."))
    if len(password) < 16 and score >= 2:
        suggestions.append(_("Longer is stronger: 16 or more characters is better still."))
    return StrengthHint(score, _LABELS[score], suggestions)
