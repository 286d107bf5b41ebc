"""Agents' money actions on a member's account: refunds, credits and fee waivers, each with its
reason and its own reference (``ADJ-XXXX-XXXX``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class AgentAdjustment(Base):
    """``kind``: refund | credit | fee_waiver. ``status``: pending (a refund on its way to the
    processor) | succeeded | failed (the processor refused; what it reserved is given back)."""

    __tablename__ = "agent_adjustments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Integer)
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id"), nullable=True, index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    refund_ref: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime]
