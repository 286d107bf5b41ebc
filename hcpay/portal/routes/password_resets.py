"""Forgot password (portal-api.md, "Accounts, identity, sessions")."""

from __future__ import annotations

import logging
from datetime import timedelta

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from hcpay.domain.i18n import _
from hcpay.domain.password_policy import check_password
from hcpay.portal.deps import PortalDep
from hcpay.portal.models import Member
from hcpay.portal.problems import Problem
from hcpay.portal.routes.fields import Text
from hcpay.portal.services import accounts, attempt_limits, outbox, password_resets, passwords
from hcpay.portal.services.addresses import client_address
from hcpay.portal.services.sign_in import end_every_login

router = APIRouter(prefix="/api/v1/password-resets", tags=["password resets"])
log = logging.getLogger("hcpay.portal.password_resets")


class ResetRequest(BaseModel):
    username_or_email: Text = Field(max_length=320)


class ResetAccepted(BaseModel):
    detail: str


class ResetCheck(BaseModel):
    username_or_email: Text = Field(max_length=320)
    code: Text = Field(max_length=64)


class ResetConfirm(ResetCheck):
    new_password: Text = Field(max_length=1024)


CHECKS_WINDOW = timedelta(minutes=15)
CHECKS_PER_ADDRESS = 100


def _invalid_code(portal: PortalDep) -> Problem:
    """One answer for a wrong, used, expired or ended code and for an account that does not
    exist, so that it tells nobody which it was."""
    return Problem(
        422, "invalid_code",
        _("That reset code does not work. Check it against the newest reset message and type it "
        "again. A code works once, for {password_reset_minutes} minutes, and "
        "{MAX_WRONG} wrong tries end it; then ask for a new code.").format(
            password_reset_minutes=portal.settings.password_reset_minutes,
            MAX_WRONG=password_resets.MAX_WRONG),
        errors=[{"field": "code",
                 "message": _("Type the reset code from the newest message, like 7K2M-9QX4.")}],
    )


def _checked(body: ResetCheck, request: Request, portal: PortalDep, *, use: bool,
             session: Session) -> Member | None:
    """The member whose live reset code ``body`` names (used up with ``use``), else None;
    429 when this address has tried too many codes."""
    now = portal.clock.now()
    wait = attempt_limits.take(session, "reset_address", client_address(request),
                               limit=CHECKS_PER_ADDRESS, window=CHECKS_WINDOW, now=now)
    if wait is not None:
        raise attempt_limits.too_many(
            wait, _("Too many reset codes tried."), _("type the code from the newest message."))
    member = accounts.find_member(session, body.username_or_email)
    if password_resets.check(session, member, body.code, now=now, use=use):
        return member
    return None


@router.post("", status_code=202, response_model=ResetAccepted)
def request_reset(body: ResetRequest, portal: PortalDep) -> ResetAccepted:
    now = portal.clock.now()
    with portal.db.write() as session:
        member = accounts.find_member(session, body.username_or_email)
        if member is not None:
            password_resets.send_reset(session, member, now=now, settings=portal.settings)
    return ResetAccepted(
        detail=_("If an account matches, we have sent it a message with a reset code. "
        "It works once, for {password_reset_minutes} minutes.").format(
            password_reset_minutes=portal.settings.password_reset_minutes)
    )


@router.post("/check", status_code=204)
def check_reset(body: ResetCheck, request: Request, portal: PortalDep) -> Response:
    """Is this the live reset code? A wrong one counts a try (the code is not used up)."""
    with portal.db.write() as session:
        member = _checked(body, request, portal, use=False, session=session)
    if member is None:
        raise _invalid_code(portal)
    return Response(status_code=204)


@router.post("/confirm", status_code=204)
def confirm_reset(body: ResetConfirm, request: Request, portal: PortalDep) -> Response:
    with portal.db.write() as session:
        member = _checked(body, request, portal, use=False, session=session)
        if member is not None:
            session.expunge(member)  # read again below, in the write that uses the code
    if member is None:
        raise _invalid_code(portal)
    problems = check_password(
        body.new_password, username=member.username, first_name=member.first_name,
        last_name=member.last_name, email=member.email,
    )
    if problems:
        raise Problem(
            422, "validation_error",
            _("Please choose another password: ") + " ".join(p.message for p in problems),
            errors=[
                {"field": "new_password", "rule": p.rule, "message": p.message} for p in problems
            ],
        )
    new_hash = passwords.hash_password(body.new_password, portal.settings)
    now = portal.clock.now()
    done = False
    with portal.db.write() as session:
        fresh = _checked(body, request, portal, use=True, session=session)
        if fresh is not None:
            fresh.password_hash = new_hash
            fresh.failed_logins = 0
            fresh.locked_until = None
            end_every_login(session, fresh.member_id, now=now, reason="password_reset")
            outbox.notify_member(
                session, fresh, now=now, category="account",
                subject=_("Your hcpay password was changed"),
                body=(
                    _("Hello {first_name},\n\nThe password of your hcpay account was just "
                    "changed, and every device was signed out. If this was not you, call "
                    "support at {support_phone}.").format(
                        first_name=fresh.first_name, support_phone=portal.settings.support_phone)
                ),
            )
            done = True
    if not done:
        raise _invalid_code(portal)
    log.info("password reset used: member=%s", member.member_id)
    return Response(status_code=204)
