"""Support agents' routes. Every call needs an agent's token and an ``X-Access-Reason`` header,
and writes an audit row in the same transaction as what it reads or changes."""

from __future__ import annotations

import base64
import binascii
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, Field, field_validator

from hcpay.gateway.processor import GatewayError
from hcpay.portal.context import Portal
from hcpay.portal.deps import CurrentAgent, PortalDep
from hcpay.portal.models import Member, MemberNote
from hcpay.portal.problems import Problem, field_errors
from hcpay.portal.services import money_actions, pay_links
from hcpay.portal.services.agent_money import find_payment
from hcpay.portal.services.agent_view import (
    member_view,
    normalise_member_id,
    payment_reference_in,
    search_members,
)
from hcpay.portal.services.agent_view import summary as member_summary
from hcpay.portal.services.audit import AgentRequest, AuditedCall, audited
from hcpay.portal.services.masking import mask_email
from hcpay.portal.services.password_resets import send_reset
from hcpay.portal.services.plain_text import has_control
from hcpay.portal.services.support_codes import find_code_for_agent, format_code, normalise_code

router = APIRouter(prefix="/api/v1/agent", tags=["agent"])

MAX_REASON = 500
MIN_REASON = 10  # portal-api.md v1.1: a reason the member can read, not "."


def _utf8(header: str) -> str:
    """Header values arrive decoded as Latin-1; a reason sent as UTF-8 ("José") is read as such."""
    try:
        return header.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return header


def agent_request(
    request: Request,
    agent: CurrentAgent,
    x_access_reason: Annotated[str | None, Header()] = None,
) -> AgentRequest:
    reason = _utf8(x_access_reason or "").strip()
    if not reason:
        raise Problem(
            400, "access_reason_required",
            "Say why you are opening this account: send an X-Access-Reason header, such as "
            "\"Caller asked about a missing payment\". The member can read it.",
        )
    if has_control(reason):
        raise Problem(
            400, "access_reason_required",
            "Write the access reason as plain text, on one line, without control characters.",
        )
    if len(reason) < MIN_REASON:
        raise Problem(
            422, "access_reason_required",
            f"Say in a few words (at least {MIN_REASON} characters) why you are opening this "
            "account, such as \"Caller asked about a missing payment\". The member can read it.",
        )
    if len(reason) > MAX_REASON:
        raise Problem(
            400, "access_reason_required",
            f"Keep the access reason to {MAX_REASON} characters or fewer.",
        )
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    return AgentRequest(agent=agent, reason=reason, route=f"{request.method} {path}")


AgentRequestDep = Annotated[AgentRequest, Depends(agent_request)]


def _audited(
    portal: Portal, req: AgentRequest, action: str, target: str | None
) -> AbstractContextManager[AuditedCall]:
    return audited(portal.db, req, now=portal.clock.now(), action=action, target=target)


def _member_or_404(call: AuditedCall, member_id: str) -> Member:
    wanted = normalise_member_id(member_id)
    member = call.session.get(Member, wanted) if wanted else None
    if member is None or member.is_agent:
        raise Problem(
            404, "member_not_found",
            "No member has this member id. Check it with the caller, or search by name or email.",
        )
    call.touches(member.member_id)
    return member


def _encode_after(member_id: str) -> str:
    return base64.urlsafe_b64encode(f"ms:{member_id}".encode()).decode().rstrip("=")


