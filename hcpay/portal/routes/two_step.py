"""Two-step sign-in with an authenticator app (portal-api.md, "Accounts, identity, sessions",
and v1.1: changing it needs the password).

Enrolling stores a pending secret; confirming with a code turns it on and shows the recovery
codes once; turning it off needs a current code. Each of the three needs the member's password
too (an access token alone changes nothing about how the member signs in), checked under the
sign-in lockout's rules; wrong codes here count toward the same lock. Agents must keep it on.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from hcpay.domain.i18n import _
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Member
from hcpay.portal.problems import Problem
from hcpay.portal.routes.fields import Text
from hcpay.portal.services import audit, sign_in, two_step
from hcpay.portal.services.addresses import client_address

router = APIRouter(prefix="/api/v1/me/two-step", tags=["two-step"])


class Enrolment(BaseModel):
    secret: str
    otpauth_uri: str


class PasswordRequest(BaseModel):
    password: Text = Field(max_length=1024)


class OtpRequest(BaseModel):
    otp: Text = Field(max_length=64)
    password: Text = Field(max_length=1024)


class RecoveryCodes(BaseModel):
    recovery_codes: list[str]


def _otp_invalid() -> Problem:
    return Problem(
        422, "otp_invalid",
        _("That code is not right or was already used. Enter the current 6-digit code from "
        "your authenticator app (check that the phone's clock is right)."),
        errors=[{"field": "otp", "message": _("Enter the current 6-digit code.")}],
    )


@router.post("", status_code=201, response_model=Enrolment)
def start_two_step(
    body: PasswordRequest, request: Request, member: CurrentMember, portal: PortalDep
) -> Enrolment:
    if member.totp_enabled:
        raise Problem(
            409, "two_step_already_on",
            _("Two-step sign-in is already on. To move it to a new phone, turn it off first "
            "(with a current code or a recovery code), then set it up again."),
        )
    sign_in.confirm_password(portal, member.member_id, body.password,
                             client_address=client_address(request))
    secret = two_step.new_secret()
    with portal.db.write() as session:
        fresh = session.get(Member, member.member_id)
        assert fresh is not None
        fresh.totp_secret_encrypted = portal.box.encrypt(secret)
    audit.event("two_step_setup_started", member.member_id)
    return Enrolment(secret=secret, otpauth_uri=two_step.otpauth_uri(secret, member.username))


@router.post("/confirm", response_model=RecoveryCodes)
def confirm_two_step(
    body: OtpRequest, request: Request, member: CurrentMember, portal: PortalDep
) -> RecoveryCodes:
    sign_in.confirm_password(portal, member.member_id, body.password,
                             client_address=client_address(request))
    now = portal.clock.now()
    codes: list[str] | None = None
    state = "ok"
    refusal: Problem | None = None
    with portal.db.write() as session:
        fresh = sign_in.locked_member(session, member.member_id)
        secret = two_step.member_secret(fresh, portal.box)
        if fresh.totp_enabled:
            state = "already_on"
        elif secret is None:
            state = "not_started"
        elif (refusal := sign_in.locked_problem(fresh, now=now)) is None:
            if two_step.check_totp(fresh, secret, body.otp, now=now):
                codes = two_step.enable(fresh, portal.box, secret)
            else:
                refusal = sign_in.second_step_failed(fresh, now=now, settings=portal.settings)
    if state == "already_on":
        raise Problem(409, "two_step_already_on", _("Two-step sign-in is already on."))
    if state == "not_started":
        raise Problem(
            409, "two_step_not_started",
            _("Start setting up two-step sign-in first (POST /api/v1/me/two-step), then confirm "
            "with a code from your authenticator app."),
        )
    if refusal is not None:
        raise refusal
    if codes is None:
        raise _otp_invalid()
    audit.event("two_step_on", member.member_id)
    return RecoveryCodes(recovery_codes=codes)


@router.delete("", status_code=204)
def stop_two_step(
    body: OtpRequest, request: Request, member: CurrentMember, portal: PortalDep
) -> Response:
    if member.is_agent:
        raise Problem(
            403, "two_step_required",
            _("Agent accounts must keep two-step sign-in on. To move it to a new phone, ask an "
            "administrator to run `hcpay portal reset-agent-two-step`."),
        )
    if not member.totp_enabled:
        raise Problem(409, "two_step_off", _("Two-step sign-in is already off."))
    sign_in.confirm_password(portal, member.member_id, body.password,
                             client_address=client_address(request))
    now = portal.clock.now()
    ok = False
    refusal: Problem | None = None
    with portal.db.write() as session:
        fresh = sign_in.locked_member(session, member.member_id)
        if (refusal := sign_in.locked_problem(fresh, now=now)) is None:
            if two_step.check_second_factor(fresh, portal.box, body.otp, now=now):
                two_step.disable(fresh)
                ok = True
            else:
                refusal = sign_in.second_step_failed(fresh, now=now, settings=portal.settings)
    if refusal is not None:
        raise refusal
    if not ok:
        raise _otp_invalid()
    audit.event("two_step_off", member.member_id)
    return Response(status_code=204)
