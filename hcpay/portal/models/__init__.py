"""Every table of the portal. Import a module here and Alembic sees its tables."""

from hcpay.portal.models.adjustment import AgentAdjustment
from hcpay.portal.models.attempt_limit import AttemptCounter
from hcpay.portal.models.audit import AgentAccess
from hcpay.portal.models.autopay import Autopay, AutopayDraw
from hcpay.portal.models.base import Base
from hcpay.portal.models.clock import ClockState
from hcpay.portal.models.document import MemberPreference, StoredDocument
from hcpay.portal.models.guest import GuestToken, PayLink
from hcpay.portal.models.idempotency import IdempotencyRecord
from hcpay.portal.models.invoice import Invoice
from hcpay.portal.models.job_marker import JobMarker
from hcpay.portal.models.login import Login, Token
from hcpay.portal.models.login_attempt import LoginAttempt, UnknownUserLock
from hcpay.portal.models.member import Member
from hcpay.portal.models.notes import MemberNote
from hcpay.portal.models.notification import Notification, NotificationPreference
from hcpay.portal.models.outbox import OutboxMessage
from hcpay.portal.models.payment import Allocation, Credit, Payment, PaymentAttempt
from hcpay.portal.models.payment_method import PaymentMethod
from hcpay.portal.models.payment_plan import PaymentPlan, PlanInstallment
from hcpay.portal.models.policy import Coverage, Policy
from hcpay.portal.models.support import SupportCode
from hcpay.portal.models.verification import PasswordReset, VerificationCode

__all__ = [
    "AgentAccess",
    "AgentAdjustment",
    "Allocation",
    "AttemptCounter",
    "Autopay",
    "AutopayDraw",
    "Base",
    "ClockState",
    "Coverage",
    "Credit",
    "GuestToken",
    "IdempotencyRecord",
    "Invoice",
    "JobMarker",
    "Login",
    "LoginAttempt",
    "Member",
    "MemberNote",
    "MemberPreference",
    "Notification",
    "NotificationPreference",
    "OutboxMessage",
    "PasswordReset",
    "PayLink",
    "Payment",
    "PaymentAttempt",
    "PaymentMethod",
    "PaymentPlan",
    "PlanInstallment",
    "Policy",
    "StoredDocument",
    "SupportCode",
    "Token",
    "UnknownUserLock",
    "VerificationCode",
]
