"""The retention job (issue 11, item 14): expired tokens and the logins they belonged to, codes
and idempotency keys (after 72 hours, not before) are removed; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.portal.models import IdempotencyRecord, Login, Payment, Token, VerificationCode
from tests.helpers.accounts import advance_clock, bearer, create_verified_member
from tests.helpers.gateway import card_token


def _count(app: FastAPI, model: Any, member_id: str) -> int:
    portal = app.state.portal
    with portal.db.read() as session:
        if model is Token:
            query = select(func.count()).select_from(Token).join(
                Login, Login.login_id == Token.login_id
            ).where(Login.member_id == member_id)
        else:
            query = select(func.count()).select_from(model).where(model.member_id == member_id)
        return int(session.execute(query).scalar_one())


def _run_jobs(app: FastAPI) -> None:
    app.state.portal.jobs.run_until()


def test_expired_sign_ins_codes_and_old_idempotency_keys_are_pruned(
    client: TestClient, portal_app: FastAPI
) -> None:
    _, _, tokens = create_verified_member(client)
    headers = bearer(tokens)
    member_id = client.get("/api/v1/me", headers=headers).json()["member_id"]
    res = client.post(
        "/api/v1/me/payments", json={"amount_cents": 500, "token": card_token(client)},
        headers={**headers, "Idempotency-Key": "retention-1"},
    )
    assert res.status_code == 201, res.text
    assert _count(portal_app, Token, member_id) == 2
    assert _count(portal_app, VerificationCode, member_id) == 1

    advance_clock(portal_app, hours=60)  # the login is long over; the key is 60 hours old
    _run_jobs(portal_app)
    assert _count(portal_app, Token, member_id) == 0
    assert _count(portal_app, Login, member_id) == 0
    assert _count(portal_app, VerificationCode, member_id) == 0
    assert _count(portal_app, IdempotencyRecord, member_id) == 1  # kept for 72 hours

    advance_clock(portal_app, hours=13)
    _run_jobs(portal_app)
    assert _count(portal_app, IdempotencyRecord, member_id) == 0
    # the payment itself stays in the member's history
    with portal_app.state.portal.db.read() as session:
        kept = session.execute(
            select(func.count()).select_from(Payment).where(Payment.member_id == member_id)
        ).scalar_one()
    assert kept == 1
