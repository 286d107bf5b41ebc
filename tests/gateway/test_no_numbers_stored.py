"""After tokenizing every sandbox card and account (and charging, saving and settling them), the
SQLite database file and its WAL hold no full card or account number and no CVC, and nothing
logged does either. SQLite only: these are the files a person could copy off a disk."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from hcpay.gateway.sandbox import SandboxGateway
from hcpay.portal.app import create_app
from hcpay.portal.settings import PortalSettings
from tests.gateway.sandbox_numbers import ACCOUNTS, CARDS, ROUTING, bank_body, card_body

# Distinct CVCs, chosen so they cannot occur by chance in what the database does hold (years,
# last 4 digits, column sizes, whole-second timestamps).
CVCS = ["731", "846", "592", "683", "917", "358", "479", "864", "295", "538"]
AMEX_CVC = "7316"


@pytest.fixture(scope="module")
def sqlite_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path_factory.mktemp("no-numbers") / "portal.db"
    app = create_app(PortalSettings(database_url=f"sqlite:///{path}"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, path
    app.state.portal.db.dispose()


def _stored_bytes(path: Path) -> bytes:
    data = b""
    for file in (path, Path(f"{path}-wal")):
        if file.exists():
            data += file.read_bytes()
    return data


def test_database_and_logs_hold_no_number_or_cvc(
    sqlite_portal: tuple[TestClient, Path], caplog: pytest.LogCaptureFixture, hcpay_home: Path
) -> None:
    client, path = sqlite_portal
    gateway = client.app.state.portal.gateway  # type: ignore[attr-defined]
    assert isinstance(gateway, SandboxGateway)
    secrets_sent: list[str] = []
    tokens: list[str] = []
    caplog.set_level(logging.DEBUG)

    for index, number in enumerate(CARDS):
        cvc = AMEX_CVC if number.startswith("3") else CVCS[index]
        spaced = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        res = client.post("/gateway/v1/tokens", json=card_body(spaced, cvc=cvc))
        assert res.status_code == 201, res.text
        tokens.append(res.json()["token"])
        secrets_sent += [number, spaced, cvc]
    for account in ACCOUNTS:
        res = client.post("/gateway/v1/tokens", json=bank_body(account))
        assert res.status_code == 201, res.text
        tokens.append(res.json()["token"])
        secrets_sent.append(account)
    # Mistakes are not kept either.
    typo = "4242424242424241"
    assert client.post("/gateway/v1/tokens", json=card_body(typo)).status_code == 422
    wrong_account = "000999999999"
    bad_routing = bank_body(wrong_account, routing_number="110000001")
    assert client.post("/gateway/v1/tokens", json=bad_routing).status_code == 422
    secrets_sent += [typo, wrong_account]

    # Use the tokens the ways the portal will: save some, charge all, settle bank debits.
    saved = [gateway.make_reusable(t).token for t in tokens[:2]]
    for n, token in enumerate(tokens[2:] + saved):
        result = gateway.charge(token, 1_000 + n, idempotency_key=f"grep-{n}-{token}")
        if result.status == "processing" and result.processor_ref:
            gateway.settle(result.processor_ref)

    stored = _stored_bytes(path)
    # The files do hold the gateway's rows (so the search below looks in the right place).
    assert all(t.encode() in stored for t in tokens + saved)
    assert b"gateway_tokens" in stored and b"4242" in stored
    for secret in secrets_sent:
        assert secret.encode() not in stored, f"found a number or CVC ending {secret[-2:]}"
    assert ROUTING.encode() not in stored
    columns = {
        c["name"]
        for table in ("gateway_tokens", "gateway_charges", "gateway_refunds")
        for c in inspect(client.app.state.portal.db.engine).get_columns(table)  # type: ignore[attr-defined]
    }
    assert not {c for c in columns if "cvc" in c or "number" in c or "routing" in c}

    logged = "\n".join(r.getMessage() for r in caplog.records)
    files = b"".join(p.read_bytes() for p in hcpay_home.rglob("*") if p.is_file())
    for secret in secrets_sent:
        if len(secret) > 4:
            assert secret not in logged
            assert secret.encode() not in files

    # And after a checkpoint moves the WAL into the main file.
    client.app.state.portal.db.dispose()  # type: ignore[attr-defined]
    after = _stored_bytes(path)
    for secret in secrets_sent:
        assert secret.encode() not in after
