"""In live mode there is no sandbox gateway: /gateway answers 404 and the portal's processor
refuses every call with a message for the member, so nothing is charged against the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from hcpay.gateway.processor import GatewayError
from hcpay.portal.app import create_app
from hcpay.portal.settings import PortalSettings


def test_live_portal_mounts_no_sandbox_gateway(tmp_path: Path) -> None:
    settings = PortalSettings(
        database_url=f"sqlite:///{tmp_path / 'live.db'}",
        sandbox=False, gateway_url="https://tokens.processor.example",
        ssn_key=Fernet.generate_key().decode(),
    )
    app = create_app(settings)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            res = client.post(
                "/gateway/v1/tokens",
                json={"card": {"number": "4242424242424242", "exp_month": 12,
                               "exp_year": 2040, "cvc": "123"}},
            )
            assert res.status_code == 404
            assert res.headers["content-type"] == "application/problem+json"
        with pytest.raises(GatewayError) as caught:
            app.state.portal.gateway.charge("tok_x", 100, idempotency_key="k")
        assert caught.value.code == "gateway_unavailable"
        assert "call support" in caught.value.message
    finally:
        app.state.portal.db.dispose()
