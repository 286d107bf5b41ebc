"""Every failure a member can see, in words that say what happened and what to do next.
Never a traceback: an unexpected error is named, not dumped."""

from __future__ import annotations

import math

from hcpay.connection import NotConnected


def wait_words(seconds: float | None) -> str:
    if not seconds:
        return ""
    if seconds < 90:
        return f"Try again in {math.ceil(seconds)} seconds."
    return f"Try again in {math.ceil(seconds / 60)} minutes."


def _unless_said(detail: str, words: str) -> str:
    return "" if "try again" in detail.lower() else words


def describe(error: BaseException) -> str:
    """A message for the member: the portal's own words when it gave some."""
    from hcpay.api import errors

    if isinstance(error, errors.AccountLocked):
        wait = _unless_said(error.detail, wait_words(error.retry_after))
        return (
            f"Account locked. {error.detail} {wait} To get in sooner, use Forgot password (F3) "
            "or call support."
        ).replace("  ", " ")
    if isinstance(error, errors.RateLimited):
        return f"{error.detail} {_unless_said(error.detail, wait_words(error.retry_after))}".strip()
    if isinstance(error, errors.NotVerified):
        return (
            f"{error.detail} Open the sandbox inbox (F4) for the code, then finish with "
            "Create account (F2): the verification step takes your username and the code."
        )
    if isinstance(error, errors.PortalUnreachable):
        return f"{error.detail} Everything you typed is kept; press Enter to try again."
    if isinstance(error, errors.PortalError):
        return error.detail
    if isinstance(error, NotConnected):
        return str(error)
    return (
        f"Something unexpected went wrong in hcpay ({type(error).__name__}). What you typed is "
        "kept; please try again, and call support if it keeps happening."
    )


def is_session_over(error: BaseException) -> bool:
    from hcpay.api import errors

    return isinstance(error, errors.SessionExpired | errors.SessionRevoked)


def is_unreachable(error: BaseException) -> bool:
    from hcpay.api import errors

    return isinstance(error, errors.PortalUnreachable | NotConnected)
