"""A number with its noun, singular or plural as the language says it: ``1 minute``,
``15 minutes``, ``15 minutos`` (never ``minute(s)``, which a screen reader reads out as such).
One place for every side."""

from __future__ import annotations

from collections.abc import Callable

from hcpay.domain.i18n import ngettext

# The nouns hcpay counts, each through the catalog's plural forms.
_NOUNS: dict[str, Callable[[int], str]] = {
    "minute": lambda n: ngettext("{n} minute", "{n} minutes", n),
    "second": lambda n: ngettext("{n} second", "{n} seconds", n),
    "day": lambda n: ngettext("{n} day", "{n} days", n),
    "business day": lambda n: ngettext("{n} business day", "{n} business days", n),
    "month": lambda n: ngettext("{n} month", "{n} months", n),
    "item": lambda n: ngettext("{n} item", "{n} items", n),
    "payment": lambda n: ngettext("{n} payment", "{n} payments", n),
    "bill": lambda n: ngettext("{n} bill", "{n} bills", n),
    "installment": lambda n: ngettext("{n} installment", "{n} installments", n),
    "message": lambda n: ngettext("{n} message", "{n} messages", n),
    "attempt": lambda n: ngettext("{n} attempt", "{n} attempts", n),
    "character": lambda n: ngettext("{n} character", "{n} characters", n),
    "digit": lambda n: ngettext("{n} digit", "{n} digits", n),
    "hour": lambda n: ngettext("{n} hour", "{n} hours", n),
}


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``counted(1, "minute")`` -> ``1 minute``; ``counted(3, "day")`` -> ``3 days``
    (``3 días`` in Spanish: the nouns above go through the catalog's plural forms)."""
    known = _NOUNS.get(singular)
    if known is not None and plural is None:
        return known(number).format(n=number)
    noun = singular if number == 1 else (plural or f"{singular}s")
    return f"{number} {noun}"
