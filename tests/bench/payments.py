"""Benchmark: payment POSTs per second and p99 latency at 16 concurrent clients, against a
bare FastAPI endpoint that inserts one row in the same kind of database, in the same run.

    python tests/bench/payments.py [--requests 1600] [--database-url postgresql://...]

Target (issue 3): at least 0.5x the bare rate, p99 within 3x the bare p99."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 16


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_bare(port: int, url: str) -> None:
    """The baseline: FastAPI, one route, one INSERT in a write transaction (same DB layer)."""
    import uvicorn
    from fastapi import FastAPI
    from sqlalchemy import Column, Integer, MetaData, String, Table

    from hcpay.portal.db import Database

    metadata = MetaData()
    rows = Table("bench_rows", metadata, Column("id", Integer, primary_key=True),
                 Column("key", String(64)), Column("amount_cents", Integer))
    db = Database(url)
    metadata.create_all(db.engine)
    app = FastAPI()

    @app.post("/rows", status_code=201)
    def insert(body: dict[str, int]) -> dict[str, int]:
        with db.write() as session:
            session.execute(rows.insert().values(key=secrets.token_hex(8),
                                                 amount_cents=body["amount_cents"]))
        return {"ok": 1}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error")


def _start(args: list[str], env: dict[str, str], base: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/health", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{args} did not start")


async def _load(url: str, bodies: list[tuple[dict[str, str], dict[str, object]]],
                total: int) -> tuple[float, float]:
    latencies: list[float] = []
    counter = iter(range(total))
    failures = 0

    async def client(slot: int) -> None:
        nonlocal failures
        headers, body = bodies[slot % len(bodies)]
        async with httpx.AsyncClient(timeout=30) as http:
            for _ in counter:
                started = time.perf_counter()
                res = await http.post(url, json=body, headers={
                    **headers, "Idempotency-Key": secrets.token_hex(12)})
                latencies.append(time.perf_counter() - started)
                if res.status_code != 201:
                    failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(CONCURRENCY)))
    elapsed = time.perf_counter() - started
    if failures:
        print(f"  warning: {failures} request(s) did not answer 201")
    latencies.sort()
    return total / elapsed, latencies[int(len(latencies) * 0.99) - 1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1600)
    parser.add_argument("--database-url")
    parser.add_argument("--serve-bare", nargs=2, metavar=("PORT", "URL"))
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(int(args.serve_bare[0]), args.serve_bare[1])
        return 0

    from hcpay.portal.app import build_portal
    from hcpay.portal.models import Member
    from hcpay.portal.services.enrollment import enroll_new_member
    from hcpay.portal.services.tokens import start_login
    from hcpay.portal.settings import PortalSettings

    tmp = Path(tempfile.mkdtemp(prefix="hcpay-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'portal.db'}"
    env = {**os.environ, "HCPAY_HOME": str(tmp / "home"), "PYTHONPATH": str(ROOT)}
    os.environ["HCPAY_HOME"] = env["HCPAY_HOME"]

    # Members (one a client), each with a binder bill and a saved card.
    portal = build_portal(PortalSettings(database_url=url))
    tokens = []
    run = secrets.token_hex(3)  # a PostgreSQL database may hold earlier runs' members
    with portal.db.write() as session:
        for i in range(CONCURRENCY):
            member = Member(member_id=f"M-{run}-{i:04d}", username=f"bench{run}{i}",
                            email=f"bench{run}{i}@example.com", first_name="Ben", last_name="Ch",
                            password_hash="!", subsidized=True, status="active",
                            created_at=portal.clock.now())
            session.add(member)
            session.flush()
            enroll_new_member(session, portal, member)
            tokens.append(start_login(session, member, now=portal.clock.now(),
                                      settings=portal.settings).access_token)
    portal.db.dispose()

    bare_port, portal_port = _free_port(), _free_port()
    bare_url = url if not url.startswith("sqlite") else f"sqlite:///{tmp / 'bare.db'}"
    bare = _start([sys.executable, __file__, "--serve-bare", str(bare_port), bare_url], env,
                  f"http://127.0.0.1:{bare_port}")
    try:
        asyncio.run(_load(f"http://127.0.0.1:{bare_port}/rows",
                          [({}, {"amount_cents": 1})], 200))  # warm-up
        bare_rate, bare_p99 = asyncio.run(_load(
            f"http://127.0.0.1:{bare_port}/rows", [({}, {"amount_cents": 1})], args.requests))
    finally:
        bare.terminate()
        bare.wait()

    base = f"http://127.0.0.1:{portal_port}"
    server = _start([sys.executable, "-m", "hcpay", "serve", "--host", "127.0.0.1", "--port",
                     str(portal_port), "--database-url", url], env, base)
    try:
        bodies = []
        for token in tokens:
            headers = {"Authorization": f"Bearer {token}"}
            tok = httpx.post(f"{base}/gateway/v1/tokens", json={"card": {
                "number": "4242424242424242", "exp_month": 12, "exp_year": 2039,
                "cvc": "123"}}).json()["token"]
            method = httpx.post(f"{base}/api/v1/me/payment-methods", headers=headers,
                                json={"token": tok}).json()["payment_method_id"]
            # the same cent from the same card again and again: on purpose (not a duplicate)
            bodies.append((headers, {"amount_cents": 1, "payment_method_id": method,
                                     "allow_duplicate": True}))
        asyncio.run(_load(f"{base}/api/v1/me/payments", bodies, 200))  # warm-up
        rate, p99 = asyncio.run(_load(f"{base}/api/v1/me/payments", bodies, args.requests))
    finally:
        server.terminate()
        server.wait()

    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"database: {kind}; {CONCURRENCY} concurrent clients; {args.requests} requests; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"bare insert:  {bare_rate:8.1f} req/s   p99 {bare_p99 * 1000:7.1f} ms")
    print(f"payments:     {rate:8.1f} req/s   p99 {p99 * 1000:7.1f} ms")
    ratio, p99_ratio = rate / bare_rate, p99 / bare_p99
    print(f"ratio: {ratio:.2f}x the bare rate (target >= 0.5x); p99 {p99_ratio:.2f}x "
          "(target <= 3x)")
    return 0 if ratio >= 0.5 and p99_ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
