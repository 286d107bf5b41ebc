"""One-time payments through the HTTP API: allocation, credit, declines, idempotency,
scheduling, history and receipts."""

from __future__ import annotations

import secrets
import threading
from typing import Any

from fastapi.testclient import TestClient

from tests.helpers.gateway import DECLINE_INSUFFICIENT, bank_token, card_token, save_method
from tests.helpers.members import advance, make_member, portal_of, today


def pay(client: TestClient, headers: dict[str, str], body: dict[str, Any],
        key: str | None = None) -> Any:
    return client.post(
        "/api/v1/me/payments", json=body,
        headers={**headers, "Idempotency-Key": key or secrets.token_hex(8)},
    )


def _open(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    res = client.get("/api/v1/me/invoices?status=open", headers=headers)
    assert res.status_code == 200
    items: list[dict[str, Any]] = res.json()["items"]
    return items


def test_new_member_pays_binder_by_card_and_coverage_starts(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    summary = client.get("/api/v1/me/summary", headers=headers).json()
    assert summary["coverage_starts_on_payment"] is True
    owed = summary["balance_due_cents"]
    assert owed > 0 and summary["next_due"]["amount_cents"] == owed

    res = pay(client, headers, {"amount_cents": owed, "token": card_token(client)})
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["status"] == "succeeded"
    assert body["method"] == {"kind": "card", "brand": "visa", "last4": "4242"}
    assert body["reference"].startswith("HCP-") and len(body["reference"]) == 13
    summary = client.get("/api/v1/me/summary", headers=headers).json()
    assert summary["balance_due_cents"] == 0
    assert summary["coverage_starts_on_payment"] is False
    assert summary["recent_payments"][0]["reference"] == body["reference"]
    assert _open(client, headers) == []
    outbox = client.get("/sandbox/outbox", params={"to": member.email}).json()["items"]
    assert any(m["subject"] == "Payment receipt" for m in outbox)


def test_overpayment_becomes_credit_used_by_the_next_bill(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    owed = client.get("/api/v1/me/summary", headers=member.headers).json()["balance_due_cents"]
    res = pay(client, member.headers, {"amount_cents": owed + 2_000,
                                       "token": card_token(client)})
    assert res.status_code == 201
    summary = client.get("/api/v1/me/summary", headers=member.headers).json()
    assert summary["credit_cents"] == 2_000 and summary["balance_due_cents"] == 0
    # Above balance plus one month's premium: refused, nothing charged.
    too_much = pay(client, member.headers, {"amount_cents": owed * 3,
                                            "token": card_token(client)})
    assert too_much.status_code == 422
    assert too_much.json()["errors"][0]["field"] == "amount_cents"


def test_partial_payments_go_oldest_first_or_to_named_bills(client: TestClient) -> None:
    member = make_member(client, subsidized=False, coverage="new", dental=False)
    headers = member.headers
    # a second policy (dental) gives two open bills for the same month
    portal = portal_of(client)
    from hcpay.portal.models import Member
    from hcpay.portal.services.enrollment import enroll

    with portal.db.write() as session:
        row = session.get(Member, member.member_id)
        assert row is not None
        enroll(session, row, portal.settings, today=portal.clock.today(),
               now=portal.clock.now(), dental=True)
    bills = _open(client, headers)
    assert len(bills) >= 2
    named = bills[-1]
    res = pay(client, headers, {"amount_cents": 1_000, "token": card_token(client),
                                "invoice_ids": [named["invoice_id"]]})
    assert res.status_code == 201
    after = {b["invoice_id"]: b for b in _open(client, headers)}
    assert after[named["invoice_id"]]["paid_cents"] == 1_000
    assert all(b["paid_cents"] == 0 for i, b in after.items() if i != named["invoice_id"])
    res = pay(client, headers, {"amount_cents": 500, "token": card_token(client)})
    after = {b["invoice_id"]: b for b in _open(client, headers)}
    assert after[bills[0]["invoice_id"]]["paid_cents"] == 500
    unknown = pay(client, headers, {"amount_cents": 500, "token": card_token(client),
                                    "invoice_ids": ["INV-NOPE-NOPE"]})
    assert unknown.status_code == 422


def test_amount_and_date_rules(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    token = card_token(client)
    for body, field in (
        ({"amount_cents": 0, "token": token}, "amount_cents"),
        ({"amount_cents": -5, "token": token}, "amount_cents"),
        ({"amount_cents": 100, "token": token, "scheduled_for": "2001-01-01"}, "scheduled_for"),
        ({"amount_cents": 100, "token": token,
          "scheduled_for": str(today(client).replace(year=today(client).year + 1))},
         "scheduled_for"),
    ):
        res = pay(client, member.headers, body)
        assert res.status_code == 422, body
        assert res.json()["errors"][0]["field"] == field
    missing = client.post("/api/v1/me/payments", headers=member.headers,
                          json={"amount_cents": 100, "token": token})
    assert missing.status_code == 400
    assert missing.json()["code"] == "idempotency_key_required"


def test_decline_is_402_and_kept_in_history_as_failed(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    res = pay(client, member.headers,
              {"amount_cents": 1_000, "token": card_token(client, DECLINE_INSUFFICIENT)})
    assert res.status_code == 402
    problem = res.json()
    assert problem["code"] == "card_declined"
    assert problem["decline_code"] == "insufficient_funds"
    # said once: why, that nothing was charged, what to do (issue 13 item 13)
    assert problem["detail"] == ("The card was declined for insufficient funds. Pay a smaller "
                                 "amount, or use another card or a bank account. Nothing was "
                                 "charged.")
    assert res.headers["content-type"].startswith("application/problem+json")
    history = client.get("/api/v1/me/payments?status=failed", headers=member.headers).json()
    assert history["items"][0]["reference"] == problem["reference"]
    assert history["items"][0]["decline_code"] == "insufficient_funds"
    assert client.get("/api/v1/me/summary", headers=member.headers).json()[
        "balance_due_cents"] > 0


def test_idempotency_replay_reuse_and_concurrency(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    method = save_method(client, headers, card_token(client))
    body = {"amount_cents": 700, "payment_method_id": method}
    first = pay(client, headers, body, key="key-1")
    again = pay(client, headers, body, key="key-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    reused = pay(client, headers, {**body, "amount_cents": 701}, key="key-1")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"

    # Eight requests with one key at the same moment: one payment, one charge.
    answers: list[Any] = []
    barrier = threading.Barrier(8)

    def send() -> None:
        barrier.wait()
        answers.append(pay(client, headers, {**body, "amount_cents": 333}, key="key-race"))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [a for a in answers if a.status_code == 201]
    assert ok and all(a.status_code in (201, 409) for a in answers)
    assert len({a.json()["reference"] for a in ok}) == 1
    assert all(a.json()["code"] == "idempotency_key_in_use"
               for a in answers if a.status_code == 409)
    history = client.get("/api/v1/me/payments", headers=headers).json()["items"]
    assert [p["amount_cents"] for p in history].count(333) == 1
    from sqlalchemy import func, select

    from hcpay.gateway.models import GatewayCharge

    portal = portal_of(client)
    with portal.db.read() as session:
        charges = session.execute(
            select(func.count()).select_from(GatewayCharge).where(GatewayCharge.amount_cents == 333,
                                                                  GatewayCharge.token.like("pmt_%"))
        ).scalar_one()
    assert charges >= 1
    ref = ok[0].json()["reference"]
    with portal.db.read() as session:
        mine = session.execute(
            select(func.count()).select_from(GatewayCharge).where(
                GatewayCharge.idempotency_key == f"hcpay-{ref}")
        ).scalar_one()
    assert mine == 1


def test_scheduled_payment_runs_on_its_day_or_is_cancelled(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    method = save_method(client, headers, card_token(client))
    day = today(client)
    later = str(day.fromordinal(day.toordinal() + 5))
    keep = pay(client, headers, {"amount_cents": 400, "payment_method_id": method,
                                 "scheduled_for": later})
    drop = pay(client, headers, {"amount_cents": 300, "payment_method_id": method,
                                 "scheduled_for": later})
    assert keep.status_code == drop.status_code == 201
    assert keep.json()["status"] == "scheduled" and keep.json()["scheduled_for"] == later
    ref = drop.json()["reference"]
    assert client.delete(f"/api/v1/me/payments/{ref}", headers=headers).status_code == 204
    advance(client, 5)
    headers = member.headers
    got = client.get(f"/api/v1/me/payments/{keep.json()['reference']}", headers=headers).json()
    assert got["status"] == "succeeded"
    assert client.get(f"/api/v1/me/payments/{ref}", headers=headers).json()["status"] == "canceled"
    late = client.delete(f"/api/v1/me/payments/{keep.json()['reference']}", headers=headers)
    assert late.status_code == 409 and late.json()["code"] == "payment_not_cancelable"


def test_history_pages_newest_first_and_receipts(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    method = save_method(client, headers, card_token(client))
    refs = [pay(client, headers, {"amount_cents": 100 + i, "payment_method_id": method}
                ).json()["reference"] for i in range(5)]
    page = client.get("/api/v1/me/payments?limit=2", headers=headers).json()
    assert [p["reference"] for p in page["items"]] == refs[::-1][:2]
    seen = [p["reference"] for p in page["items"]]
    while page["next_cursor"]:
        page = client.get(f"/api/v1/me/payments?limit=2&cursor={page['next_cursor']}",
                          headers=headers).json()
        seen += [p["reference"] for p in page["items"]]
    assert seen == refs[::-1]
    assert client.get("/api/v1/me/payments?limit=201", headers=headers).status_code == 422
    txt = client.get(f"/api/v1/me/payments/{refs[0]}/receipt?format=txt", headers=headers)
    assert txt.status_code == 200 and refs[0] in txt.text and "Visa ending 4242" in txt.text
    pdf = client.get(f"/api/v1/me/payments/{refs[0]}/receipt?format=pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    other = make_member(client, coverage="new")
    assert client.get(f"/api/v1/me/payments/{refs[0]}", headers=other.headers).status_code == 404


def test_wallet_default_delete_and_autopay_guard(client: TestClient) -> None:
    member = make_member(client, coverage="new")
    headers = member.headers
    card = save_method(client, headers, card_token(client))
    bank = save_method(client, headers, bank_token(client))
    items = client.get("/api/v1/me/payment-methods", headers=headers).json()["items"]
    assert [m["is_default"] for m in items] == [True, False]
    assert items[1]["label"] == "Checking account ending 6789"
    res = client.post(f"/api/v1/me/payment-methods/{bank}/default", headers=headers)
    assert res.status_code == 200 and res.json()["is_default"] is True
    put = client.put("/api/v1/me/autopay", headers=headers, json={
        "enabled": True, "payment_method_id": card, "amount": {"type": "full_balance"},
        "frequency": "monthly", "draw_day": "due_date"})
    assert put.status_code == 200
    blocked = client.delete(f"/api/v1/me/payment-methods/{card}", headers=headers)
    assert blocked.status_code == 409 and blocked.json()["code"] == "payment_method_in_use"
    assert client.delete("/api/v1/me/autopay", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/me/payment-methods/{card}", headers=headers).status_code == 204
    used = client.post("/api/v1/me/payment-methods", headers=headers,
                       json={"token": "tok_unknownunknownunknown"})
    assert used.status_code == 422
    # a card that expires soon raises an alert on the summary
    now = today(client)
    save_method(client, headers, card_token(client, exp_year=now.year, exp_month=now.month))
    alerts = client.get("/api/v1/me/summary", headers=headers).json()["alerts"]
    assert any(a["code"] == "card_expiring" for a in alerts)
