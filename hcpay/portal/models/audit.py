"""The agent audit trail: one row for every agent request, written in that request's transaction.

A member sees the rows about their own account at ``GET /api/v1/me/access-log``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class AgentAccess(Base):
    __tablename__ = "agent_access"
    __table_args__ = (Index("ix_agent_access_member_newest", "member_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    # The member whose data the request showed or changed; None when it touched no one
    # (a search that found nobody, a code or reference that matched nothing).
    member_id: Mapped[str | None] = mapped_column(
        ForeignKey("members.member_id"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(32))  # search | view_member | lookup_payment ...
    route: Mapped[str] = mapped_column(String(120))  # "GET /api/v1/agent/members/{member_id}"
    target: Mapped[str | None] = mapped_column(String(200), nullable=True)  # what was looked up
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(48))  # "ok" or the problem code answered
    created_at: Mapped[datetime]
