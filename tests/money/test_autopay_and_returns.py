"""Bank returns, automatic payments (once per period, also with two runners racing),
fixed amounts below the premium, retries after R01, and reminders."""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.portal.app import build_portal
from hcpay.portal.billing.periods import add_months
from hcpay.portal.jobs import JobContext
from hcpay.portal.models import Payment
from hcpay.portal.payments import autopay
from tests.conftest import DatabaseTarget
from tests.helpers.gateway import BANK_R01, bank_token, card_token, save_method
from tests.helpers.members import advance, make_member, portal_of, set_day, today


def _codes(client: TestClient, headers: dict[str, str]) -> list[str]:
    return [n["code"] for n in
            client.get("/api/v1/me/notifications", headers=headers).json()["items"]]


def _autopay(client: TestClient, headers: dict[str, str], method: str,
             **amount: Any) -> dict[str, Any]:
    res = client.put("/api/v1/me/autopay", headers=headers, json={
        "enabled": True, "payment_method_id": method,
        "amount": amount or {"type": "full_balance"}, "frequency": "monthly",
        "draw_day": "due_date"})
    assert res.status_code == 200, res.text
    body: dict[str, Any] = res.json()
    return body


def _audit_lines(caplog: pytest.LogCaptureFixture, name: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "hcpay.audit" and r.getMessage().startswith(f"audit {name} ")]


