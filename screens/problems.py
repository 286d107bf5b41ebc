"""Every failure a member can see, in words that say what happened and what to do next (the one
explanation is hcpay.facts.errors; this names the screens' keys). Never a traceback."""

from __future__ import annotations

from hcpay.facts import errors as explanations
from hcpay.facts.errors import is_session_over, is_unreachable

__all__ = ["describe", "is_session_over", "is_unreachable"]


def describe(error: BaseException, *, typed: bool = True) -> str:
    """A message for the member: the portal's own words when it gave some. ``typed=False`` on
    a screen with nothing typed in it (no "Everything you typed is kept")."""
    return explanations.explain(error, explanations.SCREEN, typed=typed)

