"""A real `hcpay serve` process on 127.0.0.1: sign up, verify, sign in and read /me over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from hcpay.portal.demo import DEMO_PASSWORD
from tests.helpers.accounts import account_body
from tests.helpers.serve import running_portal

pytestmark = pytest.mark.e2e


def test_sign_up_verify_sign_in_over_real_http(tmp_path: Path) -> None:
    with (
        running_portal(tmp_path, "--demo", startup_timeout=120) as base,
        httpx.Client(base_url=base) as http,
    ):
        assert http.get("/health").json()["sandbox"] is True
        body = account_body()
        res = http.post("/api/v1/accounts", json=body)
        assert res.status_code == 201, res.text

        outbox = http.get("/sandbox/outbox", params={"to": body["email"]}).json()["items"]
        code = re.search(r"\b(\d{6})\b", outbox[-1]["body"])
        assert code
        res = http.post(
            "/api/v1/accounts/verify", json={"username": body["username"], "code": code.group(1)}
        )
        assert res.status_code == 200

        res = http.post(
            "/api/v1/sessions", json={"username": body["username"], "password": body["password"]}
        )
        assert res.status_code == 201, res.text
        tokens = res.json()
        me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert me.status_code == 200
        assert me.json()["ssn_last4"] == body["ssn"][-4:]

        # --demo seeded the demo member on the empty database
        res = http.post("/api/v1/sessions", json={"username": "demo", "password": DEMO_PASSWORD})
        assert res.status_code == 201

        res = http.post("/api/v1/sessions", json={"username": "demo", "password": "nope-nope-nope"})
        assert res.status_code == 401
        assert res.headers["content-type"] == "application/problem+json"

    log_text = (tmp_path / "log" / "portal.log").read_text()
    assert "sign-in attempt" in log_text
    assert body["password"] not in log_text and DEMO_PASSWORD not in log_text
