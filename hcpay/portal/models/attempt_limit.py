"""Attempt counters for guessable things (verification codes, support codes), kept in the
database so that every portal process shares them: one row per (scope, key), counting the
attempts of the current window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class AttemptCounter(Base):
    __tablename__ = "attempt_counters"

    scope: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[datetime]
    count: Mapped[int] = mapped_column(Integer, default=0)
