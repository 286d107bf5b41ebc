"""Logins (one per sign-in) and their tokens, stored only as SHA-256 hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class Login(Base):
    """One sign-in. It ends at logout, on idle or absolute timeout, on replay, or on reset."""

    __tablename__ = "logins"

    login_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)
    ended_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Token(Base):
    __tablename__ = "tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    login_id: Mapped[str] = mapped_column(ForeignKey("logins.login_id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # access | refresh
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)  # refresh tokens: rotated
