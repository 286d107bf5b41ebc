"""The portal's clock. In sandbox mode it can be moved forward (never back) for every process
sharing the database; everything time-based (tokens, codes, locks, billing) reads it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hcpay.portal.db import Database
from hcpay.portal.models import ClockState

_REFRESH_SECONDS = 0.5


class Clock:
    def __init__(self, db: Database, *, sandbox: bool, timezone: str) -> None:
        self._db = db
        self.sandbox = sandbox
        self.tz = ZoneInfo(timezone)
        self._offset = 0
        self._read_at = 0.0
        self._lock = threading.Lock()

    def _offset_seconds(self) -> int:
        if not self.sandbox:
            return 0
        with self._lock:
            if time.monotonic() - self._read_at > _REFRESH_SECONDS:
                with self._db.read() as session:
                    state = session.get(ClockState, 1)
                    self._offset = state.offset_seconds if state else 0
                self._read_at = time.monotonic()
            return self._offset

    def reread(self) -> None:
        """Read the shared offset again at the next call: another process may have just moved
        the clock (each process reads it at most every half second)."""
        with self._lock:
            self._read_at = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._offset_seconds())

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.tz)

    def start_of_day(self, day: date) -> datetime:
        """The first instant of a local calendar day, in UTC."""
        return datetime(day.year, day.month, day.day, tzinfo=self.tz).astimezone(UTC)

    def move_to(self, target: datetime) -> datetime:
        """Move the sandbox clock forward to ``target`` (a no-op if that is in the past)."""
        if not self.sandbox:
            raise RuntimeError("the clock only moves in sandbox mode")
        with self._db.write() as session:
            state = session.execute(
                select(ClockState).where(ClockState.id == 1).with_for_update()
            ).scalar_one_or_none()
            if state is None:
                state = ClockState(id=1, offset_seconds=0)
                session.add(state)
            real_now = datetime.now(UTC)
            current = real_now + timedelta(seconds=state.offset_seconds)
            if target > current:
                state.offset_seconds = int((target - real_now).total_seconds()) + 1
        self.reread()
        return self.now()
