"""`hcpay serve` as it is deployed (issue 11, items 5, 10-13): client addresses from the socket
unless a proxy is named, sandbox only on loopback, live mode only with a gateway and never on the
demo database, one SSN key for every process on one PostgreSQL database, and a body cap that
keeps the process's memory flat whatever is sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from hcpay.cli import main
from hcpay.portal.app import create_app
from hcpay.portal.demo import AGENT_PASSWORD, AGENT_TOTP_SECRET, seed_demo
from hcpay.portal.settings import PortalSettings
from tests.conftest import PG_URL, pg_schema
from tests.e2e.serve_process import served
from tests.helpers.accounts import TOTP, account_body, unique

pytestmark = pytest.mark.e2e

GATEWAY = "https://tokens.processor.example"


def _log_lines(home: Path) -> list[dict[str, str]]:
    lines = (home / "log" / "portal.log").read_text().splitlines()
    return [json.loads(line) for line in lines]


def _sign_ins_with_forged_addresses(url: str, count: int) -> list[int]:
    statuses = []
    with httpx.Client(base_url=url) as http:
        for i in range(count):
            res = http.post(
                "/api/v1/sessions", headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
                json={"username": unique("who"), "password": "Not-The-Password-1"},
            )
            statuses.append(res.status_code)
    return statuses


def test_forged_forwarded_for_from_loopback_is_not_believed(tmp_path: Path) -> None:
    home = tmp_path / "portal"
    with served(home) as portal:
        statuses = _sign_ins_with_forged_addresses(portal.url, 25)
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 5  # one address, one bucket, whatever the header says
    lines = [e["message"] for e in _log_lines(home)]
    sign_ins = [m for m in lines if m.startswith("sign-in attempt")]
    assert sign_ins and all("client=127.0.0.1" in m for m in sign_ins)
    assert not any("203.0.113." in m for m in lines)
    # the access log is on, with the real address
    assert any(m.startswith("127.0.0.1 POST /api/v1/sessions 429") for m in lines)


def test_a_named_proxy_is_believed(tmp_path: Path) -> None:
    home = tmp_path / "portal"
    with served(home, "--trusted-proxy", "127.0.0.1") as portal:
        statuses = _sign_ins_with_forged_addresses(portal.url, 22)
    assert statuses == [401] * 22  # each client behind the proxy has its own bucket
    lines = [e["message"] for e in _log_lines(home)]
    assert any("client=203.0.113.22" in m for m in lines)
    assert any(m.startswith("203.0.113.22 POST /api/v1/sessions 401") for m in lines)


def test_large_bodies_are_refused_and_memory_stays_flat(tmp_path: Path) -> None:
    big = b"{" + b" " * (16 * 1024 * 1024) + b"}"  # 16 MiB

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked
        for _ in range(256):
            yield b" " * 65536

    with served(tmp_path / "portal") as portal, httpx.Client(base_url=portal.url) as http:
        assert http.post("/api/v1/sessions", json={"username": "a", "password": "b"}
                         ).status_code == 401
        before = portal.rss_kib()
        for _ in range(4):
            for body in (big, chunks()):
                try:
                    res = http.post("/api/v1/accounts", content=body,
                                    headers={"Content-Type": "application/json"})
                except httpx.TransportError:
                    continue  # the portal may close before the whole body is sent
                assert res.status_code == 413
                assert res.headers["content-type"] == "application/problem+json"
                assert res.json()["code"] == "body_too_large"
        grown_mib = (portal.rss_kib() - before) / 1024
        # 128 MiB sent; what the portal holds grows by far less than one body
        assert grown_mib < 12, f"grew {grown_mib:.0f} MiB"
        small = account_body()
        assert http.post("/api/v1/accounts", json=small).status_code == 201


def _serve(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`hcpay serve ARGS` in this process, for the refusals that come before it listens (a
    serve that does not refuse fails the test instead of listening)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uvicorn, "run", _must_have_refused)
        code = main(["serve", "--port", "8299", *args])
    return code, capsys.readouterr().err


def _must_have_refused(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("hcpay serve started where it had to refuse")


def test_sandbox_listens_only_on_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _serve(capsys, "--host", "0.0.0.0")
    assert code == 1
    assert "127.0.0.1" in err and "--live" in err and "Traceback" not in err


def test_live_needs_a_gateway_and_refuses_the_demo_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = Fernet.generate_key().decode()
    db = tmp_path / "demo.db"
    sandbox = create_app(PortalSettings(database_url=f"sqlite:///{db}", ssn_key=key,
                                        argon2_time_cost=1, argon2_memory_kib=1024))
    assert seed_demo(sandbox.state.portal)
    sandbox.state.portal.db.dispose()
    monkeypatch.setenv("HCPAY_PORTAL_SSN_KEY", key)
    code, err = _serve(capsys, "--live", "--database-url", f"sqlite:///{tmp_path / 'new.db'}")
    assert code == 1 and "HCPAY_PORTAL_GATEWAY_URL" in err
    code, err = _serve(capsys, "--live", "--gateway-url", "http://tokens.processor.example",
                       "--database-url", f"sqlite:///{tmp_path / 'new.db'}")
    assert code == 1 and "https://" in err
    code, err = _serve(capsys, "--live", "--gateway-url", GATEWAY,
                       "--database-url", f"sqlite:///{db}")
    assert code == 1 and "demo accounts" in err and "Traceback" not in err

    live = create_app(PortalSettings(database_url=f"sqlite:///{tmp_path / 'new.db'}",
                                     sandbox=False, gateway_url=GATEWAY))
    with TestClient(live) as http:
        config = http.get("/api/v1/config").json()
        assert config["gateway_url"] == GATEWAY and config["sandbox"] is False
        assert http.post("/gateway/v1/tokens", json={}).status_code == 404
        assert http.get("/sandbox/outbox").status_code == 404
    live.state.portal.db.dispose()


@pytest.fixture()
def pg_schema_url() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("set HCPAY_TEST_DATABASE_URL to run on PostgreSQL")
    with pg_schema(PG_URL) as (_url, schema):
        joiner = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{joiner}options=-csearch_path%3D{schema}"


def _agent_signs_in(url: str, at: str) -> int:
    step = TOTP(AGENT_TOTP_SECRET)
    now = httpx.get(url + "/sandbox/clock").json()["now"]
    when = datetime.fromisoformat(now) + timedelta(seconds=30 if at == "next" else 0)
    res = httpx.post(url + "/api/v1/sessions", json={
        "username": "agent", "password": AGENT_PASSWORD, "otp": step.at(when),
    })
    return res.status_code


@pytest.mark.postgres
def test_two_processes_on_one_postgres_database_share_one_key(
    tmp_path: Path, pg_schema_url: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = Fernet.generate_key().decode()
    database = ("--database-url", pg_schema_url)
    monkeypatch.setenv("HCPAY_PORTAL_SSN_KEY", "")
    code, err = _serve(capsys, *database)
    assert code == 1 and "HCPAY_PORTAL_SSN_KEY" in err
    env = {"HCPAY_PORTAL_SSN_KEY": key}
    with served(tmp_path / "one", *database, "--demo", env=env) as one:
        monkeypatch.setenv("HCPAY_PORTAL_SSN_KEY", Fernet.generate_key().decode())
        code, err = _serve(capsys, *database)  # a process with a key of its own
        assert code == 1 and "not the key this database's SSNs were written with" in err
        with served(tmp_path / "two", *database, env=env) as two:
            assert httpx.post(two.url + "/api/v1/accounts", json=account_body()
                              ).status_code == 201
            assert _agent_signs_in(one.url, "now") == 201
            assert _agent_signs_in(two.url, "next") == 201
