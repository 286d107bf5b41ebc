"""Every agent request runs inside ``audited()``: one write transaction that does the request's
reads and writes and adds its audit row, so no agent ever sees a member's data unrecorded.

A request that ends in a problem (a member or code not found) is recorded too, with the
problem's code as its outcome, before the problem is answered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hcpay.portal.db import Database
from hcpay.portal.models import AgentAccess, Autopay, Member
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


# -- the audit log: one line for every money and security event ------------------------------
# Agent requests are audited in the database above (the member can read them); every other
# money or security event gets a line in the portal's log (logger ``hcpay.audit``), naming the
# member and the thing acted on, never a secret, a card number or an amount typed by no one.

audit_log = logging.getLogger("hcpay.audit")

_AUDIT_WORD = re.compile(r"[^A-Za-z0-9_.:@{}/-]")


def _word(value: object) -> str:
    return _AUDIT_WORD.sub("?", str(value))[:80]


def event(name: str, member_id: str | None, **details: object) -> None:
    """``audit <name> member=<id> key=value ...`` in the log."""
    fields = {"member": member_id, **details}
    parts = " ".join(f"{k}={_word(v)}" for k, v in fields.items() if v is not None)
    audit_log.info("audit %s %s", name, parts)


def payment_answer(status_code: int, body: Mapping[str, Any], source: str = "member") -> None:
    """A POST /me/payments (or /guest/payments) answer: made (or scheduled), declined, or
    refused (the reference names the member)."""
    name = {201: "payment_made", 402: "payment_declined"}.get(status_code, "payment_refused")
    event(name, None, status=status_code, reference=body.get("reference"),
          amount_cents=body.get("amount_cents"), code=body.get("code"),
          source=source if source != "member" else None)


def autopay_set(autopay: Autopay) -> None:
    event("autopay_set", autopay.member_id, enabled=autopay.enabled,
          amount_cents=autopay.amount_cents, method=autopay.payment_method_id)


def refused_agent_call(method: str, route: str, status: int, client: str) -> None:
    """An agent route that answered 4xx (not an agent, no reason, nothing found...): seen by
    the access log, which sees every answer."""
    event("agent_call_refused", None, route=f"{method}:{route}", status=status, client=client)
