"""Support codes: a member reads one to an agent, who then sees the member's screen and step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hcpay.portal.models.base import Base


class SupportCode(Base):
    """A short-lived code ("123-456"), unique among the codes that have not expired yet.

    ``code`` holds its six digits (the dash is only for reading aloud) and is unique: the
    database itself keeps two live codes from sharing digits. An expired code keeps its digits,
    so an agent can be told "expired" rather than "unknown", until they are given out again;
    then the old row's ``code`` becomes NULL.
    """

    __tablename__ = "support_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str | None] = mapped_column(String(6), unique=True, nullable=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.member_id"), index=True)
    screen: Mapped[str] = mapped_column(String(64))
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
