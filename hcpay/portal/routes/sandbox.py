"""Sandbox controls: the outbox as an inbox, and a clock that can be moved forward.

Only mounted in sandbox mode; in live mode these paths answer 404.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from hcpay.portal.deps import PortalDep
from hcpay.portal.models import OutboxMessage
from hcpay.portal.problems import Problem
from hcpay.portal.services import outbox as outbox_service

router = APIRouter(prefix="/sandbox", tags=["sandbox"])


@router.get("/outbox")
def outbox(
    portal: PortalDep,
    to: Annotated[str | None, Query(max_length=254, pattern=r"^[^\x00]*$")] = None,
    after_id: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> dict[str, Any]:
    with portal.db.read() as session:
        query = select(OutboxMessage).where(OutboxMessage.id > after_id)
        if to:
            query = query.where(OutboxMessage.to == (to.lower() if "@" in to else to))
        rows = session.execute(query.order_by(OutboxMessage.id).limit(500)).scalars().all()
        items = [
            {
                "id": m.id, "channel": m.channel, "to": m.to, "subject": m.subject,
                "body": outbox_service.readable_body(session, m), "category": m.category,
                "created_at": m.created_at.isoformat(),
            }
            for m in rows
        ]
    return {"items": items}


class ClockMove(BaseModel):
    advance_days: int | None = Field(default=None, ge=0, le=3660)
    set: date | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ClockMove:
        if (self.advance_days is None) == (self.set is None):
            raise ValueError("Send either advance_days (0 or more) or set (YYYY-MM-DD).")
        return self


def _clock_body(portal: Any, jobs_run: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "now": portal.clock.now().isoformat(), "today": portal.clock.today().isoformat()
    }
    if jobs_run is not None:
        body["jobs_run"] = jobs_run
    return body


@router.get("/clock")
def get_clock(portal: PortalDep) -> dict[str, Any]:
    return _clock_body(portal)


@router.post("/clock")
async def move_clock(move: ClockMove, portal: PortalDep) -> dict[str, Any]:
    clock = portal.clock
    if move.set is not None:
        today = clock.today()
        if move.set < today:
            raise Problem(
                422, "clock_backwards",
                f"The sandbox clock never goes back; today is {today.isoformat()}.",
                errors=[{"field": "set", "message": "Choose today or a later date."}],
            )
        if move.set > today:
            target = clock.start_of_day(move.set) + timedelta(hours=9)
            await run_in_threadpool(clock.move_to, target)
    elif move.advance_days:
        now: datetime = clock.now()
        await run_in_threadpool(clock.move_to, now + timedelta(days=move.advance_days))
    jobs_run = await run_in_threadpool(portal.jobs.run_until, clock.today())
    return _clock_body(portal, jobs_run)
