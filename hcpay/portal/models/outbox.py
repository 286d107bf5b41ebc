"""The notification outbox: every email or text the portal sends is a row here first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str | None] = mapped_column(
        ForeignKey("members.member_id"), nullable=True, index=True
    )
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    to: Mapped[str] = mapped_column(String(254), index=True)
    category: Mapped[str] = mapped_column(String(32))  # account | billing | payments | autopay
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)
