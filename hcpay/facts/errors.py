"""The one explanation of each error a member can meet: what happened and what to do next, in
the portal's own words where it gave some. Never a traceback: an unexpected error is named,
not dumped. A face passes its ``Places``, the names of where to go next in that face (a key on
a screen, a menu in plain mode, a command on the command line)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hcpay.connection import NotConnected
from hcpay.domain.i18n import N_, _


@dataclass(frozen=True)
class Places:
    """Where a member goes next, as this face names it (each a phrase for a sentence)."""

    forgot_password: str  # "use Forgot password (F3)"
    finish_verification: str  # how to type the verification code
    try_again: str = ""  # "press Enter to try again"


SCREEN = Places(
    forgot_password=N_("use Forgot password (F3)"),
    finish_verification=N_("Open the sandbox inbox (F4) for the code, then finish with Create "
                           "account (F2): the verification step takes your username and the "
                           "code."),
    try_again=N_("press Enter to try again."),
)
PLAIN = Places(
    forgot_password=N_("choose Forgot password in the first menu"),
    finish_verification=N_("Choose Create an account in the first menu and type back until "
                           "step 4, Verify your identity, or ask for a new code there."),
)


def wait_words(seconds: float | None) -> str:
    """``Try again in 30 seconds.``; empty when no wait was given."""
    if not seconds:
        return ""
    if seconds < 90:
        return _("Try again in {n} seconds.").format(n=math.ceil(seconds))
    return _("Try again in {n} minutes.").format(n=math.ceil(seconds / 60))


def _wait_unless_said(detail: str, seconds: float | None) -> str:
    lowered = detail.lower()
    said = "try again" in lowered or _("try again").lower() in lowered
    return "" if said else wait_words(seconds)


def explain(error: BaseException, places: Places, *, typed: bool = True) -> str:
    """A message for the member. ``typed``: the member had typed something that is kept (a
    form); a screen that only reads (the dashboard) does not promise it."""
    from hcpay.api import errors

    kept = " " + _("Everything you typed is kept.") if typed else ""
    if isinstance(error, errors.AccountLocked):
        wait = _wait_unless_said(error.detail, error.retry_after)
        return " ".join(part for part in (
            _("Your account is locked."), error.detail, wait,
            _("To get in sooner, {place}, or call support.").format(
                place=_(places.forgot_password)),
        ) if part)
    if isinstance(error, errors.RateLimited):
        return f"{error.detail} {_wait_unless_said(error.detail, error.retry_after)}".strip()
    if isinstance(error, errors.NotVerified):
        return f"{error.detail} {_(places.finish_verification)}"
    if isinstance(error, errors.PortalUnreachable):
        try_again = _(places.try_again)
        again = f" {try_again[0].upper()}{try_again[1:]}" if try_again else ""
        return f"{error.detail}{kept}{again}"
    if isinstance(error, errors.PortalError):
        return error.detail
    if isinstance(error, NotConnected):  # the portal did not open
        return str(error)
    return _(
        "Something unexpected went wrong in hcpay ({error}).{kept} Please try again, and call "
        "support if it keeps happening."
    ).format(error=type(error).__name__, kept=kept)


def is_session_over(error: BaseException) -> bool:
    """The login ended (idle too long, or signed out elsewhere): sign in again."""
    from hcpay.api import errors

    return isinstance(error, errors.SessionExpired | errors.SessionRevoked)


def is_unreachable(error: BaseException) -> bool:
    """No answer from the portal (or it never opened)."""
    from hcpay.api import errors

    return isinstance(error, errors.PortalUnreachable | NotConnected)
