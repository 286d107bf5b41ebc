"""The demo accounts, and `hcpay portal create-agent`."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.cli import main
from hcpay.portal.app import create_app
from hcpay.portal.demo import AGENT_PASSWORD, AGENT_TOTP_SECRET, DEMO_PASSWORD, seed_demo
from hcpay.portal.settings import PortalSettings
from tests.helpers.accounts import FAST_PORTAL_SETTINGS, bearer, sign_in, totp_now


def test_demo_accounts_sign_in(client: TestClient, portal_app: FastAPI) -> None:
    made = seed_demo(portal_app.state.portal)
    assert set(made) == {"demo", "pastdue", "agent"}
    assert seed_demo(portal_app.state.portal) == {}  # only on a database without members

    for username in ("demo", "pastdue"):
        res = sign_in(client, username, DEMO_PASSWORD)
        assert res.status_code == 201, res.text
        assert res.json()["member"]["member_id"] == made[username]
        me = client.get("/api/v1/me", headers=bearer(res.json())).json()
        assert me["subsidized"] is True
        assert len(me["ssn_last4"]) == 4

    assert sign_in(client, "agent", AGENT_PASSWORD).json()["code"] == "otp_required"
    res = sign_in(client, "agent", AGENT_PASSWORD, otp=totp_now(portal_app, AGENT_TOTP_SECRET))
    assert res.status_code == 201
    assert res.json()["member"]["role"] == "agent"


def test_create_agent_prints_the_secret_once_and_the_agent_signs_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the command takes a database URL: a SQLite file here (a test's PostgreSQL schema has none)
    url = f"sqlite:///{tmp_path / 'agents.db'}"
    monkeypatch.setenv("HCPAY_AGENT_PASSWORD", "Copper-Lantern-Field-9")
    for key, value in FAST_PORTAL_SETTINGS.items():
        monkeypatch.setenv(f"HCPAY_PORTAL_{key.upper()}", str(value))
    argv = ["portal", "--database-url", url, "create-agent", "--username", "rosa",
            "--email", "rosa@support.example", "--first-name", "Rosa", "--last-name", "Diaz"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    secret = re.search(r"secret:\s+([A-Z2-7]+)", out)
    assert secret and "otpauth://totp/" in out
    assert main(argv) == 1  # the username is taken now

    monkeypatch.setenv("HCPAY_AGENT_PASSWORD", "password123")
    weak = ["portal", "--database-url", url, "create-agent", "--username", "weak",
            "--email", "weak@support.example", "--first-name", "W", "--last-name", "K"]
    assert main(weak) == 2
    assert "common" in capsys.readouterr().err

    app = create_app(PortalSettings(database_url=url, **FAST_PORTAL_SETTINGS))  # type: ignore[arg-type]
    with TestClient(app) as client:
        password = "Copper-Lantern-Field-9"
        assert sign_in(client, "rosa", password).json()["code"] == "otp_required"
        code = pyotp.TOTP(secret.group(1)).at(app.state.portal.clock.now())
        res = sign_in(client, "rosa", password, otp=code)
        assert res.status_code == 201
        assert res.json()["member"]["role"] == "agent"
    app.state.portal.db.dispose()
