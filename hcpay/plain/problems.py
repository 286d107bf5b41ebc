"""Every failure said as sentences: what happened and what to do next, with the names of plain
mode's own menus (never a key of the full-screen app, never a traceback)."""

from __future__ import annotations

import math


def wait_words(seconds: float | None) -> str:
    if not seconds:
        return ""
    if seconds < 90:
        return f"Try again in {math.ceil(seconds)} seconds."
    return f"Try again in {math.ceil(seconds / 60)} minutes."


def describe(error: BaseException) -> str:
    from hcpay.api import errors

    if isinstance(error, errors.AccountLocked):
        wait = "" if "try again" in error.detail.lower() else wait_words(error.retry_after)
        return (f"Your account is locked. {error.detail} {wait} To get in sooner, choose "
                "Forgot password in the first menu, or call support.").replace("  ", " ")
    if isinstance(error, errors.RateLimited):
        wait = "" if "try again" in error.detail.lower() else wait_words(error.retry_after)
        return f"{error.detail} {wait}".strip()
    if isinstance(error, errors.NotVerified):
        return (f"{error.detail} Choose Create an account in the first menu and type back "
                "until step 4, Verify your identity, or ask for a new code there.")
    if isinstance(error, errors.PortalUnreachable):
        return f"{error.detail} What you typed is kept."
    if isinstance(error, errors.PortalError):
        return error.detail
    return (f"Something unexpected went wrong in hcpay ({type(error).__name__}). What you typed "
            "is kept; please try again, and call support if it keeps happening.")


def is_session_over(error: BaseException) -> bool:
    from hcpay.api import errors

    return isinstance(error, errors.SessionExpired | errors.SessionRevoked)
