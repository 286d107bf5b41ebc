"""The signed-in member's own account (portal-api.md, "The member's account": GET /me)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from hcpay.portal.deps import CurrentMember

router = APIRouter(prefix="/api/v1/me", tags=["me"])


class MeBody(BaseModel):
    member_id: str
    username: str
    role: Literal["member", "agent"]
    first_name: str
    last_name: str
    email: str
    phone: str | None
    date_of_birth: date | None
    ssn_last4: str | None
    subsidized: bool
    two_step_enabled: bool


@router.get("", response_model=MeBody)
def me(member: CurrentMember) -> MeBody:
    return MeBody(
        member_id=member.member_id, username=member.username,
        role="agent" if member.is_agent else "member", first_name=member.first_name,
        last_name=member.last_name, email=member.email, phone=member.phone,
        date_of_birth=member.date_of_birth, ssn_last4=member.ssn_last4,
        subsidized=member.subsidized, two_step_enabled=member.totp_enabled,
    )
