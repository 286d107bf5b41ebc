"""Every agent route: no token -> 401, a member's token -> 403, an agent without a reason -> 400.

None of the refused requests shows up in the member's access log, and each accepted one does.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import REASON, Person, audit_rows, make_person


@pytest.fixture(scope="module")
def people(portal_app: FastAPI, client: TestClient) -> dict[str, Any]:
    member = make_person(portal_app, first_name="Rosa", last_name="Authtarget")
    other = make_person(portal_app, first_name="Omar")
    agent = make_person(portal_app, role="agent", first_name="Alex", last_name="Rivera")
    code = client.post(
        "/api/v1/me/support-codes", json={"screen": "make_payment", "step": 3},
        headers=member.auth,
    ).json()["code"]
    return {"member": member, "other": other, "agent": agent, "code": code}


def routes(people: dict[str, Any]) -> list[tuple[str, str, dict[str, Any] | None]]:
    mid = people["member"].member_id
    return [
        ("GET", "/api/v1/agent/members?q=Authtarget", None),
        ("GET", f"/api/v1/agent/members/{mid}", None),
        ("GET", "/api/v1/agent/payments/HCP-7K2M-9QX4", None),
        ("GET", f"/api/v1/agent/support-codes/{people['code']}", None),
        ("POST", f"/api/v1/agent/members/{mid}/notes", {"text": "Called about autopay."}),
        ("POST", f"/api/v1/agent/members/{mid}/password-reset", None),
    ]


ROUTE_IDS = ["search", "member_view", "payment", "support_code", "note", "password_reset"]


def call(
    client: TestClient, route: tuple[str, str, dict[str, Any] | None], headers: dict[str, str]
) -> Any:
    method, path, body = route
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize("index", range(6), ids=ROUTE_IDS)
def test_agent_route_refuses_without_token(
    client: TestClient, people: dict[str, Any], index: int
) -> None:
    res = call(client, routes(people)[index], {"X-Access-Reason": REASON})
    assert res.status_code == 401
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["code"] == "not_signed_in"


@pytest.mark.parametrize("index", range(6), ids=ROUTE_IDS)
def test_agent_route_refuses_member_token(
    client: TestClient, people: dict[str, Any], index: int
) -> None:
    other: Person = people["other"]
    res = call(client, routes(people)[index], other.agent_headers())
    assert res.status_code == 403
    assert res.json()["code"] == "agent_only"


@pytest.mark.parametrize(
    "reason", [None, "", "   ", "x" * 501], ids=["none", "empty", "blank", "long"]
)
@pytest.mark.parametrize("index", range(6), ids=ROUTE_IDS)
def test_agent_route_needs_a_reason(
    client: TestClient, people: dict[str, Any], index: int, reason: str | None
) -> None:
    agent: Person = people["agent"]
    res = call(client, routes(people)[index], agent.agent_headers(reason))
    assert res.status_code == 400
    body = res.json()
    assert body["code"] == "access_reason_required"
    assert "X-Access-Reason" in body["detail"] or "500 characters" in body["detail"]


def test_refused_calls_left_no_trace_and_accepted_ones_do(
    portal_app: FastAPI, client: TestClient, people: dict[str, Any]
) -> None:
    member: Person = people["member"]
    agent: Person = people["agent"]
    assert audit_rows(portal_app, agent.member_id) == []
    before = client.get("/api/v1/me/access-log", headers=member.auth).json()["items"]
    assert before == []  # every call above was refused

    expected = {201, 202, 200, 404}
    for index, route in enumerate(routes(people)):
        res = call(client, route, agent.agent_headers(f"{REASON} #{index}"))
        assert res.status_code in expected, (route, res.status_code, res.text)
    log = client.get("/api/v1/me/access-log", headers=member.auth).json()["items"]
    # The payment lookup matched no payment of this member; the five others opened the account.
    reasons = sorted(item["reason"] for item in log)
    assert reasons == [f"{REASON} #{i}" for i in (0, 1, 3, 4, 5)]
    assert {item["agent_name"] for item in log} == {"Alex Rivera"}

    rows = audit_rows(portal_app, agent.member_id)
    assert [(r.action, r.outcome) for r in rows] == [
        ("search", "ok"), ("view_member", "ok"), ("lookup_payment", "payment_not_found"),
        ("support_code", "ok"), ("add_note", "ok"), ("password_reset", "ok"),
    ]
    assert rows[2].member_id is None and rows[2].target == "HCP-7K2M-9QX4"
    assert rows[1].route == "GET /api/v1/agent/members/{member_id}"
