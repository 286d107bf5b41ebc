"""The retention job (issue 11, item 14): expired tokens and the logins they belonged to, codes
and idempotency keys (after 72 hours, not before) are removed; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.portal.models import (
    AttemptCounter,
    IdempotencyRecord,
    Login,
    Payment,
    Token,
    VerificationCode,
)
from hcpay.portal.services import attempt_limits
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


def _counters(app: FastAPI) -> int:
    with app.state.portal.db.read() as session:
        return int(session.execute(select(func.count()).select_from(AttemptCounter)).scalar_one())


def test_attempt_counters_are_pruned_once_their_window_is_over(
    client: TestClient, portal_app: FastAPI
) -> None:
    with portal_app.state.portal.db.write() as session:
        now = portal_app.state.portal.clock.now()
        assert attempt_limits.take(session, "test", "old", limit=5, window=timedelta(minutes=15),
                                   now=now) is None
    advance_clock(portal_app, hours=72)
    with portal_app.state.portal.db.write() as session:
        now = portal_app.state.portal.clock.now()
        assert attempt_limits.take(session, "test", "new", limit=5, window=timedelta(minutes=15),
                                   now=now) is None
    assert _counters(portal_app) == 2
    _run_jobs(portal_app)
    assert _counters(portal_app) == 1  # the three-day-old one is gone; the new one still counts


def test_a_window_longer_than_retention_keeps_is_refused(portal_app: FastAPI) -> None:
    with portal_app.state.portal.db.write() as session, pytest.raises(ValueError):
        attempt_limits.take(session, "test", "k", limit=5, window=timedelta(days=2),
                            now=portal_app.state.portal.clock.now())


def test_expired_guest_tokens_are_pruned(client: TestClient, portal_app: FastAPI) -> None:
    from hcpay.portal.models import GuestToken
    from tests.helpers.guests import guest_token, member_with_bill

    member = member_with_bill(client)
    guest_token(client, member.member_id)
    assert _count(portal_app, GuestToken, member.member_id) == 1
    advance_clock(portal_app, hours=26)
    _run_jobs(portal_app)
    assert _count(portal_app, GuestToken, member.member_id) == 0
