"""One job runner for everything that happens on a day: billing, scheduled payments, autopay
draws, settlements, reminders, grace steps. Each job is idempotent for a day, so running the
same day twice (or two runners at once on PostgreSQL) does nothing more."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from hcpay.domain.i18n import DEFAULT, using_language
from hcpay.portal.clock import Clock
from hcpay.portal.db import Database
from hcpay.portal.models import ClockState

log = logging.getLogger("hcpay.portal.jobs")


@dataclass(frozen=True)
class JobContext:
    db: Database
    clock: Clock
    day: date
    now: datetime


Job = Callable[[JobContext], int]


class JobRunner:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.jobs: list[tuple[str, Job]] = []

    def register(self, name: str, job: Job) -> None:
        self.jobs.append((name, job))

    def _days_to_run(self, through: date) -> list[date]:
        with self.db.read() as session:
            state = session.execute(select(ClockState).where(ClockState.id == 1)).scalar()
            last = state.jobs_through if state else None
        start = through if last is None else min(last, through)
        return [start + timedelta(days=i) for i in range((through - start).days + 1)]

    def run_until(self, through: date | None = None) -> int:
        """Run every job for each day from the last day run up to ``through`` (default today)."""
        through = through or self.clock.today()
        done = 0
        for day in self._days_to_run(through):
            now = (
                self.clock.now() if day == through
                else self.clock.start_of_day(day) + timedelta(hours=12)
            )
            context = JobContext(self.db, self.clock, day, now)
            for name, job in self.jobs:
                # notices and reminders a job writes are for many members, never in the
                # language of whoever made the clock move (a request, or the embedded
                # portal's client): English here, and each member's own words in their saved
                # language (hcpay.portal.language.speaking_to, where each is composed)
                with using_language(DEFAULT):
                    count = job(context)
                if count:
                    log.info("job %s for %s: %d item(s)", name, day.isoformat(), count)
                done += count
            self._mark(day)
        return done

    def _mark(self, day: date) -> None:
        with self.db.write() as session:
            state = session.get(ClockState, 1)
            if state is None:
                session.add(ClockState(id=1, offset_seconds=0, jobs_through=day))
            elif state.jobs_through is None or state.jobs_through < day:
                state.jobs_through = day
