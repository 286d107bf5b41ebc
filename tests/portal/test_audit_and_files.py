"""Every money and security event leaves an audit line, the access log names the real client,
and the files that hold member data are the owner's alone (issue 11, item 16)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay import cache, paths
from hcpay.portal import logs
from hcpay.portal.app import create_app
from hcpay.portal.settings import PortalSettings
from tests.helpers.accounts import FAST_PORTAL_SETTINGS, bearer, create_verified_member, totp_now
from tests.helpers.gateway import card_token, save_method

DECLINED = "4000000000000002"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def portal(tmp_path: Path) -> Iterator[tuple[FastAPI, Path]]:
    log_file = tmp_path / "portal.log"
    logs.configure(log_file, stderr=False)  # conftest puts logging back afterwards
    settings = PortalSettings(
        database_url=f"sqlite:///{tmp_path / 'portal.db'}", **FAST_PORTAL_SETTINGS  # type: ignore[arg-type]
    )
    app = create_app(settings)
    yield app, log_file
    app.state.portal.db.dispose()


def test_money_and_security_events_are_audited(portal: tuple[FastAPI, Path]) -> None:
    app, log_file = portal
    client = TestClient(app, client=("198.51.100.23", 50000))
    _, password, tokens = create_verified_member(client)
    headers = bearer(tokens)
    method = save_method(client, headers, card_token(client))
    pay = {"amount_cents": 500, "payment_method_id": method}
    made = client.post("/api/v1/me/payments", json=pay,
                       headers={**headers, "Idempotency-Key": "a1"})
    assert made.status_code == 201
    declined = client.post("/api/v1/me/payments", json={"amount_cents": 400,
                           "token": card_token(client, DECLINED)},
                           headers={**headers, "Idempotency-Key": "a2"})
    assert declined.status_code == 402
    later = (app.state.portal.clock.today() + timedelta(days=5)).isoformat()
    # another amount: the same $5.00 from the same card again would be a possible duplicate
    made_later = client.post("/api/v1/me/payments",
                             json={**pay, "amount_cents": 600, "scheduled_for": later},
                             headers={**headers, "Idempotency-Key": "a3"})
    assert made_later.status_code == 201, made_later.text
    scheduled = made_later.json()["reference"]
    assert client.delete(f"/api/v1/me/payments/{scheduled}", headers=headers).status_code == 204
    assert client.put("/api/v1/me/autopay", headers=headers, json={
        "payment_method_id": method, "amount": {"type": "full_balance"},
    }).status_code == 200
    assert client.delete("/api/v1/me/autopay", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/me/payment-methods/{method}", headers=headers
                         ).status_code == 204
    # turning two-step on needs the password (portal-api.md v1.1)
    started = client.post("/api/v1/me/two-step", headers=headers, json={"password": password})
    assert started.status_code == 201, started.text
    secret = started.json()["secret"]
    assert client.post("/api/v1/me/two-step/confirm", headers=headers, json={
        "otp": totp_now(app, secret), "password": password}).status_code == 200
    refused = client.get("/api/v1/agent/members", params={"q": "x"},
                         headers={**headers, "X-Access-Reason": "Checking a member account"})
    assert refused.status_code == 403
    assert client.delete("/api/v1/sessions/current", headers=headers).status_code == 204

    text = log_file.read_text()
    for event in ("payment_made", "payment_declined", "payment_cancelled", "autopay_set",
                  "autopay_removed", "payment_method_added", "payment_method_removed",
                  "two_step_setup_started", "two_step_on", "agent_call_refused", "signed_out"):
        assert f"audit {event} " in text, f"no audit line for {event}"
    assert made.json()["reference"] in text and scheduled in text
    assert "client=198.51.100.23" in text  # the refused agent call names its address
    assert "198.51.100.23 POST /api/v1/me/payments 201" in text  # the access log
    for secret_text in (tokens["access_token"], tokens["refresh_token"], secret, DECLINED,
                        password):
        assert secret_text not in text


def test_member_data_files_are_the_owners_alone(
    portal: tuple[FastAPI, Path], tmp_path: Path
) -> None:
    app, log_file = portal
    with TestClient(app) as client:
        create_verified_member(client)
        for path in (tmp_path / "portal.db", tmp_path / "portal.db-wal",
                     tmp_path / "portal.db-shm", log_file):
            assert path.exists() and _mode(path) == 0o600, f"{path.name} is {oct(_mode(path))}"
    assert _mode(paths.data_dir()) == 0o700


def test_older_files_are_narrowed_and_client_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    db.write_bytes(b"")
    db.chmod(0o644)
    log_file = tmp_path / "old.log"
    log_file.write_text("")
    log_file.chmod(0o644)
    logs.configure(log_file, stderr=False)
    app = create_app(PortalSettings(database_url=f"sqlite:///{db}"))
    app.state.portal.db.dispose()
    assert _mode(db) == 0o600 and _mode(log_file) == 0o600

    receipt = tmp_path / "receipt.txt"
    paths.write_private(receipt, b"Receipt HCP-AAAA-BBBB")  # what `hcpay receipt --output` does
    assert _mode(receipt) == 0o600
    saved = cache.save("http://127.0.0.1:8000", "demo", {"balance_due_cents": 100})
    assert _mode(saved) == 0o600
