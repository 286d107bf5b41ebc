"""Sign-in attempts and lockouts, kept in the database so that several portal processes on one
PostgreSQL share them (rate limits per client address, locks per username)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class LoginAttempt(Base):
    """Every attempt to sign in (never its password): the rate limit counts these."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_client_at", "client_address", "at"),
        # the attempts of one username still being checked (the lockout counts them)
        Index("ix_login_attempts_username_at", "username", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    client_address: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))


class UnknownUserLock(Base):
    """Failures for usernames that have no account, so that they lock exactly like real ones
    (answering 401 forever would tell an attacker which usernames exist)."""

    __tablename__ = "unknown_user_locks"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime]
