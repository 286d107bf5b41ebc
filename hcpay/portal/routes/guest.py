"""Pay without signing in (portal-api.md v1.1): look a bill up by member id and date of birth
(or an agent's pay link code), read its balance, pay it by a new card or bank account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from hcpay.domain.i18n import _
from hcpay.portal.context import Portal
from hcpay.portal.deps import PortalDep
from hcpay.portal.payments.create import PaymentIn, PaymentRequest, create_payment
from hcpay.portal.payments.engine import ProcessorUnavailable
from hcpay.portal.problems import PROBLEM_JSON, Problem, field_errors
from hcpay.portal.routes.fields import Cents, Day, Text
from hcpay.portal.services import audit, guest_access
from hcpay.portal.services.addresses import client_address

router = APIRouter(prefix="/api/v1/guest", tags=["guest payment"])


class LookupIn(BaseModel):
    member_id: Text | None = Field(default=None, max_length=40)
    date_of_birth: Day | None = None
    pay_code: Text | None = Field(default=None, max_length=40)


class GuestPaymentIn(BaseModel):
    amount_cents: Cents
    token: str = Field(max_length=128)
    # the payer saw that the same amount from the same card or account went out in the last
    # 24 hours and pays again on purpose (as for a member's payment, "possible_duplicate")
    allow_duplicate: bool = False


def _look_up(portal: Portal, body: LookupIn, address: str) -> guest_access.Looked:
    with portal.db.write() as session:
        if body.pay_code is not None and body.pay_code.strip():
            looked = guest_access.by_pay_code(session, portal, body.pay_code, address=address)
            way = "pay_link"
        else:
            assert body.member_id is not None and body.date_of_birth is not None
            looked = guest_access.by_birth_date(
                session, portal, body.member_id, body.date_of_birth, address=address)
            way = "member_id"
        balance = None
        if looked.found is not None:
            balance = guest_access.balance(session, portal, looked.found.member_id,
                                           looked.found.first_name)
    guest_access.audit_lookup(way, looked, address=address)
    if looked.refusal is not None:
        raise looked.refusal
    assert looked.found is not None and balance is not None
    return guest_access.Looked(found=looked.found, refusal=None, balance=balance)


@router.post("/lookup", status_code=201)
def lookup(body: LookupIn, request: Request, portal: PortalDep) -> dict[str, Any]:
    """A guest token for one member's balance (15 minutes), or 404 ``no_match``: the same
    answer, in the same time, whether the member id exists or not."""
    has_code = bool(body.pay_code and body.pay_code.strip())
    if not has_code and (not (body.member_id or "").strip() or body.date_of_birth is None):
        raise field_errors([
            ("member_id", _("Type the member id from your bill (like M-7K2M-9QX4) and your "
                            "date of birth, or the pay code an agent gave you.")),
        ])
    looked = _look_up(portal, body, client_address(request))
    assert looked.found is not None
    return {"guest_token": looked.found.token, "expires_in": looked.found.expires_in,
            **(looked.balance or {})}


def _guest(portal: Portal, authorization: str | None) -> dict[str, Any]:
    with portal.db.read() as session:
        guest = guest_access.guest_of(session, portal, authorization)
        first_name = guest_access.first_name_of(session, guest.member_id)
        return guest_access.balance(session, portal, guest.member_id, first_name)


@router.get("/balance")
def balance(portal: PortalDep,
            authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    """What a guest token may read: the first initial, what is due and when."""
    return _guest(portal, authorization)


@router.post("/payments", status_code=201)
async def pay(
    body: GuestPaymentIn, portal: PortalDep,
    authorization: Annotated[str | None, Header()] = None,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Pay the guest token's balance by a new card or bank account's one-time token (never
    saved), once per Idempotency-Key, like ``POST /me/payments``."""
    if not idempotency_key or not idempotency_key.strip() or len(idempotency_key) > 255:
        await run_in_threadpool(_guest, portal, authorization)  # 401 comes first
        raise Problem(
            400, "idempotency_key_required",
            _("Send an Idempotency-Key header (1-255 characters, new for each payment) so a "
              "retried request can never charge twice."),
        )
    request = PaymentRequest(
        authorization or "", idempotency_key,
        PaymentIn(amount_cents=body.amount_cents, token=body.token,
                  allow_duplicate=body.allow_duplicate),
        portal.gateway, guest=True,
    )
    try:
        answer = await create_payment(portal, request)
    except ProcessorUnavailable as exc:
        raise Problem(
            503, "processor_unavailable",
            _("We could not reach the payment processor. Nothing was charged twice: send the "
              "same request again (same Idempotency-Key) in a minute."),
            headers={"Retry-After": "5"},
        ) from exc
    audit.payment_answer(answer.status_code, answer.body, source="guest")
    media = PROBLEM_JSON if answer.status_code >= 400 else "application/json"
    return JSONResponse(answer.body, status_code=answer.status_code, media_type=media)
