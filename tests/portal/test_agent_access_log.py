"""A member sees which agent opened their account, when, and the reason the agent gave."""

from __future__ import annotations

from datetime import datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.helpers.agent_fixtures import make_person, move_clock


def test_agent_reads_show_in_the_members_access_log_newest_first(
    portal_app: FastAPI, client: TestClient
) -> None:
    member = make_person(portal_app, first_name="Lena")
    bystander = make_person(portal_app, first_name="Pat")
    agent = make_person(portal_app, role="agent", first_name="Sam", last_name="Okafor")

    res = client.get(
        f"/api/v1/agent/members/{member.member_id}",
        headers=agent.agent_headers("Caller disputes the March invoice"),
    )
    assert res.status_code == 200
    move_clock(portal_app, 2)
    res = client.post(
        f"/api/v1/agent/members/{member.member_id}/password-reset",
        headers=agent.agent_headers("Caller forgot the password"),
    )
    assert res.status_code == 202

    log = client.get("/api/v1/me/access-log", headers=member.auth)
    assert log.status_code == 200
    body = log.json()
    assert body["next_cursor"] is None
    items = body["items"]
    assert [i["reason"] for i in items] == [
        "Caller forgot the password", "Caller disputes the March invoice",
    ]
    assert [i["description"] for i in items] == [
        "Sent you a reset code for your password", "Opened your account",
    ]
    assert all(i["agent_name"] == "Sam Okafor" for i in items)
    first, second = (datetime.fromisoformat(i["accessed_at"]) for i in items)
    assert first > second
    # Who, not the agent's account: no agent id, username or email in what the member sees.
    text = log.text
    assert agent.member_id not in text and agent.username not in text and agent.email not in text

    assert client.get("/api/v1/me/access-log", headers=bystander.auth).json()["items"] == []


def test_access_log_pages_with_a_cursor(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Noor")
    agent = make_person(portal_app, role="agent", first_name="Kim", last_name="Lee")
    for n in range(5):
        res = client.get(f"/api/v1/agent/members/{member.member_id}",
                         headers=agent.agent_headers(f"call {n}: asked"))
        assert res.status_code == 200

    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/me/access-log", params=params, headers=member.auth).json()
        pages += 1
        assert len(page["items"]) <= 2
        seen += [i["reason"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == [f"call {n}: asked" for n in (4, 3, 2, 1, 0)]

    bad = client.get("/api/v1/me/access-log", params={"cursor": "nonsense"}, headers=member.auth)
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_cursor"
    too_many = client.get("/api/v1/me/access-log", params={"limit": 201}, headers=member.auth)
    assert too_many.status_code == 422


def test_access_log_needs_sign_in(client: TestClient) -> None:
    assert client.get("/api/v1/me/access-log").status_code == 401


def test_a_reason_in_utf8_reads_back_as_written(portal_app: FastAPI, client: TestClient) -> None:
    member = make_person(portal_app, first_name="Zoë")
    agent = make_person(portal_app, role="agent", first_name="Ana", last_name="Núñez")
    reason = "Llamada de José: el pago no aparece"
    res = client.get(
        f"/api/v1/agent/members/{member.member_id}",
        headers={**agent.auth, "X-Access-Reason": reason.encode()},  # type: ignore[dict-item]
    )
    assert res.status_code == 200
    (item,) = client.get("/api/v1/me/access-log", headers=member.auth).json()["items"]
    assert item["reason"] == reason
    assert item["agent_name"] == "Ana Núñez"
