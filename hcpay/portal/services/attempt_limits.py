"""At most ``limit`` attempts per ``window`` for one (scope, key), counted in the database with
one conditional UPDATE: requests at the same moment, in one process or several, each take
their turn on the counter's row, and none gets past a full window."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import case, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hcpay.domain.counting import counted
from hcpay.domain.i18n import _
from hcpay.portal.models import AttemptCounter
from hcpay.portal.problems import Problem

C = AttemptCounter

# No counter counts over a longer window: the retention job removes rows older than this.
LONGEST_WINDOW = timedelta(days=1)


def take(
    session: Session, scope: str, key: str, *, limit: int, window: timedelta, now: datetime
) -> int | None:
    """Count one attempt: None when it may go ahead, else the seconds until one may."""
    if window > LONGEST_WINDOW:
        raise ValueError(f"attempt windows are at most {LONGEST_WINDOW} (retention prunes them)")
    key = key[:128]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(C).values(scope=scope, key=key, window_start=now, count=0)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
    )
    expired = C.window_start <= now - window
    taken = session.execute(
        update(C)
        .where(C.scope == scope, C.key == key, or_(expired, C.count < limit))
        .values(count=case((expired, 1), else_=C.count + 1),
                window_start=case((expired, literal(now, C.window_start.type)),
                                  else_=C.window_start))
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        return None
    start = session.execute(
        select(C.window_start).where(C.scope == scope, C.key == key)
    ).scalar_one()
    return max(1, math.ceil((start + window - now).total_seconds()))


def give_back(session: Session, scope: str, key: str) -> None:
    """An attempt that turned out right does not count."""
    session.execute(
        update(C).where(C.scope == scope, C.key == key[:128], C.count > 0)
        .values(count=C.count - 1).execution_options(synchronize_session=False)
    )


def too_many(wait: int, what: str, then: str) -> Problem:
    """429 for ``take``'s wait: "{what} Wait N minutes, then {then}"."""
    return Problem(
        429, "rate_limited", _("{what} Wait {wait}, then {then}").format(
            what=what, wait=counted((wait + 59) // 60, 'minute'), then=then),
        headers={"Retry-After": str(wait)},
    )
