"""Request field types shared by the routes: one place says what a crafted value gets (a 422
naming the field), so no value reaches the database or date arithmetic that it cannot hold.

- ``Text``: no control characters (PostgreSQL refuses NUL in text).
- ``Cents``: money in integer cents, and only an integer: JSON ``true`` or ``"100"`` is refused,
  not taken as 1 or 100 cents; at most what a database column holds (2^31 - 1).
- ``Count``: a whole number (an installment count, a day of the month), likewise strict; each
  field gives its own range.
- ``Day``: a date between 1900 and 2100, so that adding months or years to it cannot overflow.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, Strict

# the largest value an INTEGER column holds on every database the portal runs on
MAX_STORED_INT = 2**31 - 1
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)


def _no_control(value: str) -> str:
    # PostgreSQL refuses NUL in text, and no name, code or password needs control characters
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise ValueError("This field cannot contain control characters")
    return value


def _bounded_day(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(
            f"Choose a date between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
        )
    return value


Text = Annotated[str, AfterValidator(_no_control)]
Cents = Annotated[int, Strict(), Field(ge=-MAX_STORED_INT, le=MAX_STORED_INT)]
Count = Annotated[int, Strict()]  # bound it where it is used: Field(ge=2, le=6)
Day = Annotated[date, AfterValidator(_bounded_day)]
