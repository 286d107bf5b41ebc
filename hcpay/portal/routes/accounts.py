"""Creating an account and verifying the member's identity (portal-api.md, "Accounts")."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from hcpay.domain.i18n import N_, _
from hcpay.portal.deps import PortalDep
from hcpay.portal.models import Member
from hcpay.portal.problems import Problem
from hcpay.portal.routes.fields import Text
from hcpay.portal.services import (
    accounts,
    attempt_limits,
    enrollment,
    passwords,
    verification,
)
from hcpay.portal.services.addresses import client_address

router = APIRouter(prefix="/api/v1/accounts", tags=["accounts"])
log = logging.getLogger("hcpay.portal.accounts")


class AccountRequest(BaseModel):
    """Every field is checked by the portal's own rules, so that one answer names each problem."""

    first_name: Text = Field(max_length=200)
    last_name: Text = Field(max_length=200)
    date_of_birth: Text = Field(max_length=32, description=N_("YYYY-MM-DD, a real past date"))
    ssn: Text = Field(max_length=32, description=N_("9 digits, as 123-45-6789 or 123456789"))
    email: Text = Field(max_length=320)
    phone: Text | None = Field(default=None, max_length=32)
    username: Text = Field(max_length=200)
    password: Text = Field(max_length=1024)


class Verification(BaseModel):
    channel: Literal["email"]
    sent_to: str


class AccountCreated(BaseModel):
    member_id: str
    username: str
    status: Literal["pending_verification"]
    verification: Verification


class VerifyRequest(BaseModel):
    username: Text = Field(max_length=200)
    code: Text = Field(max_length=32)


class VerifyResult(BaseModel):
    status: Literal["active"]


class ResendRequest(BaseModel):
    username: Text = Field(max_length=200)


class Accepted(BaseModel):
    detail: str


def _taken_problem(taken: list[str]) -> Problem:
    messages = {
        "username": _("That username is taken; choose another."),
        "email": _("An account already uses this email. Sign in, or reset your password."),
    }
    first = taken[0]
    return Problem(
        409, f"{first}_taken", " ".join(messages[f] for f in taken),
        errors=[{"field": f, "rule": "taken", "message": messages[f]} for f in taken],
    )


@router.post("", status_code=201, response_model=AccountCreated)
def create_account(body: AccountRequest, portal: PortalDep) -> AccountCreated:
    clock = portal.clock
    new, errors = accounts.validate_new_account(
        first_name=body.first_name, last_name=body.last_name, date_of_birth=body.date_of_birth,
        ssn=body.ssn, email=body.email, phone=body.phone, username=body.username,
        password=body.password, today=clock.today(),
    )
    if new is None:
        detail = _("Please fix these: ") + " ".join(e.message for e in errors)
        raise Problem(422, "validation_error", detail, errors=[e.as_dict() for e in errors])
    with portal.db.read() as session:
        taken = accounts.taken_fields(session, new.username, new.email)
    if taken:
        raise _taken_problem(taken)
    # slow work outside the write transaction
    password_hash = passwords.hash_password(body.password, portal.settings)
    ssn_encrypted = portal.box.encrypt(new.ssn)
    now = clock.now()
    member = Member(
        member_id=accounts.new_member_id(), role="member", status="pending_verification",
        username=new.username, email=new.email, phone=new.phone, first_name=new.first_name,
        last_name=new.last_name, date_of_birth=new.date_of_birth, ssn_encrypted=ssn_encrypted,
        ssn_last4=new.ssn[-4:], password_hash=password_hash, subsidized=False, created_at=now,
        failed_logins=0, totp_enabled=False,
    )
    try:
        with portal.db.write() as session:
            session.add(member)
            session.flush()
            verification.send_code(session, member, now=now, settings=portal.settings)
            # in the sandbox: a sample plan and its first invoice, so the member can pay at once
            enrollment.enroll_new_member(session, portal, member)
    except IntegrityError:
        with portal.db.read() as session:
            taken = accounts.taken_fields(session, new.username, new.email)
        raise _taken_problem(taken or ["username"]) from None
    log.info("account created: member=%s user=%s", member.member_id, member.username)
    return AccountCreated(
        member_id=member.member_id, username=member.username, status="pending_verification",
        verification=Verification(channel="email", sent_to=accounts.mask_email(member.email)),
    )


@router.post("/verify", response_model=VerifyResult)
def verify_account(body: VerifyRequest, request: Request, portal: PortalDep) -> VerifyResult:
    now = portal.clock.now()
    outcome = "invalid"
    with portal.db.write() as session:
        wait = verification.throttle(session, username=body.username,
                                     client_address=client_address(request), now=now)
        member = accounts.find_member(session, body.username) if wait is None else None
        # Only a pending account has a code to check: an active or unknown one answers alike.
        if (
            member is not None and "@" not in body.username
            and member.status == "pending_verification"
            and verification.check_code(
                session, member, body.code, now=now, settings=portal.settings
            )
        ):
            member.status = "active"
            outcome = "active"
    if wait is not None:
        raise attempt_limits.too_many(
            wait, _("Too many codes tried."),
            _("enter the code from the latest message we sent you."),
        )
    if outcome != "active":
        raise Problem(
            422, "invalid_code",
            _("That code is wrong or has expired. Check the latest message we sent you, or ask "
            "for a new code; a code works for {verification_code_minutes} "
            "minutes and stops after {verification_max_attempts} wrong tries.").format(
                verification_code_minutes=portal.settings.verification_code_minutes,
                verification_max_attempts=portal.settings.verification_max_attempts),
            errors=[
                {"field": "code", "message": _("Enter the 6-digit code from the latest message.")}
            ],
        )
    return VerifyResult(status="active")


@router.post("/verify/resend", status_code=202, response_model=Accepted)
def resend_code(body: ResendRequest, portal: PortalDep) -> Accepted:
    now = portal.clock.now()
    with portal.db.write() as session:
        member = accounts.find_member(session, body.username)
        if (
            member is not None and "@" not in body.username
            and member.status == "pending_verification"
            and verification.may_send(session, member, now=now)
        ):
            verification.send_code(session, member, now=now, settings=portal.settings)
    return Accepted(
        detail=_("If that account is waiting for verification, a new code is on its way and "
        "earlier codes no longer work (at most {CODES_PER_HOUR} codes an hour).").format(
            CODES_PER_HOUR=verification.CODES_PER_HOUR)
    )
