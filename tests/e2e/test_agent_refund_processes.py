"""Two simultaneous refunds of the same payment, sent to two `hcpay serve` processes on one
database (PostgreSQL, and a SQLite file), refund it once: the member's and the payment's rows
are locked while the refund is checked and held, so the second sees the first."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from hcpay.gateway.models import GatewayRefund
from hcpay.portal.app import create_app
from hcpay.portal.db import normalise_url
from hcpay.portal.settings import PortalSettings
from tests.conftest import PG_URL
from tests.helpers.agent_fixtures import make_person
from tests.helpers.serve import REPO, wait_until_up
from tests.portal.test_agent_refunds import paid_98_as_credit

pytestmark = pytest.mark.e2e

PORTS = range(8400, 8500)  # this worktree's own range
AT_ONCE = 4  # two requests to each process, all for the whole payment


def _free_port(skip: set[int]) -> int:
    for port in PORTS:
        if port in skip:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8400-8499")


@contextlib.contextmanager
def serve(url: str, home: Path, count: int) -> Iterator[list[str]]:
    """``count`` portal processes on one database, started side by side; their base URLs."""
    env = {**os.environ, "HCPAY_HOME": str(home), "PYTHONPATH": str(REPO),
           "HCPAY_PORTAL_JOBS_INTERVAL_SECONDS": "0"}
    started: list[tuple[subprocess.Popen[bytes], str]] = []
    with contextlib.ExitStack() as stack:
        for n in range(count):
            port = _free_port(skip={int(b.rsplit(":", 1)[1]) for _, b in started})
            log = stack.enter_context((home / f"serve-{n}.stderr").open("wb"))
            process = subprocess.Popen(
                [sys.executable, "-m", "hcpay", "serve", "--host", "127.0.0.1", "--port",
                 str(port), "--database-url", url],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        try:
            for process, base in started:
                wait_until_up(base + "/health", process, timeout=120)
            yield [base for _, base in started]
        finally:
            for process, _ in started:
                process.terminate()
            for process, _ in started:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=[
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="set HCPAY_TEST_DATABASE_URL to run on PostgreSQL"),
])])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'portal.db'}"
        return
    assert PG_URL
    base = normalise_url(PG_URL)
    schema = "t_" + secrets.token_hex(6)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_two_processes_refund_one_payment_once(database_url: str, hcpay_home: Path) -> None:
    app = create_app(PortalSettings(database_url=database_url))  # migrates, and sets the scene
    try:
        with TestClient(app) as client:
            member, reference = paid_98_as_credit(client)
            agent = make_person(app, role="agent")
        reason = "Member paid twice this month"
        body = {"amount_cents": 9_800, "payment_reference": reference, "reason": reason}
        headers = agent.agent_headers(reason)
        path = f"/api/v1/agent/members/{member.member_id}/refunds"
        with serve(database_url, hcpay_home, 2) as (first, second):
            start = threading.Barrier(AT_ONCE)
            answers: list[httpx.Response] = []

            def send(base: str) -> None:
                with httpx.Client(base_url=base, timeout=60) as http:
                    start.wait()
                    answers.append(http.post(path, json=body, headers=headers))

            threads = [threading.Thread(target=send, args=(base,))
                       for base in (first, second) * (AT_ONCE // 2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        codes = sorted(res.status_code for res in answers)
        assert codes == [201] + [422] * (AT_ONCE - 1), [res.text for res in answers]
        assert all(res.json()["code"] == "refund_too_high"
                   for res in answers if res.status_code == 422)
        with app.state.portal.db.read() as session:
            sent = session.execute(
                select(func.count(), func.sum(GatewayRefund.amount_cents))
            ).one()
        assert tuple(sent) == (1, 9_800)  # the processor was asked once
    finally:
        app.state.portal.db.dispose()
