"""Pay without signing in over HTTP (portal-api.md v1.1): a lookup by member id and date of
birth answers the same, in about the same time, for a wrong date of birth and an unknown member
id; 5 mismatches lock the id; the guest token reads that balance and pays it, and nothing else;
the payment is the member's (history, receipt, notice) and a replay charges once."""

from __future__ import annotations

import secrets
import statistics
import time
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hcpay.gateway.models import GatewayCharge
from hcpay.portal.app import create_app
from hcpay.portal.models import PaymentMethod
from tests.conftest import DatabaseTarget
from tests.helpers.accounts import FAST_PORTAL_SETTINGS
from tests.helpers.gateway import card_token
from tests.helpers.guests import BORN, guest_pay, guest_token, lookup, member_with_bill
from tests.helpers.members import make_member, portal_of


@pytest.fixture(scope="module")
def portal_app(database: DatabaseTarget) -> Iterator[FastAPI]:
    app = create_app(database.settings(**FAST_PORTAL_SETTINGS, guest_lookups_per_address=10_000),
                     schema=database.schema)
    yield app
    app.state.portal.db.dispose()


def unknown_id() -> str:
    from hcpay.domain.references import member_id

    return member_id()


def test_a_wrong_birth_date_and_an_unknown_member_id_answer_alike(client: TestClient) -> None:
    member = member_with_bill(client)
    wrong = lookup(client, member.member_id, date(1984, 3, 10))
    unknown = lookup(client, unknown_id(), BORN)
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "no_match"
    assert wrong.headers["content-type"] == unknown.headers["content-type"]


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def test_mismatches_take_the_same_time_whether_the_id_exists(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal = portal_of(client)
    monkeypatch.setattr(portal.settings, "guest_lookup_failures", 10_000)
    member = member_with_bill(client)
    others = [unknown_id() for _ in range(4)]
    for _ in range(3):  # warm up both paths
        lookup(client, member.member_id, date(1990, 1, 1))
        lookup(client, others[0], date(1990, 1, 1))
    known: list[float] = []
    unknown: list[float] = []
    for round_ in range(40):
        for target, samples in ((member.member_id, known), (others[round_ % 4], unknown)):
            started = time.perf_counter()
            res = lookup(client, target, date(1990, 1, 1))
            samples.append(time.perf_counter() - started)
            assert res.status_code == 404
    ratio = _median(unknown) / _median(known)
    assert 0.8 < ratio < 1.2, (ratio, _median(known), _median(unknown))


def test_five_mismatches_lock_guest_lookup_for_that_id(client: TestClient) -> None:
    member = member_with_bill(client)
    for _ in range(5):
        assert lookup(client, member.member_id, date(2000, 1, 1)).status_code == 404
    locked = lookup(client, member.member_id, BORN)  # even the right date now
    assert locked.status_code == 423, locked.text
    assert locked.json()["code"] == "guest_lookup_locked"
    assert int(locked.headers["Retry-After"]) > 0
    # an unknown id locks the same way (the lock tells nobody whether the id exists)
    nobody = unknown_id()
    for _ in range(5):
        assert lookup(client, nobody, BORN).status_code == 404
    assert lookup(client, nobody, BORN).status_code == 423
    # another member is not locked out
    other = member_with_bill(client)
    assert lookup(client, other.member_id, BORN).status_code == 201


def test_a_right_lookup_does_not_count_toward_the_lock(client: TestClient) -> None:
    member = member_with_bill(client)
    for _ in range(4):
        assert lookup(client, member.member_id, date(2000, 1, 1)).status_code == 404
    for _ in range(3):
        assert lookup(client, member.member_id, BORN).status_code == 201
    assert lookup(client, member.member_id, date(2000, 1, 1)).status_code == 404
    assert lookup(client, member.member_id, BORN).status_code == 423


def test_lookup_answers_first_initial_and_balance(client: TestClient) -> None:
    member = member_with_bill(client)
    res = lookup(client, member.member_id.lower().replace("-", " "), BORN)
    assert res.status_code == 201, res.text
    body = res.json()
    assert body["first_name_initial"] == "P"
    assert body["balance_due_cents"] > 0
    assert body["next_due"]["amount_cents"] == body["balance_due_cents"]
    assert body["expires_in"] == 15 * 60
    assert "last_name" not in body and "email" not in body


def test_per_address_rate_limit(portal_app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    portal = portal_app.state.portal
    monkeypatch.setattr(portal.settings, "guest_lookups_per_address", 3)
    with TestClient(portal_app, client=("198.51.100.7", 4000)) as other:
        answers = [lookup(other, unknown_id()).status_code for _ in range(4)]
    assert answers == [404, 404, 404, 429]


def test_guest_token_reads_that_balance_and_nothing_else(client: TestClient) -> None:
    member = member_with_bill(client)
    someone = make_member(client)
    token = guest_token(client, member.member_id)
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/guest/balance", headers=auth).status_code == 200
    for path in ("/api/v1/me", "/api/v1/me/summary", "/api/v1/me/payments",
                 "/api/v1/me/payment-methods", "/api/v1/me/invoices", "/api/v1/me/documents",
                 f"/api/v1/agent/members/{someone.member_id}", "/api/v1/me/notifications"):
        res = client.get(path, headers=auth)
        assert res.status_code in (401, 404) and res.status_code != 200, (path, res.text)
        if res.status_code == 404:  # a route not (yet) in this portal at all
            assert "/documents" in path
    res = client.post("/api/v1/me/payments", json={"amount_cents": 100, "token": "x"},
                      headers={**auth, "Idempotency-Key": "k1"})
    assert res.status_code == 401
    res = client.post("/api/v1/me/payment-methods", json={"token": card_token(client)},
                      headers=auth)
    assert res.status_code == 401
    # and a member's own sign-in is no guest token
    res = client.get("/api/v1/guest/balance", headers=someone.headers)
    assert res.status_code == 401


def test_a_guest_payment_is_the_members_and_a_replay_charges_once(client: TestClient) -> None:
    member = member_with_bill(client)
    token = guest_token(client, member.member_id)
    due = client.get("/api/v1/guest/balance",
                     headers={"Authorization": f"Bearer {token}"}).json()["balance_due_cents"]
    card = card_token(client)
    key = secrets.token_hex(8)
    first = guest_pay(client, token, {"amount_cents": due, "token": card}, key)
    assert first.status_code == 201, first.text
    paid = first.json()
    assert paid["source"] == "guest" and paid["status"] == "succeeded"
    again = guest_pay(client, token, {"amount_cents": due, "token": card}, key)
    assert again.status_code == 201 and again.json()["reference"] == paid["reference"]

    portal = portal_of(client)
    with portal.db.read() as session:
        charges = session.execute(select(func.count()).select_from(GatewayCharge).where(
            GatewayCharge.idempotency_key == f"hcpay-{paid['reference']}")).scalar_one()
        saved = session.execute(select(func.count()).select_from(PaymentMethod).where(
            PaymentMethod.member_id == member.member_id)).scalar_one()
    assert charges == 1
    assert saved == 0  # never saved

    history = client.get("/api/v1/me/payments", headers=member.headers).json()["items"]
    assert [p["reference"] for p in history] == [paid["reference"]]
    assert history[0]["source"] == "guest"
    receipt = client.get(f"/api/v1/me/payments/{paid['reference']}/receipt",
                         headers=member.headers)
    assert receipt.status_code == 200
    assert member.member_id in receipt.text and paid["reference"] in receipt.text
    notes = client.get("/api/v1/me/notifications", headers=member.headers).json()["items"]
    said = [n for n in notes if paid["reference"] in n["body"]]
    assert said and "without signing in" in said[0]["body"]
    summary = client.get("/api/v1/me/summary", headers=member.headers).json()
    assert summary["balance_due_cents"] == 0


def test_a_used_card_token_cannot_pay_again(client: TestClient) -> None:
    member = member_with_bill(client)
    token = guest_token(client, member.member_id)
    card = card_token(client)
    assert guest_pay(client, token, {"amount_cents": 500, "token": card}).status_code == 201
    second = guest_pay(client, token, {"amount_cents": 600, "token": card})
    assert second.status_code in (402, 422), second.text


def test_a_guest_token_ends_after_15_minutes(portal_app: FastAPI, client: TestClient) -> None:
    from tests.helpers.accounts import advance_clock

    member = member_with_bill(client)
    token = guest_token(client, member.member_id)
    advance_clock(portal_app, minutes=16)
    res = client.get("/api/v1/guest/balance", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 401 and res.json()["code"] == "token_expired"
    res = guest_pay(client, token, {"amount_cents": 500, "token": card_token(client)})
    assert res.status_code == 401


def test_lookups_and_guest_payments_leave_audit_lines(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    member = member_with_bill(client)
    with caplog.at_level(logging.INFO, logger="hcpay.audit"):
        lookup(client, member.member_id, date(1999, 9, 9))
        token = guest_token(client, member.member_id)
        assert guest_pay(client, token, {"amount_cents": 700,
                                         "token": card_token(client)}).status_code == 201
    lines = [r.getMessage() for r in caplog.records if r.name == "hcpay.audit"]
    assert any("guest_lookup" in line and "outcome=no_match" in line for line in lines)
    assert any("guest_lookup" in line and f"member={member.member_id}" in line
               and "outcome=ok" in line for line in lines)
    assert any("payment_made" in line and "source=guest" in line for line in lines)
    assert not any("1999-09-09" in line or "1984-03-09" in line for line in lines)


def test_the_same_amount_from_the_same_card_twice_is_a_possible_duplicate(
    client: TestClient,
) -> None:
    member = member_with_bill(client)
    token = guest_token(client, member.member_id)
    assert guest_pay(client, token, {"amount_cents": 1_100,
                                     "token": card_token(client)}).status_code == 201
    again = guest_pay(client, token, {"amount_cents": 1_100, "token": card_token(client)})
    assert again.status_code == 409 and again.json()["code"] == "possible_duplicate"
    sure = guest_pay(client, token, {"amount_cents": 1_100, "token": card_token(client),
                                     "allow_duplicate": True})
    assert sure.status_code == 201, sure.text


def test_a_guest_pays_by_a_new_bank_account_never_saved(client: TestClient) -> None:
    from tests.helpers.gateway import bank_token

    member = member_with_bill(client)
    token = guest_token(client, member.member_id)
    res = guest_pay(client, token, {"amount_cents": 2_500, "token": bank_token(client)})
    assert res.status_code == 201, res.text
    assert res.json()["status"] == "processing" and res.json()["source"] == "guest"
    methods = client.get("/api/v1/me/payment-methods", headers=member.headers).json()
    assert not (methods["items"] if isinstance(methods, dict) else methods)
