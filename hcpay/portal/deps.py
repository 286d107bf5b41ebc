"""Route dependencies: the portal context and the signed-in member."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from sqlalchemy import bindparam, select, update

from hcpay.portal.context import Portal
from hcpay.portal.models import Login, Member, Token
from hcpay.portal.problems import Problem
from hcpay.portal.services.tokens import ended_reason, hash_token


async def portal_of(request: Request) -> Portal:
    """The portal context. ``async``: FastAPI calls it on the event loop, not through the
    thread pool (a hop per request saved; it does no I/O)."""
    portal: Portal = request.app.state.portal
    return portal


PortalDep = Annotated[Portal, Depends(portal_of)]

# Touching a login's last-seen time on every request would make every read a write; a minute's
# resolution is plenty against a 15- or 30-minute idle limit.
_TOUCH_EVERY = timedelta(seconds=60)

_BEARER = {"WWW-Authenticate": "Bearer"}


# One statement for the token, its login and the member (nothing is cached: a revoked login is
# refused from the next request on). The plain columns are enough to decide; routes get the
# member loaded as well.
_SIGNED_IN = (
    select(Token.kind, Token.expires_at, Login.login_id, Login.ended_at, Login.last_seen_at,
           Login.created_at, Member.member_id, Member.role)
    .join(Login, Login.login_id == Token.login_id)
    .join(Member, Member.member_id == Login.member_id)
    .where(Token.token_hash == bindparam("token_hash"))
)
_SIGNED_IN_MEMBER = _SIGNED_IN.add_columns(Member)


def _unauthorized(code: str, detail: str) -> Problem:
    return Problem(401, code, detail, headers=_BEARER)


def current_member(
    portal: PortalDep, authorization: Annotated[str | None, Header()] = None
) -> Member:
    return authenticate(portal, authorization)


async def bearer_header(authorization: Annotated[str | None, Header()] = None) -> str:
    """The ``Authorization`` header, or 401 when there is no bearer token at all (checked
    before the body, as ``CurrentMember`` is, without a database read or a thread)."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise _unauthorized("not_signed_in", "Please sign in first.")
    return authorization


def authenticate(portal: Portal, authorization: str | None) -> Member:
    """The member an ``Authorization: Bearer`` header signs in, or a 401 problem saying why."""
    member: Member = _signed_in(portal, authorization, _SIGNED_IN_MEMBER).Member
    return member


def signed_in_member_id(portal: Portal, authorization: str | None) -> str:
    """``authenticate``'s member id, without loading the member (a route that needs no more
    calls it itself, in the worker thread it runs in anyway)."""
    member_id: str = _signed_in(portal, authorization, _SIGNED_IN).member_id
    return member_id


def _signed_in(portal: Portal, authorization: str | None, statement: Any) -> Any:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise _unauthorized("not_signed_in", "Please sign in first.")
    token_hash = hash_token(authorization[7:].strip())
    now = portal.clock.now()
    with portal.db.read() as session:
        found = session.execute(statement, {"token_hash": token_hash}).one_or_none()
        session.expunge_all()  # before the read's rollback, which would expire the member
    if found is None or found.kind != "access":
        raise _unauthorized("invalid_token", "Your sign-in is not valid. Please sign in again.")
    ended = ended_reason(found.ended_at, found.last_seen_at, found.created_at,
                         is_agent=found.role == "agent", now=now, settings=portal.settings)
    if ended == "session_revoked":
        raise _unauthorized(ended, "You were signed out. Please sign in again.")
    if ended == "session_expired":
        raise _unauthorized(
            ended, "Your session ended after a period without activity. Please sign in again."
        )
    if found.expires_at <= now:
        raise _unauthorized("token_expired", "Your access token has expired; refresh it.")
    if now - found.last_seen_at > _TOUCH_EVERY:
        with portal.db.write() as session:
            session.execute(
                update(Login)
                .where(Login.login_id == found.login_id, Login.last_seen_at < now)
                .values(last_seen_at=now)
            )
    return found


CurrentMember = Annotated[Member, Depends(current_member)]


def current_agent(member: CurrentMember) -> Member:
    if not member.is_agent:
        raise Problem(403, "agent_only", "This is for support agents only.")
    return member


CurrentAgent = Annotated[Member, Depends(current_agent)]
