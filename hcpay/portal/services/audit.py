"""Every agent request runs inside ``audited()``: one write transaction that does the request's
reads and writes and adds its audit row, so no agent ever sees a member's data unrecorded.

A request that ends in a problem (a member or code not found) is recorded too, with the
problem's code as its outcome, before the problem is answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from hcpay.portal.db import Database
from hcpay.portal.models import AgentAccess, Member
from hcpay.portal.problems import Problem
from hcpay.portal.services.plain_text import printable


@dataclass(frozen=True)
class AgentRequest:
    """Who is asking, why, and on which route (``"GET /api/v1/agent/members/{member_id}"``)."""

    agent: Member
    reason: str
    route: str


@dataclass
class AuditedCall:
    session: Session
    now: datetime
    action: str
    target: str | None = None
    # Whose data the request showed or changed; one audit row is written for each (or a single
    # row with no member when it touched nobody).
    member_ids: list[str] = field(default_factory=list)

    def touches(self, member_id: str) -> None:
        if member_id not in self.member_ids:
            self.member_ids.append(member_id)


def _target(text: str | None) -> str | None:
    cleaned = printable(text or "").strip()[:200]
    return cleaned or None


@contextmanager
def audited(
    db: Database, request: AgentRequest, *, now: datetime, action: str, target: str | None = None
) -> Iterator[AuditedCall]:
    failure: Problem | None = None
    with db.write() as session:
        call = AuditedCall(session=session, now=now, action=action, target=target)
        try:
            yield call
        except Problem as problem:
            failure = problem
        outcome = failure.code if failure is not None else "ok"
        touched: list[str | None] = list(call.member_ids) or [None]
        for member_id in touched:
            session.add(
                AgentAccess(
                    agent_id=request.agent.member_id, member_id=member_id, action=call.action,
                    route=request.route[:120], target=_target(call.target),
                    reason=request.reason, outcome=outcome, created_at=now,
                )
            )
    if failure is not None:
        raise failure
