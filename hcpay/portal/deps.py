"""Route dependencies: the portal context and the signed-in member."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from hcpay.domain.i18n import _
from hcpay.portal.context import Portal
from hcpay.portal.models import Member
from hcpay.portal.problems import Problem
from hcpay.portal.services.signed_in import bearer, signed_in_member


async def portal_of(request: Request) -> Portal:
    """The portal context. ``async``: FastAPI calls it on the event loop, not through the
    thread pool (a hop per request saved; it does no I/O)."""
    portal: Portal = request.app.state.portal
    return portal


PortalDep = Annotated[Portal, Depends(portal_of)]

def current_member(
    portal: PortalDep, authorization: Annotated[str | None, Header()] = None
) -> Member:
    return authenticate(portal, authorization)


async def bearer_header(authorization: Annotated[str | None, Header()] = None) -> str:
    """The ``Authorization`` header, or 401 when there is no bearer token at all (checked
    before the body, as ``CurrentMember`` is, without a database read or a thread)."""
    return bearer(authorization)


def authenticate(portal: Portal, authorization: str | None) -> Member:
    """The member an ``Authorization: Bearer`` header signs in, or a 401 problem saying why."""
    return signed_in_member(portal, authorization)


CurrentMember = Annotated[Member, Depends(current_member)]


def current_agent(member: CurrentMember) -> Member:
    if not member.is_agent:
        raise Problem(403, "agent_only", _("This is for support agents only."))
    return member


CurrentAgent = Annotated[Member, Depends(current_agent)]
