"""Policies (health, dental) and each member's coverage state (grace, termination)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Policy(Base):
    __tablename__ = "policies"

    policy_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # health | dental
    plan_name: Mapped[str] = mapped_column(String(100))
    premium_cents: Mapped[int] = mapped_column(Integer)  # what the member pays a month
    # Form 1095-A: the advance premium tax credit paid to the insurer each month (so the
    # enrollment premium is premium + credit) and the second-lowest-cost silver plan premium.
    aptc_cents: Mapped[int] = mapped_column(Integer, default=0)
    slcsp_cents: Mapped[int] = mapped_column(Integer, default=0)
    start_date: Mapped[date] = mapped_column(Date)
    # pending (binder unpaid) | active | terminated
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    # The last coverage month ("YYYY-MM") an invoice was issued for: billing issues the next one.
    billed_through: Mapped[str] = mapped_column(String(7), index=True)
    created_at: Mapped[datetime]


class Coverage(Base):
    """One row a member: where their coverage stands (product-rules.md, Missed payments)."""

    __tablename__ = "coverage"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), primary_key=True)
    # pending | active | grace | termination_pending | terminated
    status: Mapped[str] = mapped_column(String(24), default="pending", index=True)
    first_unpaid_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    grace_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grace_of: Mapped[int | None] = mapped_column(Integer, nullable=True)
    grace_ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    terminated_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # last covered day
    terminated_at: Mapped[date | None] = mapped_column(Date, nullable=True)  # day it was decided
    reinstated: Mapped[bool] = mapped_column(Boolean, default=False)
