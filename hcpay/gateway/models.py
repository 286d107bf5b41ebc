"""The sandbox gateway's own tables, kept in the database the portal passes in (the portal's
own) under a ``gateway_`` prefix.

Never a full card or account number, never a CVC: a token row holds only what is safe to show
(brand, last 4, expiry, account type, holder name) and the sandbox outcome decided when the
number was tokenized (``ok``, ``insufficient_funds``, ``R02`` ...).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hcpay.sqltypes import NAMING, UTCDateTime


class GatewayBase(DeclarativeBase):
    """The gateway's own tables (its own metadata: the portal's migrations include it)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


class GatewayToken(GatewayBase):
    __tablename__ = "gateway_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # card | bank_account
    brand: Mapped[str | None] = mapped_column(String(16), nullable=True)
    last4: Mapped[str] = mapped_column(String(4))
    exp_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exp_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    account_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    holder_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    outcome: Mapped[str] = mapped_column(String(32))  # ok | generic_decline | ... | R02 ...
    reusable: Mapped[bool] = mapped_column(Boolean, default=False)
    consumed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime]


class GatewayCharge(GatewayBase):
    """One charge attempt per idempotency key: the unique key is what makes charging once safe
    when the same request arrives twice at the same moment."""

    __tablename__ = "gateway_charges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    # None for a charge refused before it reached the card or bank (token_used, token_unknown).
    processor_ref: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    token: Mapped[str] = mapped_column(String(40), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))  # succeeded | processing | failed
    code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    decline_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    message: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime]
    settlement: Mapped[str | None] = mapped_column(String(16), nullable=True)  # settled|returned
    return_code: Mapped[str | None] = mapped_column(String(8), nullable=True)
    settled_at: Mapped[datetime | None] = mapped_column(nullable=True)


class GatewayRefund(GatewayBase):
    """Money sent back on a charge, once per idempotency key (the unique key makes a retried
    refund answer as the first did)."""

    __tablename__ = "gateway_refunds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    refund_ref: Mapped[str] = mapped_column(String(40), unique=True)
    processor_ref: Mapped[str] = mapped_column(String(40), index=True)  # the charge
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
