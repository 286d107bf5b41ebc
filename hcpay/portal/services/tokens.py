"""Opaque tokens (256 random bits), stored only as SHA-256 hashes, and the logins they belong to."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from hcpay.portal.models import Login, Member, Token
from hcpay.portal.settings import PortalSettings


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def issue_pair(
    session: Session, login: Login, member: Member, *, now: datetime, settings: PortalSettings
) -> TokenPair:
    """Make an access token and a refresh token for ``login``."""
    access, refresh = new_secret(), new_secret()
    access_life = timedelta(minutes=settings.access_token_minutes)
    login_end = login.created_at + timedelta(hours=settings.absolute_timeout_hours)
    session.add_all(
        [
            Token(
                token_hash=hash_token(access), login_id=login.login_id, kind="access",
                created_at=now, expires_at=min(now + access_life, login_end),
            ),
            Token(
                token_hash=hash_token(refresh), login_id=login.login_id, kind="refresh",
                created_at=now, expires_at=login_end,
            ),
        ]
    )
    return TokenPair(access, refresh, int(access_life.total_seconds()))


def start_login(
    session: Session, member: Member, *, now: datetime, settings: PortalSettings
) -> TokenPair:
    login = Login(
        login_id=secrets.token_hex(16), member_id=member.member_id, created_at=now,
        last_seen_at=now,
    )
    session.add(login)
    session.flush()
    return issue_pair(session, login, member, now=now, settings=settings)


def login_ended_reason(
    login: Login, member: Member, *, now: datetime, settings: PortalSettings
) -> str | None:
    """Why a login can no longer be used, or None while it is alive."""
    return ended_reason(login.ended_at, login.last_seen_at, login.created_at,
                        is_agent=member.is_agent, now=now, settings=settings)


def ended_reason(
    ended_at: datetime | None, last_seen_at: datetime, created_at: datetime, *, is_agent: bool,
    now: datetime, settings: PortalSettings,
) -> str | None:
    """``login_ended_reason`` from a login's times (read without loading the login)."""
    if ended_at is not None:
        return "session_revoked"
    idle = settings.agent_idle_timeout_minutes if is_agent else settings.idle_timeout_minutes
    if now - last_seen_at > timedelta(minutes=idle):
        return "session_expired"
    if now - created_at > timedelta(hours=settings.absolute_timeout_hours):
        return "session_expired"
    return None
