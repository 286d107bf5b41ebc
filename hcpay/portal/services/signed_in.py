"""Who an ``Authorization: Bearer`` header signs in, or a 401 problem saying why.

Nothing is cached: a revoked login is refused from the next request on. One statement reads
the token, its login and the member; the plain columns are enough to decide."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.portal.context import Portal
from hcpay.portal.models import Login, Member, Token
from hcpay.portal.problems import Problem
from hcpay.portal.services.tokens import ended_reason, hash_token

# Touching a login's last-seen time on every request would make every read a write; a minute's
# resolution is plenty against a 15- or 30-minute idle limit.
_TOUCH_EVERY = timedelta(seconds=60)

_BEARER = {"WWW-Authenticate": "Bearer"}

_SIGNED_IN = (
    select(Token.kind, Token.expires_at, Login.login_id, Login.ended_at, Login.last_seen_at,
           Login.created_at, Member.member_id, Member.role)
    .join(Login, Login.login_id == Token.login_id)
    .join(Member, Member.member_id == Login.member_id)
)
_SIGNED_IN_MEMBER = _SIGNED_IN.add_columns(Member).where(
    Token.token_hash == bindparam("token_hash")
)
_SIGNED_IN_MANY = _SIGNED_IN.add_columns(Token.token_hash).where(
    Token.token_hash.in_(bindparam("hashes", expanding=True))
)


def unauthorized(code: str, detail: str) -> Problem:
    return Problem(401, code, detail, headers=_BEARER)


def bearer(authorization: str | None) -> str:
    """The header itself, or a 401 when it carries no bearer token at all."""
    if authorization is None or not authorization.lower().startswith("bearer "):
        raise unauthorized("not_signed_in", _("Please sign in first."))
    return authorization


def token_hash_of(authorization: str | None) -> str:
    """The stored form of the header's bearer token, or a 401 when there is none."""
    return hash_token(bearer(authorization)[7:].strip())


def read_many(session: Session, token_hashes: Collection[str]) -> dict[str, Any]:
    """The sign-in row of each of many tokens, in one statement (for ``check``)."""
    if not token_hashes:
        return {}
    rows = session.connection().execute(_SIGNED_IN_MANY, {"hashes": list(token_hashes)})
    return {row.token_hash: row for row in rows}


def signed_in_member(portal: Portal, authorization: str | None) -> Member:
    """The member the header's token signs in (loaded, for routes), or a 401 saying why."""
    token_hash = token_hash_of(authorization)
    with portal.db.read() as session:
        found = session.execute(_SIGNED_IN_MEMBER, {"token_hash": token_hash}).one_or_none()
        session.expunge_all()  # before the read's rollback, which would expire the member
    member: Member = check(portal, found).Member
    return member


def check(portal: Portal, found: Any) -> Any:
    """``found`` (a sign-in row, or None for an unknown token) if its login is alive,
    else a 401 problem saying why. Notes the login as seen (at most once a minute)."""
    now = portal.clock.now()
    if found is None or found.kind != "access":
        raise unauthorized("invalid_token", _("Your sign-in is not valid. Please sign in again."))
    ended = ended_reason(found.ended_at, found.last_seen_at, found.created_at,
                         is_agent=found.role == "agent", now=now, settings=portal.settings)
    if ended == "session_revoked":
        raise unauthorized(ended, _("You were signed out. Please sign in again."))
    if ended == "session_expired":
        raise unauthorized(
            ended, _("Your session ended after a period without activity. Please sign in again.")
        )
    if found.expires_at <= now:
        raise unauthorized("token_expired", _("Your access token has expired; refresh it."))
    if now - found.last_seen_at > _TOUCH_EVERY:
        with portal.db.write() as session:
            session.execute(
                update(Login)
                .where(Login.login_id == found.login_id, Login.last_seen_at < now)
                .values(last_seen_at=now)
            )
    return found
