"""Bank payments settle on business days: weekends and US federal holidays do not count
(``hcpay.domain.dates``, the one calendar the portal uses)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.helpers.gateway import bank_token
from tests.helpers.members import make_member, set_day
from tests.money.test_payments import pay

CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday: Friday is Christmas, then the weekend


def test_a_bank_payment_made_the_day_before_christmas_settles_after_the_holiday(
    client: TestClient,
) -> None:
    set_day(client, CHRISTMAS_EVE)
    member = make_member(client, coverage="new")
    owed = client.get("/api/v1/me/summary", headers=member.headers).json()["balance_due_cents"]
    res = pay(client, member.headers, {"amount_cents": owed, "token": bank_token(client)})
    assert res.status_code == 201, res.text
    reference = res.json()["reference"]
    # three business days: Mon 28, Tue 29, Wed 30 (not Fri 25, the holiday, nor the weekend)
    assert res.json()["expected_settlement_date"] == "2026-12-30"
    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert any("should settle by December 30, 2026" in m["body"] for m in outbox)

    def status() -> str:
        got = client.get(f"/api/v1/me/payments/{reference}", headers=member.headers)
        return str(got.json()["status"])

    set_day(client, date(2026, 12, 29))
    assert status() == "processing"
    set_day(client, date(2026, 12, 30))
    assert status() == "succeeded"
