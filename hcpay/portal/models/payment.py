"""Payments, each charge attempt, and what each payment paid (allocations)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Payment(Base):
    """A payment. ``status``: scheduled | pending (a charge in flight) | processing (bank, not
    settled) | succeeded | failed | returned | canceled. Only token, brand and last 4 are kept."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_member_created", "member_id", "created_at", "id"),
        Index("ix_payments_status_scheduled", "status", "scheduled_for"),
        # a member's payments still on their way (the cap counts them; payments.together)
        Index("ix_payments_member_status", "member_id", "status", "amount_cents"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    # member | guest (paid without signing in) | autopay | plan | demo
    source: Mapped[str] = mapped_column(String(16), default="member")
    status: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Integer)
    payment_method_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    token: Mapped[str | None] = mapped_column(String(128), nullable=True)
    method_kind: Mapped[str] = mapped_column(String(16))
    method_brand: Mapped[str | None] = mapped_column(String(16), nullable=True)
    method_last4: Mapped[str] = mapped_column(String(4))
    invoice_ids: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list
    created_at: Mapped[datetime]
    scheduled_for: Mapped[date | None] = mapped_column(Date, nullable=True)
    charge_started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    charged_at: Mapped[datetime | None] = mapped_column(nullable=True)
    expected_settlement_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    settled_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    processor_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decline_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    failure_message: Mapped[str | None] = mapped_column(String(300), nullable=True)
    return_code: Mapped[str | None] = mapped_column(String(8), nullable=True)
    autopay_period: Mapped[str | None] = mapped_column(String(7), nullable=True)
    plan_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    retry_of: Mapped[str | None] = mapped_column(String(16), nullable=True)

    @property
    def processor_key(self) -> str:
        """The idempotency key the processor sees: one a payment, so a retry never charges twice."""
        return f"hcpay-{self.reference}"


class PaymentAttempt(Base):
    """Each outcome the processor gave for a payment (a charge, a settlement, a return)."""

    __tablename__ = "payment_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # charge | settlement
    outcome: Mapped[str] = mapped_column(String(16))
    processor_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime]


class Allocation(Base):
    """Part of a payment (or of a credit) applied to an invoice; reversed when a payment returns."""

    __tablename__ = "allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id"), nullable=True, index=True
    )
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.invoice_id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class Credit(Base):
    """The member's credit, as a ledger: over-payments add, use and returns subtract."""

    __tablename__ = "credits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32))  # overpayment | applied | returned
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), nullable=True)
    invoice_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime]
