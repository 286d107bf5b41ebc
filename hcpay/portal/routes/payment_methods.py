"""The wallet: saved cards and bank accounts (token, brand, last 4, expiry: never a number)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlalchemy import select, update

from hcpay.domain.i18n import _
from hcpay.domain.references import random_code
from hcpay.gateway.processor import GatewayError
from hcpay.portal.deps import CurrentMember, PortalDep
from hcpay.portal.models import Autopay, PaymentMethod
from hcpay.portal.payments.views import method_view
from hcpay.portal.problems import Problem
from hcpay.portal.services import audit

router = APIRouter(prefix="/api/v1/me/payment-methods", tags=["payment methods"])


class MethodIn(BaseModel):
    token: str = Field(min_length=1, max_length=128)
    make_default: bool = False


def _owned(session: Any, member_id: str, method_id: str) -> PaymentMethod:
    method = session.get(PaymentMethod, method_id)
    if method is None or method.member_id != member_id or method.deleted_at is not None:
        raise Problem(404, "payment_method_not_found",
                      _("There is no such payment method on your account."))
    assert isinstance(method, PaymentMethod)
    return method


@router.get("")
def list_methods(member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.read() as session:
        rows = session.execute(
            select(PaymentMethod)
            .where(PaymentMethod.member_id == member.member_id, PaymentMethod.deleted_at.is_(None))
            .order_by(PaymentMethod.created_at)
        ).scalars()
        return {"items": [method_view(m) for m in rows], "next_cursor": None}


@router.post("", status_code=201)
def add_method(body: MethodIn, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    try:
        info = portal.gateway.make_reusable(body.token)
    except GatewayError as exc:
        raise Problem(
            422, exc.code, _("{message} Enter the card or account again.").format(
                message=exc.message),
            errors=[{"field": "token", "message": _("Enter the card or account again.")}],
        ) from exc
    now = portal.clock.now()
    with portal.db.write() as session:
        has_default = session.execute(
            select(PaymentMethod.payment_method_id).where(
                PaymentMethod.member_id == member.member_id, PaymentMethod.deleted_at.is_(None),
                PaymentMethod.is_default.is_(True),
            )
        ).first()
        make_default = body.make_default or has_default is None
        if make_default:
            session.execute(
                update(PaymentMethod)
                .where(PaymentMethod.member_id == member.member_id)
                .values(is_default=False)
            )
        method = PaymentMethod(
            payment_method_id=f"PM-{random_code(4)}-{random_code(4)}",
            member_id=member.member_id, token=info.token, kind=info.kind, brand=info.brand,
            last4=info.last4, exp_month=info.exp_month, exp_year=info.exp_year,
            account_type=info.account_type, is_default=make_default, created_at=now,
        )
        session.add(method)
        session.flush()
        audit.event("payment_method_added", member.member_id, method=method.payment_method_id)
        return method_view(method)


@router.post("/{method_id}/default")
def make_default(method_id: str, member: CurrentMember, portal: PortalDep) -> dict[str, Any]:
    with portal.db.write() as session:
        method = _owned(session, member.member_id, method_id)
        session.execute(
            update(PaymentMethod)
            .where(PaymentMethod.member_id == member.member_id)
            .values(is_default=False)
        )
        method.is_default = True
        session.flush()
        return method_view(method)


@router.delete("/{method_id}", status_code=204)
def delete_method(method_id: str, member: CurrentMember, portal: PortalDep) -> Response:
    with portal.db.write() as session:
        method = _owned(session, member.member_id, method_id)
        autopay = session.get(Autopay, member.member_id)
        if autopay is not None and autopay.enabled and autopay.payment_method_id == method_id:
            raise Problem(
                409, "payment_method_in_use",
                _("Automatic payments use this method. Choose another method for automatic "
                "payments (or turn them off) first, then delete it."),
            )
        method.deleted_at = portal.clock.now()
        method.is_default = False
    audit.event("payment_method_removed", member.member_id, method=method_id)
    return Response(status_code=204)
