"""Portal-wide state in one row: the sandbox clock's offset, and the last day jobs ran for."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Integer
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class ClockState(Base):
    __tablename__ = "clock_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_seconds: Mapped[int] = mapped_column(BigInteger, default=0)
    jobs_through: Mapped[date | None] = mapped_column(Date, nullable=True)
