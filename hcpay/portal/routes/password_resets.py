"""Forgot password (portal-api.md, "Accounts, identity, sessions")."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from hcpay.domain.password_policy import check_password
from hcpay.portal.deps import PortalDep
from hcpay.portal.models import Member
from hcpay.portal.problems import Problem
from hcpay.portal.routes.fields import Text
from hcpay.portal.services import accounts, outbox, password_resets, passwords
from hcpay.portal.services.sign_in import end_every_login

router = APIRouter(prefix="/api/v1/password-resets", tags=["password resets"])
log = logging.getLogger("hcpay.portal.password_resets")


class ResetRequest(BaseModel):
    username_or_email: Text = Field(max_length=320)


class ResetAccepted(BaseModel):
    detail: str


class ResetConfirm(BaseModel):
    token: Text = Field(max_length=256)
    new_password: Text = Field(max_length=1024)


def _invalid_token() -> Problem:
    return Problem(
        422, "invalid_token",
        "That reset token is not valid: it was already used, has expired, or was mistyped. "
        "Ask for a new one from the sign-in screen.",
        errors=[{"field": "token", "message": "Use the token from the latest reset message."}],
    )


@router.post("", status_code=202, response_model=ResetAccepted)
def request_reset(body: ResetRequest, portal: PortalDep) -> ResetAccepted:
    now = portal.clock.now()
    with portal.db.write() as session:
        member = accounts.find_member(session, body.username_or_email)
        if member is not None:
            password_resets.send_reset(session, member, now=now, settings=portal.settings)
    return ResetAccepted(
        detail="If an account matches, we have sent it a message with a reset token. "
        f"It works once, for {portal.settings.password_reset_minutes} minutes."
    )


@router.post("/confirm", status_code=204)
def confirm_reset(body: ResetConfirm, portal: PortalDep) -> Response:
    now = portal.clock.now()
    with portal.db.read() as session:
        reset = password_resets.live_reset(session, body.token, now=now)
        member = session.get(Member, reset.member_id) if reset is not None else None
        if member is not None:
            session.expunge(member)  # the read's rollback would expire it
    if member is None:
        raise _invalid_token()
    problems = check_password(
        body.new_password, username=member.username, first_name=member.first_name,
        last_name=member.last_name, email=member.email,
    )
    if problems:
        raise Problem(
            422, "validation_error",
            "Please choose another password: " + " ".join(p.message for p in problems),
            errors=[
                {"field": "new_password", "rule": p.rule, "message": p.message} for p in problems
            ],
        )
    new_hash = passwords.hash_password(body.new_password, portal.settings)
    now = portal.clock.now()
    done = False
    with portal.db.write() as session:
        live = password_resets.live_reset(session, body.token, now=now)
        fresh = session.get(Member, member.member_id)
        if live is not None and fresh is not None:
            live.used_at = now
            fresh.password_hash = new_hash
            fresh.failed_logins = 0
            fresh.locked_until = None
            end_every_login(session, fresh.member_id, now=now, reason="password_reset")
            outbox.notify_member(
                session, fresh, now=now, category="account",
                subject="Your hcpay password was changed",
                body=(
                    f"Hello {fresh.first_name},\n\nThe password of your hcpay account was just "
                    "changed, and every device was signed out. If this was not you, call "
                    f"support at {portal.settings.support_phone}."
                ),
            )
            done = True
    if not done:
        raise _invalid_token()
    log.info("password reset used: member=%s", member.member_id)
    return Response(status_code=204)
