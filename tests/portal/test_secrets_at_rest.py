"""After sign-up, verification, sign-in (right and wrong), two-step and a password reset, the
SQLite database file, its WAL and the portal's log file hold no SSN, no password, no reset token
and no verification code in plain text; once a code expires or is delivered, the outbox keeps
not even its ciphertext."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hcpay.portal import logs
from hcpay.portal.app import create_app
from hcpay.portal.models import OutboxMessage
from hcpay.portal.services import outbox
from hcpay.portal.settings import PortalSettings
from tests.helpers.accounts import (
    FAST_PORTAL_SETTINGS,
    account_body,
    advance_clock,
    bearer,
    messages_to,
    reset_code,
    sign_in,
    totp_now,
    verification_code,
)

SSN = "287-65-4321"
PASSWORD = "Saffron-Kettle-Drum-81"
WRONG_PASSWORD = "Saffron-Kettle-Drum-18"
NEW_PASSWORD = "Juniper-Sailcloth-Moon-7"


@pytest.fixture()
def hcpay_logs(tmp_path: Path) -> Iterator[Path]:
    """Configure hcpay's logging to a file, as `hcpay serve` does; put it back afterwards."""
    names = ("hcpay", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level,
                 logging.getLogger(n).propagate) for n in names}
    log_file = tmp_path / "portal.log"
    logs.configure(log_file, stderr=False)
    yield log_file
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
        logger.handlers, logger.level, logger.propagate = handlers, level, propagate


def test_no_ssn_or_password_in_database_wal_or_logs(tmp_path: Path, hcpay_logs: Path) -> None:
    db_file = tmp_path / "portal.db"
    settings = PortalSettings(
        database_url=f"sqlite:///{db_file}", **FAST_PORTAL_SETTINGS  # type: ignore[arg-type]
    )
    app = create_app(settings)
    with TestClient(app) as client:
        body = account_body(ssn=SSN, password=PASSWORD)
        assert client.post("/api/v1/accounts", json=body).status_code == 201
        username = body["username"]
        code = verification_code(client, body["email"])
        assert client.post(
            "/api/v1/accounts/verify", json={"username": username, "code": code}
        ).status_code == 200
        assert sign_in(client, username, WRONG_PASSWORD).status_code == 401
        tokens = sign_in(client, username, PASSWORD).json()
        secret = client.post("/api/v1/me/two-step", json={"password": PASSWORD},
                             headers=bearer(tokens)).json()["secret"]
        assert client.post(
            "/api/v1/me/two-step/confirm",
            json={"otp": totp_now(app, secret), "password": PASSWORD},
            headers=bearer(tokens),
        ).status_code == 200
        client.post("/api/v1/password-resets", json={"username_or_email": username})
        token = reset_code(client, body["email"])
        unused = account_body()  # a code that is never used: it expires in the outbox
        assert client.post("/api/v1/accounts", json=unused).status_code == 201
        unused_code = verification_code(client, unused["email"])
        assert client.post(
            "/api/v1/password-resets/confirm",
            json={"username_or_email": username, "code": token, "new_password": NEW_PASSWORD}
        ).status_code == 204
        # a sign-up that fails validation must not log what was sent either
        bad = account_body(ssn=SSN, password=PASSWORD, email="not-an-email")
        assert client.post("/api/v1/accounts", json=bad).status_code == 422

        files = [db_file, db_file.with_name("portal.db-wal"), hcpay_logs]
        contents = {f.name: f.read_bytes() for f in files if f.exists()}
        assert db_file.name in contents and hcpay_logs.name in contents
        assert b"sign-in attempt" in contents[hcpay_logs.name]  # the log did get written
        # the outbox seals reset tokens and codes (the sandbox outbox shows them, opened)
        secrets_in_plain = [
            SSN, SSN.replace("-", ""), PASSWORD, WRONG_PASSWORD, NEW_PASSWORD, secret, token,
            f" {code}", f" {unused_code}",  # (a space: not a timestamp's microseconds)
        ]
        for name, data in contents.items():
            for secret_text in secrets_in_plain:
                assert secret_text.encode() not in data, f"{secret_text!r} found in {name}"

        # once expired, the secret is gone from the outbox, sealed or not
        advance_clock(app, minutes=31)
        app.state.portal.jobs.run_until()
        for email in (body["email"], unused["email"]):
            shown = " ".join(m["body"] for m in messages_to(client, email))
            for secret_text in (token, unused_code):
                assert secret_text not in shown
            assert "[no longer shown]" in shown
        stored = _outbox_bodies(app)
        assert not any(b.startswith(outbox.SEALED) for b in stored)
        assert not any(token in b or unused_code in b for b in stored)
    app.state.portal.db.dispose()


def test_a_delivered_message_keeps_no_secret(tmp_path: Path) -> None:
    """A real sender gets the code; what stays in the outbox after delivery does not hold it."""
    settings = PortalSettings(
        database_url=f"sqlite:///{tmp_path / 'portal.db'}", **FAST_PORTAL_SETTINGS  # type: ignore[arg-type]
    )
    app = create_app(settings)
    sent: list[str] = []

    class Sender:
        def deliver(self, message: OutboxMessage, body: str) -> None:
            sent.append(body)

    with TestClient(app) as client:
        body = account_body()
        assert client.post("/api/v1/accounts", json=body).status_code == 201
        code = verification_code(client, body["email"])
        with app.state.portal.db.write() as session:
            assert outbox.deliver_pending(session, Sender(), now=app.state.portal.clock.now()) >= 1
        assert any(f"code is {code}" in b for b in sent)
        assert not any(code in b for b in _outbox_bodies(app))
        assert "[no longer shown]" in messages_to(client, body["email"])[-1]["body"]
    app.state.portal.db.dispose()


def _outbox_bodies(app: FastAPI) -> list[str]:
    with app.state.portal.db.read() as session:
        return list(session.execute(select(OutboxMessage.body)).scalars())
