"""The member's side of support: a code to read to an agent, and who opened the account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator

from hcpay.domain.i18n import N_
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.services.access_log import access_log_page
from hcpay.portal.services.plain_text import has_control
from hcpay.portal.services.support_codes import create_code, format_code

router = APIRouter(prefix="/api/v1/me", tags=["support"])


class SupportCodeRequest(BaseModel):
    screen: str = Field(min_length=1, max_length=64, description=N_("The screen the member is on."))
    step: int | None = Field(default=None, ge=1, le=99, description=N_("The wizard step, if any."))
    last_error_code: str | None = Field(default=None, max_length=64)

    @field_validator("screen")
    @classmethod
    def _screen_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Say which screen you are on.")
        if has_control(value):
            raise ValueError("The screen name is plain text, without control characters.")
        return value

    @field_validator("last_error_code")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        if value is not None and has_control(value):
            raise ValueError("The error code is plain text, without control characters.")
        return value.strip() or None if value is not None else None


@router.post("/support-codes", status_code=201)
def make_support_code(
    body: SupportCodeRequest, member: CurrentMember, portal: PortalDep
) -> dict[str, Any]:
    now = portal.clock.now()
    with portal.db.write() as session:
        row = create_code(
            session, member, screen=body.screen, step=body.step,
            last_error_code=body.last_error_code, now=now,
            minutes=portal.settings.support_code_minutes,
        )
        assert row.code is not None
        return {"code": format_code(row.code), "expires_at": row.expires_at.isoformat()}


@router.get("/access-log")
def access_log(
    member: CurrentMember,
    portal: PortalDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    with portal.db.read() as session:
        return access_log_page(session, member.member_id, limit=limit, cursor=cursor)