def test_r01_return_reopens_the_invoice_and_notifies(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hcpay.audit")
    member = make_member(client, coverage="new")
    headers = member.headers
    owed = client.get("/api/v1/me/summary", headers=headers).json()["balance_due_cents"]
    res = client.post("/api/v1/me/payments", headers={**headers, "Idempotency-Key": "r01"},
                      json={"amount_cents": owed, "token": bank_token(client, BANK_R01)})
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["status"] == "processing" and body["expected_settlement_date"]
    assert client.get("/api/v1/me/invoices?status=open", headers=headers).json()["items"] == []
    set_day(client, date.fromisoformat(body["expected_settlement_date"]))
    headers = member.headers
    got = client.get(f"/api/v1/me/payments/{body['reference']}", headers=headers).json()
    assert got["status"] == "returned" and got["return_code"] == "R01"
    reopened = client.get("/api/v1/me/invoices?status=open", headers=headers).json()["items"]
    assert sum(i["amount_cents"] - i["paid_cents"] for i in reopened) == owed
    (returned,) = _audit_lines(caplog, "payment_returned")
    assert f"reference={body['reference']}" in returned and "code=R01" in returned
    summary = client.get("/api/v1/me/summary", headers=headers).json()
    assert summary["balance_due_cents"] == owed
    assert any(a["code"] == "payment_returned" for a in summary["alerts"])
    assert _codes(client, headers).count("payment_returned") == 1
    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert any(m["subject"] == "Your bank returned a payment" for m in outbox)
    advance(client, 2)  # running the jobs again changes nothing
    assert _codes(client, member.headers).count("payment_returned") == 1


def test_bank_payment_settles_after_three_business_days(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    owed = client.get("/api/v1/me/summary", headers=member.headers).json()["balance_due_cents"]
    res = client.post("/api/v1/me/payments",
                      headers={**member.headers, "Idempotency-Key": "bank-ok"},
                      json={"amount_cents": owed, "token": bank_token(client)})
    body = res.json()
    assert body["status"] == "processing"
    set_day(client, date.fromisoformat(body["expected_settlement_date"]))
    got = client.get(f"/api/v1/me/payments/{body['reference']}", headers=member.headers).json()
    assert got["status"] == "succeeded" and got["settled_on"]


def _next_due_draw(start: date) -> date:
    """The first 23rd after the next bill is issued (the 1st of next month)."""
    return add_months(start.replace(day=1), 1).replace(day=23)


def test_autopay_draws_once_per_period_with_notice_and_skips_when_nothing_owed(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hcpay.audit")
    member = make_member(client)
    headers = member.headers
    method = save_method(client, headers, card_token(client))
    setup = _autopay(client, headers, method)
    start = today(client)
    draw_day = _next_due_draw(start)
    assert setup["next_draw_date"] in {start.replace(day=23).isoformat(), draw_day.isoformat()}
    set_day(client, draw_day - timedelta(days=3))
    assert "autopay_notice" in _codes(client, member.headers)
    set_day(client, draw_day)
    advance(client, 0)
    advance(client, 1)
    headers = member.headers
    payments = client.get("/api/v1/me/payments", headers=headers).json()["items"]
    drawn = [p for p in payments if p["source"] == "autopay"]
    assert len(drawn) == 1 and drawn[0]["status"] == "succeeded"
    # the job runner's charge has its audit line, as a member's own payment does
    (made,) = _audit_lines(caplog, "payment_made")
    assert f"reference={drawn[0]['reference']}" in made and "source=autopay" in made
    summary = client.get("/api/v1/me/summary", headers=headers).json()
    assert summary["balance_due_cents"] == 0
    assert summary["autopay"]["next_draw_date"] == add_months(draw_day, 1).isoformat()


def test_fixed_autopay_below_premium_raises_the_alert(client: TestClient) -> None:
    member = make_member(client)
    headers = member.headers
    method = save_method(client, headers, card_token(client))
    _autopay(client, headers, method, type="fixed", amount_cents=500)
    alerts = client.get("/api/v1/me/summary", headers=headers).json()["alerts"]
    assert any(a["code"] == "autopay_amount_low" for a in alerts)
    draw_day = _next_due_draw(today(client))
    set_day(client, draw_day)
    headers = member.headers
    assert "autopay_amount_low" in _codes(client, headers)
    drawn = [p for p in client.get("/api/v1/me/payments", headers=headers).json()["items"]
             if p["source"] == "autopay"]
    assert [p["amount_cents"] for p in drawn] == [500]


def test_autopay_r01_return_is_retried_once_then_stops(client: TestClient) -> None:
    member = make_member(client)
    headers = member.headers
    method = save_method(client, headers, bank_token(client, BANK_R01))
    _autopay(client, headers, method)
    draw_day = _next_due_draw(today(client))
    set_day(client, draw_day + timedelta(days=20))
    headers = member.headers
    drawn = [p for p in client.get("/api/v1/me/payments", headers=headers).json()["items"]
             if p["source"] == "autopay"]
    assert [p["status"] for p in drawn] == ["returned", "returned"]
    codes = _codes(client, headers)
    assert codes.count("autopay_returned_retry") == 1 and codes.count("autopay_stopped") == 1
    alerts = client.get("/api/v1/me/summary", headers=headers).json()["alerts"]
    assert any(a["code"] == "autopay_failed" for a in alerts)


def test_two_job_runners_racing_draw_each_member_once(
    client: TestClient, database: DatabaseTarget,
) -> None:
    members = [make_member(client) for _ in range(12)]
    for member in members:
        headers = member.headers
        _autopay(client, headers, save_method(client, headers, card_token(client)))
    draw_day = _next_due_draw(today(client))
    # Bring bills up to date without reaching the draw day.
    set_day(client, draw_day - timedelta(days=1))
    portal = portal_of(client)
    # A second portal on the same database: another process, as far as the database knows.
    other = build_portal(database.settings(), schema=database.schema)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(which: Any) -> None:
        ctx = JobContext(which.db, which.clock, draw_day,
                         which.clock.start_of_day(draw_day) + timedelta(hours=12))
        barrier.wait()
        try:
            autopay.run_draws(which, ctx)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in (portal, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.db.dispose()
    assert not errors
    ids = [m.member_id for m in members]
    with portal.db.read() as session:
        counts = dict(session.execute(
            select(Payment.member_id, func.count()).where(
                Payment.member_id.in_(ids), Payment.source == "autopay"
            ).group_by(Payment.member_id)
        ).all())
    assert counts == {member_id: 1 for member_id in ids}


def test_reminder_goes_out_the_chosen_days_before_the_due_date(client: TestClient) -> None:
    member = make_member(client, phone="+16175550100")
    res = client.put("/api/v1/me/notification-preferences", headers=member.headers, json={
        "categories": {"billing": {"email": True, "sms": True}}, "remind_days_before_due": 4})
    assert res.status_code == 200
    due = _next_due_draw(today(client))
    set_day(client, due - timedelta(days=5))
    assert "payment_reminder" not in _codes(client, member.headers)
    advance(client, 1)
    assert _codes(client, member.headers).count("payment_reminder") == 1
    texts = client.get("/sandbox/outbox", params={"to": "+16175550100"}).json()["items"]
    assert any("due on" in m["subject"] for m in texts)
    cal = client.get("/api/v1/me/calendar.ics", headers=member.headers)
    assert cal.status_code == 200 and cal.headers["content-type"].startswith("text/calendar")
    assert f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}" in cal.text
