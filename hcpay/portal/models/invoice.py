"""Invoices: one a policy a coverage month; issued on the 1st for the next month."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        # Billing is idempotent per policy and month: two runners cannot issue the same invoice.
        UniqueConstraint("policy_id", "coverage_month", name="uq_invoices_policy_month"),
        Index("ix_invoices_member_status", "member_id", "status"),
    )

    invoice_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    policy_id: Mapped[str] = mapped_column(ForeignKey("policies.policy_id"))
    policy_kind: Mapped[str] = mapped_column(String(16))
    coverage_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    amount_cents: Mapped[int] = mapped_column(Integer)
    late_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)
    issued_on: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | paid | void
    is_binder: Mapped[bool] = mapped_column(Boolean, default=False)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime]

    @property
    def total_cents(self) -> int:
        return self.amount_cents + self.late_fee_cents

    @property
    def remaining_cents(self) -> int:
        return max(0, self.total_cents - self.paid_cents)
