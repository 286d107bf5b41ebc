"""Automatic payments paused until a day: the portal keeps the day, says it instead of a next
draw, turns them on again by itself that morning (a job, before the day's draws), and reminds
a member whose reminders are on that many days before."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.helpers.gateway import card_token, save_method
from tests.helpers.members import advance, make_member, set_day, today


def _put(client: TestClient, headers: dict[str, str], method: str, **extra: Any) -> Any:
    return client.put("/api/v1/me/autopay", headers=headers, json={
        "payment_method_id": method, "amount": {"type": "full_balance"},
        "frequency": "monthly", "draw_day": "due_date", **extra})


def _codes(client: TestClient, headers: dict[str, str]) -> list[str]:
    return [n["code"] for n in
            client.get("/api/v1/me/notifications", headers=headers).json()["items"]]


def test_paused_until_a_day_resumes_by_itself_that_day(client: TestClient) -> None:
    member = make_member(client)
    method = save_method(client, member.headers, card_token(client), make_default=True)
    assert _put(client, member.headers, method).status_code == 200
    until = today(client) + timedelta(days=20)
    paused = _put(client, member.headers, method, enabled=False,
                  paused_until=until.isoformat())
    assert paused.status_code == 200, paused.text
    body = paused.json()
    assert body["enabled"] is False and body["paused_until"] == until.isoformat()
    assert body["next_draw_date"] is None  # no stale draw while paused
    set_day(client, until - timedelta(days=1))
    assert client.get("/api/v1/me/autopay", headers=member.headers).json()["enabled"] is False
    advance(client, 1)
    now = client.get("/api/v1/me/autopay", headers=member.headers).json()
    assert now["enabled"] is True and now["paused_until"] is None
    assert now["next_draw_date"] is not None and now["next_draw_date"] >= until.isoformat()
    assert _codes(client, member.headers).count("autopay_resumed") == 1
    advance(client, 1)  # the job again: nothing more
    assert _codes(client, member.headers).count("autopay_resumed") == 1


def test_a_resume_date_must_be_after_today(client: TestClient) -> None:
    member = make_member(client)
    method = save_method(client, member.headers, card_token(client), make_default=True)
    res = _put(client, member.headers, method, enabled=False,
               paused_until=today(client).isoformat())
    assert res.status_code == 422
    assert any(e["field"] == "paused_until" for e in res.json()["errors"])


def test_paused_without_a_day_stays_paused_and_resuming_clears_the_day(
    client: TestClient,
) -> None:
    member = make_member(client)
    method = save_method(client, member.headers, card_token(client), make_default=True)
    assert _put(client, member.headers, method, enabled=False).json()["paused_until"] is None
    advance(client, 40)
    assert client.get("/api/v1/me/autopay", headers=member.headers).json()["enabled"] is False
    until = today(client) + timedelta(days=9)
    _put(client, member.headers, method, enabled=False, paused_until=until.isoformat())
    on = _put(client, member.headers, method, enabled=True, paused_until=until.isoformat())
    assert on.json()["enabled"] is True and on.json()["paused_until"] is None


def test_a_reminder_before_the_resume_day_when_reminders_are_on(client: TestClient) -> None:
    member = make_member(client)
    assert client.put("/api/v1/me/notification-preferences", headers=member.headers, json={
        "categories": {}, "remind_days_before_due": 5}).status_code == 200
    method = save_method(client, member.headers, card_token(client), make_default=True)
    until = today(client) + timedelta(days=12)
    _put(client, member.headers, method, enabled=False, paused_until=until.isoformat())
    set_day(client, until - timedelta(days=6))
    assert "autopay_resume_reminder" not in _codes(client, member.headers)
    advance(client, 1)
    assert _codes(client, member.headers).count("autopay_resume_reminder") == 1
    advance(client, 2)
    assert _codes(client, member.headers).count("autopay_resume_reminder") == 1
