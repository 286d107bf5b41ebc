"""What the portal told a member (shown in the app) and how they want to be told."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_member_id_id", "member_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    category: Mapped[str] = mapped_column(String(16))  # billing | payments | autopay
    code: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class NotificationPreference(Base):
    __tablename__ = "notification_preferences"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), primary_key=True)
    categories: Mapped[str] = mapped_column(Text)  # JSON {category: {email, sms}}
    remind_days_before_due: Mapped[int] = mapped_column(Integer, default=5)
