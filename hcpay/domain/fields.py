"""What a validator says about one field: its name and what the person should do about it.

A ``FieldError`` is a plain ``(field, message)`` pair, so a list of them can go straight to the
portal's ``problems.field_errors`` or be shown beside the field in the terminal client.
"""

from __future__ import annotations

from typing import NamedTuple


class FieldError(NamedTuple):
    field: str
    message: str
