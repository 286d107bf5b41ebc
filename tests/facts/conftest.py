"""One portal for the module (in-process, SQLite, sandbox) with four members whose accounts
say something a face can get wrong: a new member before the first payment, an overpaid member
with a credit, a member in grace with a payment plan, and a member with paused automatic
payments. Each is signed in once (a login made in the portal's database); every face uses
that login."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.api.models import TokenPair
from hcpay.portal.app import create_app
from hcpay.portal.billing.periods import add_months
from hcpay.portal.models import Member
from hcpay.portal.services.tokens import start_login
from hcpay.portal.settings import PortalSettings
from tests.helpers.accounts import FAST_PORTAL_SETTINGS
from tests.helpers.gateway import card_token, save_method
from tests.helpers.members import TestMember, make_member, set_day, today


@dataclass(frozen=True)
class SignedIn:
    username: str
    first_name: str
    pair: TokenPair


def _sign_in(member: TestMember) -> SignedIn:
    portal = member.portal
    with portal.db.write() as session:
        row = session.get(Member, member.member_id)
        assert row is not None
        made = start_login(session, row, now=portal.clock.now(), settings=portal.settings)
        first_name = row.first_name
    pair = TokenPair(
        access_token=made.access_token, refresh_token=made.refresh_token,
        expires_in=made.expires_in,
        member={"member_id": member.member_id, "first_name": first_name},
    )
    return SignedIn(member.username, first_name, pair)


def _ok(response: object) -> dict[str, object]:
    status = getattr(response, "status_code", 0)
    assert 200 <= status < 300, getattr(response, "text", "")
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    return body


@pytest.fixture(scope="module")
def facts_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("facts-portal")
    settings = PortalSettings(database_url=f"sqlite:///{folder / 'portal.db'}", sandbox=True,
                              **FAST_PORTAL_SETTINGS)  # type: ignore[arg-type]
    app = create_app(settings)
    yield app
    app.state.portal.db.dispose()


@pytest.fixture(scope="module")
def members(facts_portal: FastAPI) -> dict[str, SignedIn]:
    with TestClient(facts_portal, raise_server_exceptions=False) as client:
        # In grace with a plan first: it moves the sandbox clock, which the others then follow.
        grace = make_member(client, subsidized=True)
        method = save_method(client, grace.headers, card_token(client))
        set_day(client, add_months(today(client).replace(day=1), 1).replace(day=24))
        summary = _ok(client.get("/api/v1/me/summary", headers=grace.headers))
        assert summary["coverage_status"] == "grace"
        _ok(client.post("/api/v1/me/payment-plans", headers=grace.headers,
                        json={"installments": 3, "payment_method_id": method}))

        new = make_member(client, coverage="new")

        overpaid = make_member(client, coverage="new")
        headers = overpaid.headers
        owed = _ok(client.get("/api/v1/me/summary", headers=headers))["balance_due_cents"]
        assert isinstance(owed, int) and owed > 0
        _ok(client.post("/api/v1/me/payments", headers={**headers,
                                                         "Idempotency-Key": secrets.token_hex(8)},
                        json={"amount_cents": owed + 2_500, "token": card_token(client)}))

        paused = make_member(client)
        headers = paused.headers
        method = save_method(client, headers, card_token(client))
        _ok(client.put("/api/v1/me/autopay", headers=headers, json={
            "enabled": False, "payment_method_id": method, "amount": {"type": "full_balance"},
            "frequency": "monthly", "draw_day": "due_date",
        }))
        # paid in full, then automatic payments drawing on the 28th, before the next bill
        paid_up = make_member(client, coverage="new")
        headers = paid_up.headers
        owed = _ok(client.get("/api/v1/me/summary", headers=headers))["balance_due_cents"]
        method = save_method(client, headers, card_token(client))
        _ok(client.post("/api/v1/me/payments", headers={**headers,
                                                         "Idempotency-Key": secrets.token_hex(8)},
                        json={"amount_cents": owed, "payment_method_id": method}))
        _ok(client.put("/api/v1/me/autopay", headers=headers, json={
            "enabled": True, "payment_method_id": method, "amount": {"type": "full_balance"},
            "frequency": "monthly", "draw_day": 28,
        }))
        found = {"new": new, "overpaid": overpaid, "grace_plan": grace, "paused": paused,
                 "paid_up_autopay": paid_up}
        return {name: _sign_in(member) for name, member in found.items()}