def _decode_after(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise _bad_cursor() from exc
    kind, _, value = text.partition(":")
    if kind != "ms" or not value:
        raise _bad_cursor()
    return value


def _bad_cursor() -> Problem:
    return Problem(
        400, "invalid_cursor",
        "This cursor is not valid. Search again without a cursor and follow next_cursor.",
    )


@router.get("/members")
def search(
    req: AgentRequestDep,
    portal: PortalDep,
    q: Annotated[str, Query(min_length=2, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    if has_control(q):
        raise field_errors([("q", "Type a member id, name, email or payment reference.")])
    after = _decode_after(cursor) if cursor else None
    with _audited(portal, req, "search", q.strip()) as call:
        items, next_after, matched_by = search_members(
            call.session, q, limit=limit, after=after
        )
        for item in items:
            call.touches(item["member_id"])
    return {
        "items": items, "matched_by": matched_by,
        "next_cursor": _encode_after(next_after) if next_after else None,
    }


@router.get("/members/{member_id}")
def view_member(member_id: str, req: AgentRequestDep, portal: PortalDep) -> dict[str, Any]:
    with _audited(portal, req, "view_member", member_id) as call:
        member = _member_or_404(call, member_id)
        today = portal.clock.local(call.now).date()
        return member_view(call.session, member, now=call.now, today=today)


@router.get("/payments/{reference}")
def lookup_payment(reference: str, req: AgentRequestDep, portal: PortalDep) -> dict[str, Any]:
    wanted = payment_reference_in(reference)
    with _audited(portal, req, "lookup_payment", wanted or reference) as call:
        found = find_payment(call.session, wanted) if wanted else None
        if found is None:
            raise Problem(
                404, "payment_not_found",
                "No payment has this reference. Read it back to the caller: it looks like "
                "HCP-7K2M-9QX4 (letters and digits, no I, L, O or U).",
            )
        call.touches(found.member_id)
        member = call.session.get(Member, found.member_id)
        assert member is not None
        return {"payment": found.payment, "member": member_summary(member)}


@router.get("/support-codes/{code}")
def read_support_code(code: str, req: AgentRequestDep, portal: PortalDep) -> dict[str, Any]:
    digits = normalise_code(code)
    with _audited(portal, req, "support_code", code[:20]) as call:
        found = (find_code_for_agent(call.session, req.agent.member_id, digits, call.now)
                 if digits else None)
        if found is None or found.code is None:
            if found is not None and found.expired:
                raise Problem(
                    404, "support_code_expired",
                    "This support code has expired (codes last 15 minutes). Ask the caller to "
                    "make a new one: press t, then choose Contact support.",
                )
            raise Problem(
                404, "support_code_not_found",
                "No support code matches. Ask the caller to read the six digits again, or to "
                "make a new one: press t, then choose Contact support.",
            )
        row = found.code
        assert digits is not None
        member = call.session.get(Member, row.member_id)
        assert member is not None
        call.touches(member.member_id)
        return {
            "code": format_code(digits),
            "screen": row.screen,
            "step": row.step,
            "last_error_code": row.last_error_code,
            "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat(),
            "member": member_summary(member),
        }


class NoteRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Write the note before saving it.")
        if has_control(value, allow="\n\t"):
            raise ValueError("Notes are plain text: remove the control characters.")
        return value


@router.post("/members/{member_id}/notes", status_code=201)
def add_note(
    member_id: str, body: NoteRequest, req: AgentRequestDep, portal: PortalDep
) -> dict[str, Any]:
    with _audited(portal, req, "add_note", member_id) as call:
        member = _member_or_404(call, member_id)
        note = MemberNote(
            member_id=member.member_id, agent_id=req.agent.member_id, text=body.text,
            created_at=call.now,
        )
        call.session.add(note)
        call.session.flush()
        return {
            "note_id": note.id, "member_id": member.member_id, "text": note.text,
            "agent_name": f"{req.agent.first_name} {req.agent.last_name}",
            "created_at": note.created_at.isoformat(),
        }


@router.post("/members/{member_id}/password-reset", status_code=202)
def password_reset(member_id: str, req: AgentRequestDep, portal: PortalDep) -> dict[str, Any]:
    with _audited(portal, req, "password_reset", member_id) as call:
        member = _member_or_404(call, member_id)
        # The same single-use, 30-minute link a member gets from "Forgot password".
        send_reset(call.session, member, now=call.now, settings=portal.settings)
        return {"sent_to": mask_email(member.email), "channel": "email"}


# -- money actions (portal-api.md v1.1): the action's own reason is what the audit line and the
# member's access log keep; the member's row (and a refund's payment) is locked while deciding.


class RefundRequest(BaseModel):
    amount_cents: int
    payment_reference: str = Field(min_length=1, max_length=40)
    reason: str = Field(max_length=MAX_REASON)


class AdjustmentRequest(BaseModel):
    amount_cents: int
    kind: Literal["credit", "fee_waiver"]
    reason: str = Field(max_length=MAX_REASON)


def _action_request(req: AgentRequest, reason: str) -> AgentRequest:
    return replace(req, reason=" ".join(reason.split()) or req.reason)


@router.post("/members/{member_id}/refunds", status_code=201)
def refund(
    member_id: str, body: RefundRequest, req: AgentRequestDep, portal: PortalDep
) -> dict[str, Any]:
    action = _action_request(req, body.reason)
    with _audited(portal, action, "refund", body.payment_reference) as call:
        member = _member_or_404(call, member_id)
        reason = money_actions.check_reason(body.reason)
        reserved = money_actions.reserve_refund(
            call.session, member, req.agent, payment_reference=body.payment_reference,
            amount_cents=body.amount_cents, reason=reason, now=call.now,
        )
        call.target = reserved.reference
    answer = money_actions.send_refund(portal.gateway, reserved)
    view = money_actions.record_refund(portal.db, reserved, answer, now=portal.clock.now())
    if isinstance(answer, GatewayError):
        with _audited(portal, action, "refund_failed", reserved.reference) as call:
            call.touches(member.member_id)
            refused = answer.code in money_actions.REFUSALS
            raise Problem(
                409 if refused else 502, "refund_refused" if refused else "refund_failed",
                f"The payment processor did not refund it: {answer.message} Nothing was "
                "refunded and the member's credit is as it was"
                + ("." if refused else "; try again in a few minutes."),
                extra={"reference": reserved.reference},
            )
    return view


@router.post("/members/{member_id}/adjustments", status_code=201)
def adjust(
    member_id: str, body: AdjustmentRequest, req: AgentRequestDep, portal: PortalDep
) -> dict[str, Any]:
    with _audited(portal, _action_request(req, body.reason), body.kind, None) as call:
        member = _member_or_404(call, member_id)
        reason = money_actions.check_reason(body.reason)
        view = money_actions.add_adjustment(
            call.session, member, req.agent, portal.settings, kind=body.kind,
            amount_cents=body.amount_cents, reason=reason, now=call.now,
        )
        call.target = view["reference"]
        return view


class PayLinkRequest(BaseModel):
    # why the link is made (the access reason when it is left out); the member reads it
    reason: str | None = Field(default=None, max_length=MAX_REASON)


@router.post("/members/{member_id}/pay-links", status_code=201)
def pay_link(
    member_id: str, req: AgentRequestDep, portal: PortalDep, body: PayLinkRequest | None = None,
) -> dict[str, Any]:
    """A one-use code (8 characters, 24 hours) the agent reads to the caller, who types it into
    guest payment instead of the member id and date of birth."""
    given = body.reason if body is not None and body.reason else req.reason
    with _audited(portal, _action_request(req, given), "pay_link", None) as call:
        member = _member_or_404(call, member_id)
        reason = money_actions.check_reason(given)
        made = pay_links.make(call.session, member, req.agent, reason=reason, now=call.now,
                              settings=portal.settings)
        call.target = made.reference
    return {"url_code": pay_links.shown(made.code), "reference": made.reference,
            "expires_at": made.expires_at.isoformat()}
