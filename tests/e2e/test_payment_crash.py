"""kill -9 the portal while a client sends 200 payments, each retried with its own
Idempotency-Key until answered; after a restart every payment acknowledged with 201 exists
exactly once and nothing was charged twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from hcpay.gateway.models import GatewayCharge
from hcpay.portal.app import build_portal
from hcpay.portal.models import IdempotencyRecord, Member, Payment
from hcpay.portal.services.enrollment import enroll_new_member
from hcpay.portal.services.tokens import start_login
from hcpay.portal.settings import PortalSettings

pytestmark = pytest.mark.e2e

TOTAL = 200
KILL_AFTER = 70
DEADLINE_SECONDS = 150


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    def __init__(self, db_url: str, home: Path) -> None:
        self.port = _free_port()
        self.db_url = db_url
        self.home = home
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "HCPAY_HOME": str(self.home),
               "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hcpay", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--database-url", self.db_url],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the portal did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def test_kill_9_during_200_payments_charges_each_once(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'portal.db'}"
    settings = PortalSettings(database_url=db_url)
    portal = build_portal(settings)
    with portal.db.write() as session:
        member = Member(member_id="M-CRSH-TEST", username="crash", email="crash@example.com",
                        first_name="Cass", last_name="Crash", password_hash="!",
                        subsidized=True, status="active", created_at=portal.clock.now())
        session.add(member)
        session.flush()
        enroll_new_member(session, portal, member)
        access = start_login(session, member, now=portal.clock.now(),
                             settings=settings).access_token
    portal.db.dispose()

    server = Server(db_url, tmp_path / "home")
    server.start()
    headers = {"Authorization": f"Bearer {access}"}
    try:
        tok = httpx.post(f"{server.base}/gateway/v1/tokens", json={"card": {
            "number": "4242424242424242", "exp_month": 12, "exp_year": 2039, "cvc": "123"}})
        method = httpx.post(f"{server.base}/api/v1/me/payment-methods", headers=headers,
                            json={"token": tok.json()["token"]}).json()["payment_method_id"]

        acked: dict[int, str] = {}
        lock = threading.Lock()
        killed = threading.Event()
        restarted = threading.Event()
        deadline = time.monotonic() + DEADLINE_SECONDS
        next_index = iter(range(TOTAL))

        def send(index: int) -> None:
            # small amounts that repeat: paid again on purpose, not as possible duplicates
            body = {"amount_cents": 1 + index % 7, "payment_method_id": method,
                    "allow_duplicate": True}
            with httpx.Client(timeout=10) as http:
                while time.monotonic() < deadline:
                    try:
                        res = http.post(f"{server.base}/api/v1/me/payments", json=body,
                                        headers={**headers, "Idempotency-Key": f"crash-{index}"})
                    except httpx.HTTPError:
                        restarted.wait(1)
                        time.sleep(0.05)
                        continue
                    if res.status_code == 201:
                        with lock:
                            acked[index] = res.json()["reference"]
                            if len(acked) >= KILL_AFTER and not killed.is_set():
                                killed.set()
                        return
                    time.sleep(0.2)  # 409 while the key is leased, or 5xx: retry

        def worker() -> None:
            while True:
                with lock:
                    index = next(next_index, None)
                if index is None:
                    return
                send(index)

        threads = [threading.Thread(target=worker) for _ in range(6)]
        for t in threads:
            t.start()
        assert killed.wait(60), "the client never got far enough to kill the portal"
        server.kill()
        time.sleep(0.5)
        server.start()
        restarted.set()
        for t in threads:
            t.join(DEADLINE_SECONDS)
        assert len(acked) == TOTAL, f"only {len(acked)} payments were acknowledged"
    finally:
        server.stop()

    check = build_portal(settings)
    with check.db.read() as session:
        payments = session.execute(
            select(Payment.reference, Payment.status, Payment.amount_cents)
            .where(Payment.member_id == "M-CRSH-TEST")
        ).all()
        keys = session.execute(
            select(func.count()).select_from(IdempotencyRecord)
            .where(IdempotencyRecord.key.like("crash-%"))
        ).scalar_one()
        charges: list[Any] = list(session.execute(
            select(GatewayCharge.idempotency_key, func.count())
            .group_by(GatewayCharge.idempotency_key)
        ).all())
    check.db.dispose()
    by_reference = {ref: (status, amount) for ref, status, amount in payments}
    assert len(payments) == TOTAL == keys  # one payment for each key, none extra
    assert set(acked.values()) == set(by_reference)
    assert all(status == "succeeded" for status, _ in by_reference.values())
    for index, ref in acked.items():
        assert by_reference[ref][1] == 1 + index % 7
    assert all(count == 1 for _, count in charges)  # the processor charged each key once
    assert {key for key, _ in charges} == {f"hcpay-{ref}" for ref in by_reference}
