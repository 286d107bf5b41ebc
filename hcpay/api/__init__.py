"""The client core: ``PortalClient`` and its models and errors. No Textual here."""

from hcpay.api.client import PortalClient, new_idempotency_key
from hcpay.api.errors import (
    AccountLocked,
    BadRequest,
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    NotSignedIn,
    NotVerified,
    OtpInvalid,
    OtpRequired,
    PaymentDeclined,
    PortalError,
    PortalUnreachable,
    RateLimited,
    RefreshBusy,
    ServerError,
    SessionExpired,
    SessionRevoked,
    UnexpectedAnswer,
    ValidationFailed,
)
from hcpay.api.models import TokenPair
from hcpay.api.retry import RetryPolicy

__all__ = [
    "AccountLocked",
    "BadRequest",
    "Conflict",
    "FieldError",
    "Forbidden",
    "NotFound",
    "NotSignedIn",
    "NotVerified",
    "OtpInvalid",
    "OtpRequired",
    "PaymentDeclined",
    "PortalClient",
    "PortalError",
    "PortalUnreachable",
    "RateLimited",
    "RefreshBusy",
    "RetryPolicy",
    "ServerError",
    "SessionExpired",
    "SessionRevoked",
    "TokenPair",
    "UnexpectedAnswer",
    "ValidationFailed",
    "new_idempotency_key",
]
