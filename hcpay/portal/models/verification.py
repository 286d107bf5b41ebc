"""One-time codes sent through the outbox: identity verification codes and password reset
codes. Only hashes are stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class VerificationCode(Base):
    """A 6-digit code proving the member reads their email; 15 minutes, 5 tries."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    wrong_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # set when used, voided by too many wrong tries, or replaced by a resend
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)


class PasswordReset(Base):
    """A single-use password reset code (8 Crockford base32 characters, hashed with the member
    id), valid 15 minutes, ended by 5 wrong tries (services/password_resets.py)."""

    __tablename__ = "password_resets"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    wrong_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # set when used, ended by too many wrong tries, or replaced by a newer code
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)
