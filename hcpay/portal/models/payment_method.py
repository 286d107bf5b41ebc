"""Saved payment methods: the processor's reusable token and what is safe to show."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.domain.methods import method_words
from hcpay.portal.models.base import Base


class PaymentMethod(Base):
    __tablename__ = "payment_methods"

    payment_method_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    token: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # card | bank_account
    brand: Mapped[str | None] = mapped_column(String(16), nullable=True)
    last4: Mapped[str] = mapped_column(String(4))
    exp_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exp_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    account_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)

    @property
    def label(self) -> str:
        """``Visa ending 4242``, ``Checking account ending 6789``: the one wording."""
        return method_words(self.kind, self.brand, self.last4, self.account_type)
