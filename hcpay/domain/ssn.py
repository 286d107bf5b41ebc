"""US Social Security number shape rules, as pure functions (client and portal share them).

A valid shape: 9 digits (dashes or spaces allowed as 123-45-6789); the area (first 3) is not
000, 666 or 900-999; the group (middle 2) is not 00; the serial (last 4) is not 0000. A few
numbers that were published and never belonged to anyone are refused too.
"""

from __future__ import annotations

import re

from hcpay.domain.i18n import _

# Published numbers known to be invalid: the Woolworth wallet card, the SSA pamphlet sample,
# and the usual advertising example.
KNOWN_INVALID = frozenset({"078051120", "219099999", "123456789"})

_SHAPE = re.compile(r"^\d{3}[- ]?\d{2}[- ]?\d{4}$")


def normalise_ssn(text: str) -> str:
    """The 9 digits of an SSN typed with or without dashes or spaces."""
    return re.sub(r"[\s-]", "", text)


def ssn_problem(text: str) -> str | None:
    """What is wrong with an SSN as typed, or None when its shape is valid."""
    value = text.strip()
    if not _SHAPE.match(value):
        return _("Enter your 9-digit Social Security number, like 123-45-6789.")
    digits = normalise_ssn(value)
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area.startswith("9"):
        return (
            _("That is not a valid Social Security number: it cannot start with "
            "000, 666 or 9. Check the number on your card.")
        )
    if group == "00":
        return (
            _("That is not a valid Social Security number: the middle two digits "
            "cannot be 00. Check the number on your card.")
        )
    if serial == "0000":
        return (
            _("That is not a valid Social Security number: the last four digits cannot "
            "be 0000. Check the number on your card.")
        )
    if digits in KNOWN_INVALID:
        return (
            _("That number is a published example, not a real Social Security number. "
            "Enter the number on your card.")
        )
    return None


def is_valid_ssn(text: str) -> bool:
    return ssn_problem(text) is None


def ssn_last4(text: str) -> str:
    return normalise_ssn(text)[-4:]
