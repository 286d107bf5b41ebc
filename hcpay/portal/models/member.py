"""Members and agents: who they are and how they sign in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Member(Base):
    __tablename__ = "members"

    member_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="member")  # member | agent
    status: Mapped[str] = mapped_column(String(32), default="pending_verification")
    username: Mapped[str] = mapped_column(String(64), unique=True)  # stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    ssn_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ssn_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    password_hash: Mapped[str] = mapped_column(Text)
    subsidized: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]

    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)

    # Two-step sign-in (TOTP); secrets are encrypted with the same key as SSNs.
    totp_secret_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recovery_code_hashes: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list

    @property
    def is_agent(self) -> bool:
        return self.role == "agent"
