"""Notes agents leave on a member's account (shown in the agent's member view)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class MemberNote(Base):
    __tablename__ = "member_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
