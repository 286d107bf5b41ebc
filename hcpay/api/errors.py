"""Typed errors for every problem+json answer the portal gives, and for a portal out of reach.

Every error keeps the portal's stable ``code``, its ``detail`` (a sentence that says what to do
next) and, for validation, the field ``errors``; screens show ``str(error)``, never a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hcpay.domain.i18n import N_, _


@dataclass(frozen=True)
class FieldError:
    """One field the portal (or the gateway) rejected, and what to do about it."""

    field: str
    message: str


class PortalError(Exception):
    """An answer from the portal that is not a success (or no answer at all)."""

    default_detail = N_("The portal could not do that. Please try again.")

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str = "error",
        status: int | None = None,
        title: str | None = None,
        errors: Sequence[FieldError] = (),
        retry_after: float | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        self.detail = detail or _(self.default_detail)  # the member's language
        super().__init__(self.detail)
        self.code = code
        self.status = status
        self.title = title
        self.errors: tuple[FieldError, ...] = tuple(errors)
        self.retry_after = retry_after
        self.body: dict[str, Any] = dict(body or {})

    def field_messages(self) -> dict[str, str]:
        """``{field: message}`` for showing each message beside its field."""
        return {e.field: e.message for e in self.errors}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r})"


class PortalUnreachable(PortalError):
    """No answer: connection refused, DNS, TLS, or a timeout."""

    default_detail = N_(
        "The portal cannot be reached. Check your internet connection and try again; if you "
        "started the portal yourself, check that `hcpay serve` is still running."
    )

    def __init__(self, detail: str | None = None, *, url: str = "", timed_out: bool = False):
        super().__init__(detail, code="portal_unreachable" if not timed_out else "portal_timeout")
        self.url = url
        self.timed_out = timed_out


class ServerError(PortalError):
    """The portal answered 5xx (after retries where retrying was safe)."""

    default_detail = N_(
        "Something went wrong on the portal's side. Nothing was charged; please try again in a "
        "minute, and call support if it keeps happening."
    )


class UnexpectedAnswer(PortalError):
    """The portal answered with something this version of hcpay does not understand."""

    default_detail = N_(
        "The portal's answer was not what this version of hcpay expects. Nothing was changed "
        "on this computer; try again, and if it keeps happening, update hcpay or call support."
    )


class BadRequest(PortalError):
    """400: the request itself was malformed (a bug in the client, or a missing header)."""


class NotSignedIn(PortalError):
    """401: not signed in, a wrong username or password, or a token the portal does not know."""

    default_detail = N_("Please sign in.")


class SessionExpired(NotSignedIn):
    """401 ``session_expired``: the login ended (30 idle minutes, or 12 hours in all)."""

    default_detail = N_("Your session ended after a period without activity. Please sign in again.")


class SessionRevoked(NotSignedIn):
    """401 ``session_revoked``: signed out elsewhere, password reset, or a replayed token."""

    default_detail = N_("You were signed out. Please sign in again.")


class RefreshBusy(PortalError):
    """Another hcpay process on this computer held the remembered login's refresh for too long;
    nothing was sent (sending the same refresh token as it could end the login for both)."""

    default_detail = N_(
        "Another hcpay on this computer is renewing your sign-in and has not finished, so "
        "hcpay did not renew it at the same time (that would sign you out everywhere). Try "
        "again in a minute; if it keeps happening, close the other hcpay windows and scripts."
    )

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, code="refresh_busy")


class OtpRequired(NotSignedIn):
    """401 ``otp_required``: two-step sign-in is on; ask for the 6-digit code."""

    default_detail = N_("Enter the 6-digit code from your authenticator app.")


class OtpInvalid(NotSignedIn):
    """401 ``otp_invalid``: the two-step code was wrong or too old."""

    default_detail = N_("That code did not work. Enter the current 6-digit code from your app.")


class Forbidden(PortalError):
    """403: signed in, but not allowed to do this."""

    default_detail = N_("You are not allowed to do that.")


class NotVerified(Forbidden):
    """403 ``not_verified``: the account exists but its verification code was never entered."""

    default_detail = N_("Please verify your account with the code we sent you first.")


class PaymentDeclined(PortalError):
    """402: the card or bank declined; ``code`` says how, ``decline_code`` says why."""

    default_detail = N_("The payment was declined. Try another payment method.")

    @property
    def decline_code(self) -> str | None:
        value = self.body.get("decline_code")
        return str(value) if value is not None else None

    @property
    def reference(self) -> str | None:
        """The failed attempt's reference, when the portal gives one (it is kept in history)."""
        value = self.body.get("reference")
        return str(value) if value is not None else None


class NotFound(PortalError):
    """404."""

    default_detail = N_("That was not found.")


class Conflict(PortalError):
    """409: taken username or email, a payment already processing, a method autopay uses, ..."""


class PossibleDuplicate(Conflict):
    """409 ``possible_duplicate``: a payment of the same amount from the same method was made
    in the last 24 hours (``reference`` is that one). Only sending again with
    ``allow_duplicate`` pays again; a new Idempotency-Key alone does not."""

    default_detail = N_("You made the same payment in the last 24 hours. Pay again?")

    @property
    def reference(self) -> str | None:
        value = self.body.get("reference")
        return str(value) if value is not None else None


class ValidationFailed(PortalError):
    """422: see ``errors`` for each field and what to do."""

    default_detail = N_("Please check what you entered.")


class AccountLocked(PortalError):
    """423 ``locked``: too many wrong passwords; ``retry_after`` seconds until it opens."""

    default_detail = N_(
        "Your account is locked after too many attempts. Please wait and try again."
    )


class RateLimited(PortalError):
    """429: too many attempts from here; ``retry_after`` seconds to wait."""

    default_detail = N_("Too many attempts. Please wait a minute and try again.")


_BY_CODE: dict[str, type[PortalError]] = {
    "session_expired": SessionExpired,
    "session_revoked": SessionRevoked,
    "otp_required": OtpRequired,
    "otp_invalid": OtpInvalid,
    "not_verified": NotVerified,
    "locked": AccountLocked,
    "possible_duplicate": PossibleDuplicate,
}

_BY_STATUS: dict[int, type[PortalError]] = {
    400: BadRequest,
    401: NotSignedIn,
    402: PaymentDeclined,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: ValidationFailed,
    423: AccountLocked,
    429: RateLimited,
}


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the portal sends seconds, so this is not worth parsing


def error_from_response(
    status: int, body: Any, *, retry_after_header: str | None = None
) -> PortalError:
    """Turn a non-2xx answer (problem+json or anything else) into the matching typed error."""
    data: dict[str, Any] = body if isinstance(body, dict) else {}
    code = str(data.get("code") or "error")
    detail = data.get("detail")
    raw_errors = data.get("errors") or []
    errors = [
        FieldError(str(e.get("field", "")), str(e.get("message", "")))
        for e in raw_errors
        if isinstance(e, dict)
    ]
    cls = _BY_CODE.get(code) or _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else PortalError
    return cls(
        str(detail) if detail else None,
        code=code,
        status=status,
        title=str(data["title"]) if data.get("title") else None,
        errors=errors,
        retry_after=_retry_after(retry_after_header),
        body=data,
    )
