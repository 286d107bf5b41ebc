"""A number with its noun, singular or plural as English says it: ``1 minute``, ``15 minutes``
(never ``minute(s)``, which a screen reader reads out as such). One place for every side."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``counted(1, "minute")`` -> ``1 minute``; ``counted(3, "day")`` -> ``3 days``."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number} {noun}"
