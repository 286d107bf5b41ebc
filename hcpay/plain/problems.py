"""Every failure said as sentences: what happened and what to do next, with the names of plain
mode's own menus (the one explanation is hcpay.facts.errors; never a traceback)."""

from __future__ import annotations

from hcpay.facts import errors as explanations
from hcpay.facts.errors import is_session_over

__all__ = ["describe", "is_session_over"]


def describe(error: BaseException, *, typed: bool = True) -> str:
    return explanations.explain(error, explanations.PLAIN, typed=typed)

