"""Claim a job marker: True for the one caller (in any process) that gets to do the thing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hcpay.portal.models import JobMarker


def claim(session: Session, job: str, subject: str, period: str, *, now: datetime) -> bool:
    """Insert the (job, subject, period) marker unless it exists; True if this call inserted it.

    ON CONFLICT DO NOTHING on the unique key: on PostgreSQL a second runner waits for the
    first one's transaction and then sees the conflict, so only one of them goes on."""
    values = {"job": job, "subject": subject[:64], "period": period, "created_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(JobMarker).values(**values).on_conflict_do_nothing().returning(JobMarker.id)
    )
    return session.execute(statement).first() is not None
