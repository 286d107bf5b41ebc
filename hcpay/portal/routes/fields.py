"""Request field types shared by the account routes."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator


def _no_control(value: str) -> str:
    # PostgreSQL refuses NUL in text, and no name, code or password needs control characters
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise ValueError("This field cannot contain control characters")
    return value


Text = Annotated[str, AfterValidator(_no_control)]
