"""Crafted values get a 4xx problem+json naming what is wrong, never a 500 and never a guess
(issue 11, item 15): amounts are integers (not true, not "100"), bounded; dates end in 2100;
cursors hold ids a column can hold. On SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers.accounts import bearer, create_verified_member
from tests.helpers.gateway import card_token, save_method


def _cursor(value: Any) -> str:
    raw = value if isinstance(value, str) else json.dumps(value)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.fixture(scope="module")
def member(client: TestClient) -> tuple[dict[str, str], str]:
    _, _, tokens = create_verified_member(client)
    headers = bearer(tokens)
    return headers, save_method(client, headers, card_token(client))


def _problem(res: Any, status: int, field: str | None = None) -> None:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert field in [e["field"] for e in res.json()["errors"]], res.text


@pytest.mark.parametrize(
    ("amount", "start_date", "field"),
    [
        (2**63, None, "amount.amount_cents"),
        (True, None, "amount.amount_cents"),
        ("100", None, "amount.amount_cents"),
        (12.5, None, "amount.amount_cents"),
        (1000, "9999-12-31", "start_date"),
    ],
)
def test_autopay_takes_only_an_integer_amount_and_a_bounded_date(
    client: TestClient, member: tuple[dict[str, str], str], amount: Any,
    start_date: str | None, field: str,
) -> None:
    headers, method = member
    body: dict[str, Any] = {
        "payment_method_id": method, "amount": {"type": "fixed", "amount_cents": amount},
    }
    if start_date:
        body["start_date"] = start_date
    res = client.put("/api/v1/me/autopay", json=body, headers=headers)
    _problem(res, 422, field)
    assert client.get("/api/v1/me/autopay", headers=headers).status_code == 404  # nothing set


@pytest.mark.parametrize("amount", [True, "100", 2**63, 2**31])
def test_a_payment_amount_is_an_integer_a_column_holds(
    client: TestClient, member: tuple[dict[str, str], str], amount: Any
) -> None:
    headers, method = member
    res = client.post(
        "/api/v1/me/payments", json={"amount_cents": amount, "payment_method_id": method},
        headers={**headers, "Idempotency-Key": f"crafted-{amount!r}"},
    )
    _problem(res, 422, "amount_cents")
    history = client.get("/api/v1/me/payments", headers=headers).json()["items"]
    assert history == []  # not taken as 1 cent or $1.00


def test_a_draw_day_of_true_is_not_the_1st(
    client: TestClient, member: tuple[dict[str, str], str]
) -> None:
    headers, method = member
    res = client.put("/api/v1/me/autopay", headers=headers, json={
        "payment_method_id": method, "amount": {"type": "full_balance"}, "draw_day": True,
    })
    _problem(res, 422, "draw_day")


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("/api/v1/me/payments", _cursor(["2026-01-01T00:00:00+00:00", 10**30])),
        ("/api/v1/me/payments", _cursor(["9999-12-31T23:59:59", 1])),  # no offset
        ("/api/v1/me/payments", _cursor(["2026-01-01T00:00:00+00:00", True])),
        ("/api/v1/me/access-log", _cursor("al:" + "9" * 31)),
        ("/api/v1/me/access-log", _cursor("al:-" + "9" * 31)),
        ("/api/v1/me/notifications", "9" * 31),
    ],
)
def test_crafted_cursors_are_a_400(
    client: TestClient, member: tuple[dict[str, str], str], path: str, cursor: str
) -> None:
    headers, _ = member
    res = client.get(path, params={"cursor": cursor}, headers=headers)
    _problem(res, 400)
    assert res.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize("installments", [True, "3", 7, 2**63])
def test_installments_are_a_whole_number_from_2_to_6(
    client: TestClient, member: tuple[dict[str, str], str], installments: Any
) -> None:
    headers, method = member
    res = client.post("/api/v1/me/payment-plans", headers=headers,
                      json={"installments": installments, "payment_method_id": method})
    _problem(res, 422, "installments")
