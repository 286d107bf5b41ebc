"""Brakes on guessing, kept in the database (several portal processes share them):

- a per-client-address rate limit (``login_rate_per_minute`` attempts in any 60 s);
- a lock after ``lockout_failures`` failures in a row, for ``lockout_minutes`` (agents:
  ``agent_lockout_minutes``), for real accounts and unknown usernames alike. An attempt is
  reserved before its password is hashed, with the account's row locked: failures so far plus
  attempts still being checked never pass the limit, however many arrive at once, in however
  many processes;
- a record and a log line for every attempt (username, outcome, client address; never the
  password).
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from hcpay.portal.jobs import JobContext
from hcpay.portal.models import LoginAttempt, UnknownUserLock
from hcpay.portal.settings import PortalSettings

log = logging.getLogger("hcpay.portal.sessions")

WINDOW = timedelta(seconds=60)
# An attempt "started" this recently is still being checked (one that never finished, its
# process gone, stops counting after this).
CHECKING = timedelta(seconds=60)


class Lockable(Protocol):
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0


def seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def _serialise_on(session: Session, key: str) -> None:
    """On PostgreSQL, one transaction at a time per key (SQLite writers are serial already)."""
    if session.get_bind().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": number})


def check_rate(
    session: Session, client_address: str, *, now: datetime, settings: PortalSettings
) -> RateDecision:
    """Whether this address may try again now. Call inside a write transaction."""
    _serialise_on(session, "login-rate:" + client_address)
    since = now - WINDOW
    counted = (
        LoginAttempt.client_address == client_address,
        LoginAttempt.at > since,
        LoginAttempt.outcome != "rate_limited",
    )
    count = session.execute(select(func.count()).where(*counted)).scalar_one()
    if count < settings.login_rate_per_minute:
        return RateDecision(True)
    oldest = session.execute(
        select(LoginAttempt.at).where(*counted).order_by(LoginAttempt.at.desc())
        .offset(settings.login_rate_per_minute - 1).limit(1)
    ).scalar_one()
    return RateDecision(False, seconds_until(oldest + WINDOW, now))


def record_attempt(
    session: Session, *, now: datetime, client_address: str, username: str, outcome: str
) -> None:
    session.add(
        LoginAttempt(
            at=now, client_address=client_address[:64], username=username[:64], outcome=outcome
        )
    )
    log.info(
        "sign-in attempt: user=%s outcome=%s client=%s", username[:64], outcome, client_address
    )


def locked_for(target: Lockable, now: datetime) -> int | None:
    """Seconds the account stays locked, or None when it is not locked."""
    if target.locked_until is not None and target.locked_until > now:
        return seconds_until(target.locked_until, now)
    return None


def checking(session: Session, username: str, *, now: datetime) -> int:
    """Attempts for ``username`` reserved and not yet decided."""
    return int(session.execute(
        select(func.count()).where(
            LoginAttempt.username == username[:64], LoginAttempt.outcome == "started",
            LoginAttempt.at > now - CHECKING,
        )
    ).scalar_one())


def refusal_for(
    session: Session, target: Lockable, username: str, *, now: datetime,
    settings: PortalSettings,
) -> int | None:
    """Seconds to wait before an attempt may be checked, or None when one may be now. Call
    with ``target``'s row locked (``with_for_update``; SQLite writers are serial): a lock in
    force, or failures so far plus attempts still being checked at the limit, refuse."""
    locked = locked_for(target, now)
    if locked is not None:
        return locked
    failures = 0 if target.locked_until is not None else (target.failed_logins or 0)
    if failures + checking(session, username, now=now) >= settings.lockout_failures:
        return seconds_until(now + CHECKING, now)
    return None


def lockout_minutes(target: Lockable, settings: PortalSettings) -> int:
    if getattr(target, "role", None) == "agent":
        return settings.agent_lockout_minutes
    return settings.lockout_minutes


def register_failure(target: Lockable, *, now: datetime, settings: PortalSettings) -> int | None:
    """Count a failure; when it is the last one allowed, lock and return the lock's seconds."""
    if target.locked_until is not None and target.locked_until <= now:
        target.locked_until = None
        target.failed_logins = 0
    target.failed_logins = (target.failed_logins or 0) + 1
    if target.failed_logins >= settings.lockout_failures:
        target.locked_until = now + timedelta(minutes=lockout_minutes(target, settings))
        target.failed_logins = 0
        return seconds_until(target.locked_until, now)
    return None


def register_success(target: Lockable) -> None:
    target.failed_logins = 0
    target.locked_until = None


def unknown_user_lock(session: Session, username: str, *, now: datetime) -> UnknownUserLock:
    """The failure count of a username without an account (made on first use)."""
    _serialise_on(session, "unknown-user:" + username[:64])  # two first failures at once
    lock = session.get(UnknownUserLock, username[:64], with_for_update=True)
    if lock is None:
        lock = UnknownUserLock(username=username[:64], failed_logins=0, updated_at=now)
        session.add(lock)
    return lock


def prune(session: Session, *, now: datetime) -> int:
    """Forget attempts older than 90 days and unknown-username locks older than a day."""
    old = session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=90)))
    stale = session.execute(
        delete(UnknownUserLock).where(UnknownUserLock.updated_at < now - timedelta(days=1))
    )
    return int(getattr(old, "rowcount", 0) or 0) + int(getattr(stale, "rowcount", 0) or 0)


def prune_job(context: JobContext) -> int:
    with context.db.write() as session:
        return prune(session, now=context.now)
