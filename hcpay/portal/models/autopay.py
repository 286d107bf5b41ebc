"""Automatic payments: the member's setting, and one row per draw period (the UNIQUE period row
is what makes two job runners draw once)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Autopay(Base):
    __tablename__ = "autopay"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    payment_method_id: Mapped[str] = mapped_column(ForeignKey("payment_methods.payment_method_id"))
    amount_type: Mapped[str] = mapped_column(String(16))  # full_balance | fixed
    amount_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    frequency: Mapped[str] = mapped_column(String(16))  # monthly | quarterly
    draw_day: Mapped[int] = mapped_column(Integer)  # 1..28, 0 = on the due date
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    next_draw_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    # Paused (enabled false) until this day: the resume job turns them back on that morning
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    # What the last notice announced (the draw of that period never takes more)
    notice_period: Mapped[str | None] = mapped_column(String(7), nullable=True)
    notice_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AutopayDraw(Base):
    __tablename__ = "autopay_draws"
    __table_args__ = (UniqueConstraint("member_id", "period", name="uq_autopay_draws_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM of the draw date
    draw_date: Mapped[date] = mapped_column(Date)
    # drawn | skipped | failed | retry_due | retried | stopped
    status: Mapped[str] = mapped_column(String(16))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), nullable=True)
    retry_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    created_at: Mapped[datetime]
