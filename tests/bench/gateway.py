"""Sandbox gateway throughput: charges per second and p99 at 16 threads, against a bare insert
of one row per transaction in the same database, same run.

    python tests/bench/gateway.py            # SQLite
    HCPAY_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python tests/bench/gateway.py
"""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from hcpay.gateway.models import GatewayToken
from hcpay.gateway.sandbox import SandboxGateway
from hcpay.portal import migrate
from hcpay.portal.db import Database, normalise_url

THREADS = 16
REQUESTS = 3000


def measure(name: str, fn: Callable[[int], None]) -> float:
    latencies: list[float] = []

    def timed(i: int) -> None:
        start = time.perf_counter()
        fn(i)
        latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(timed, range(REQUESTS)))
    elapsed = time.perf_counter() - start
    rate = REQUESTS / elapsed
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    print(f"  {name:<28} {rate:8.0f}/s   p99 {p99:6.1f} ms")
    return rate


def run(db: Database) -> None:
    migrate.upgrade(db)
    gateway = SandboxGateway(db)
    saved = gateway.make_reusable(
        gateway.tokenize_card("4242424242424242", 12, 2040, "123").token
    ).token
    run_id = secrets.token_hex(4)

    def bare(i: int) -> None:
        with db.write() as session:
            session.add(
                GatewayToken(
                    token=f"bare_{run_id}_{i}", kind="card", last4="4242", outcome="ok",
                    reusable=False, created_at=datetime.now(UTC),
                )
            )

    def charge(i: int) -> None:
        gateway.charge(saved, 100, idempotency_key=f"bench-{run_id}-{i}")

    def tokenize(_i: int) -> None:
        gateway.tokenize_card("4242424242424242", 12, 2040, "123")

    base = measure("bare insert (baseline)", bare)
    rate = measure("charge (saved card)", charge)
    measure("tokenize card", tokenize)
    print(f"  charge / baseline: {rate / base:.2f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite (WAL)")
        db = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        run(db)
        db.dispose()
    pg = os.environ.get("HCPAY_TEST_DATABASE_URL")
    if pg:
        schema = "bench_" + secrets.token_hex(4)
        admin = create_engine(normalise_url(pg), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            print("PostgreSQL")
            db = Database(pg, schema=schema)
            run(db)
            db.dispose()
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
