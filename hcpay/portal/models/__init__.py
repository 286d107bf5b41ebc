"""Every table of the portal. Import a module here and Alembic sees its tables."""

from hcpay.portal.models.base import Base
from hcpay.portal.models.clock import ClockState
from hcpay.portal.models.login import Login, Token
from hcpay.portal.models.member import Member
from hcpay.portal.models.outbox import OutboxMessage

__all__ = ["Base", "ClockState", "Login", "Member", "OutboxMessage", "Token"]
