"""Guest payment helpers: a member with a bill and a date of birth, a lookup, a payment."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from hcpay.portal.models import Member
from tests.helpers.members import TestMember, make_member, portal_of

BORN = date(1984, 3, 9)


def member_with_bill(client: TestClient, born: date = BORN) -> TestMember:
    """A new member (binder bill open) whose date of birth is ``born``."""
    member = make_member(client, coverage="new")
    portal = portal_of(client)
    with portal.db.write() as session:
        row = session.get(Member, member.member_id)
        assert row is not None
        row.date_of_birth = born
    return member


def lookup(client: TestClient, member_id: str, born: date | str = BORN) -> Any:
    day = born.isoformat() if isinstance(born, date) else born
    return client.post("/api/v1/guest/lookup", json={"member_id": member_id, "date_of_birth": day})


def guest_token(client: TestClient, member_id: str, born: date = BORN) -> str:
    res = lookup(client, member_id, born)
    assert res.status_code == 201, res.text
    token: str = res.json()["guest_token"]
    return token


def guest_pay(client: TestClient, token: str, body: dict[str, Any],
              key: str | None = None) -> Any:
    return client.post("/api/v1/guest/payments", json=body, headers={
        "Authorization": f"Bearer {token}", "Idempotency-Key": key or secrets.token_hex(8)})
