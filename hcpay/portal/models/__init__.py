"""Every table of the portal. Import a module here and Alembic sees its tables."""

from hcpay.portal.models.audit import AgentAccess
from hcpay.portal.models.base import Base
from hcpay.portal.models.clock import ClockState
from hcpay.portal.models.login import Login, Token
from hcpay.portal.models.member import Member
from hcpay.portal.models.notes import MemberNote
from hcpay.portal.models.outbox import OutboxMessage
from hcpay.portal.models.support import SupportCode

__all__ = [
    "AgentAccess",
    "Base",
    "ClockState",
    "Login",
    "Member",
    "MemberNote",
    "OutboxMessage",
    "SupportCode",
    "Token",
]
