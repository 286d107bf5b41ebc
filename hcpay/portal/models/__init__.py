"""Every table of the portal. Import a module here and Alembic sees its tables."""

from hcpay.portal.models.base import Base
from hcpay.portal.models.clock import ClockState
from hcpay.portal.models.login import Login, Token
from hcpay.portal.models.login_attempt import LoginAttempt, UnknownUserLock
from hcpay.portal.models.member import Member
from hcpay.portal.models.outbox import OutboxMessage
from hcpay.portal.models.verification import PasswordReset, VerificationCode

__all__ = [
    "Base",
    "ClockState",
    "Login",
    "LoginAttempt",
    "Member",
    "OutboxMessage",
    "PasswordReset",
    "Token",
    "UnknownUserLock",
    "VerificationCode",
]
