"""Route dependencies: the portal context and the signed-in member."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Header

from hcpay.portal.context import Portal, get_portal
from hcpay.portal.models import Login, Member, Token
from hcpay.portal.problems import Problem
from hcpay.portal.services.tokens import hash_token, login_ended_reason

PortalDep = Annotated[Portal, Depends(get_portal)]

# Touching a login's last-seen time on every request would make every read a write; a minute's
# resolution is plenty against a 15- or 30-minute idle limit.
_TOUCH_EVERY = timedelta(seconds=60)

_BEARER = {"WWW-Authenticate": "Bearer"}


def _unauthorized(code: str, detail: str) -> Problem:
    return Problem(401, code, detail, headers=_BEARER)


def current_member(
    portal: PortalDep, authorization: Annotated[str | None, Header()] = None
) -> Member:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise _unauthorized("not_signed_in", "Please sign in first.")
    token_hash = hash_token(authorization[7:].strip())
    now = portal.clock.now()
    with portal.db.read() as session:
        token = session.get(Token, token_hash)
        if token is None or token.kind != "access":
            raise _unauthorized("invalid_token", "Your sign-in is not valid. Please sign in again.")
        login = session.get(Login, token.login_id)
        member = session.get(Member, login.member_id) if login else None
        if login is None or member is None:
            raise _unauthorized("invalid_token", "Your sign-in is not valid. Please sign in again.")
        ended = login_ended_reason(login, member, now=now, settings=portal.settings)
        if ended == "session_revoked":
            raise _unauthorized(ended, "You were signed out. Please sign in again.")
        if ended == "session_expired":
            raise _unauthorized(
                ended, "Your session ended after a period without activity. Please sign in again."
            )
        if token.expires_at <= now:
            raise _unauthorized("token_expired", "Your access token has expired; refresh it.")
        needs_touch = now - login.last_seen_at > _TOUCH_EVERY
        login_id = login.login_id  # the read's rollback expires ``login``
        session.expunge(member)
    if needs_touch:
        with portal.db.write() as session:
            fresh = session.get(Login, login_id)
            if fresh is not None and fresh.last_seen_at < now:
                fresh.last_seen_at = now
    return member


CurrentMember = Annotated[Member, Depends(current_member)]


def current_agent(member: CurrentMember) -> Member:
    if not member.is_agent:
        raise Problem(403, "agent_only", "This is for support agents only.")
    return member


CurrentAgent = Annotated[Member, Depends(current_agent)]
