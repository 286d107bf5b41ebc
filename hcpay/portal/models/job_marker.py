"""Job markers: "this job did this thing for this subject and period". The UNIQUE row makes a
notice, reminder or step happen once, also with two job runners on one PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class JobMarker(Base):
    __tablename__ = "job_markers"
    __table_args__ = (UniqueConstraint("job", "subject", "period", name="uq_job_markers_key"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    job: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
