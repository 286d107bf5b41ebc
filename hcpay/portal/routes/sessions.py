"""Signing in and out, and refreshing (portal-api.md, "Sessions")."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel, Field

from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.routes.fields import Text
from hcpay.portal.services import audit
from hcpay.portal.services import sign_in as service
from hcpay.portal.services.addresses import client_address

router = APIRouter(prefix="/api/v1/sessions", tags=["sessions"])


class SignInRequest(BaseModel):
    username: Text = Field(max_length=320)
    password: Text = Field(max_length=1024)
    otp: Text | None = Field(default=None, max_length=64)


class RefreshRequest(BaseModel):
    refresh_token: Text = Field(max_length=256)


class SessionMember(BaseModel):
    member_id: str
    first_name: str
    role: Literal["member", "agent"]


class SessionTokens(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]
    expires_in: int
    member: SessionMember


def _tokens(done: service.SignedIn) -> SessionTokens:
    role: Literal["member", "agent"] = "agent" if done.role == "agent" else "member"
    return SessionTokens(
        access_token=done.pair.access_token, refresh_token=done.pair.refresh_token,
        token_type="bearer", expires_in=done.pair.expires_in,
        member=SessionMember(member_id=done.member_id, first_name=done.first_name, role=role),
    )


@router.post("", status_code=201, response_model=SessionTokens)
def create_session(body: SignInRequest, request: Request, portal: PortalDep) -> SessionTokens:
    done = service.sign_in(
        portal, username=body.username, password=body.password, otp=body.otp,
        client_address=client_address(request),
    )
    return _tokens(done)


@router.post("/refresh", status_code=201, response_model=SessionTokens)
def refresh_session(body: RefreshRequest, portal: PortalDep) -> SessionTokens:
    return _tokens(service.refresh(portal, body.refresh_token))


@router.delete("/current", status_code=204)
def end_session(
    _member: CurrentMember,
    portal: PortalDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    assert authorization is not None  # CurrentMember has checked it
    service.sign_out(portal, authorization[7:].strip())
    audit.event("signed_out", _member.member_id)
    return Response(status_code=204)
