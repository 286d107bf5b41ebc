"""Paying without signing in: the short-lived guest tokens a member id and date of birth (or an
agent's pay link) buy, and the agents' one-use pay links."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class GuestToken(Base):
    """A guest token (kept only as its SHA-256 hash): it reads one member's balance and pays
    it, for 15 minutes, and nothing else. It is in a table of its own, so no route that signs
    a member in (``signed_in``) can ever take it."""

    __tablename__ = "guest_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    # the pay link it was bought with (its ADJ- reference), or None for member id and birth date
    pay_link: Mapped[str | None] = mapped_column(String(16), nullable=True)


class PayLink(Base):
    """An agent's pay link: an 8-character code (Crockford base32), kept only as a hash, that
    works once, for 24 hours, instead of the member id and date of birth. ``used_at`` is set by
    one conditional UPDATE, so two lookups at the same moment cannot both use it."""

    __tablename__ = "pay_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # ADJ-XXXX-XXXX
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)
