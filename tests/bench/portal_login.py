"""Benchmark: sign-ins per second and p99 latency of `hcpay serve` on 127.0.0.1, against a bare
FastAPI endpoint under uvicorn measured in the same run. Not collected by pytest.

    python tests/bench/portal_login.py [--requests 200] [--clients 4]

The portal runs with its default (strong) argon2id parameters; only the per-address rate limit
is lifted (every request comes from 127.0.0.1). Each sign-in is a full POST /api/v1/sessions:
rate-limit check and attempt record, argon2id verification, and a new login with two tokens.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from hcpay.portal.demo import DEMO_PASSWORD  # noqa: E402
from hcpay.portal.settings import PortalSettings  # noqa: E402
from tests.helpers.serve import free_port, running_portal, wait_until_up  # noqa: E402

BARE_APP = """
import sys, uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

class Body(BaseModel):
    username: str
    password: str

app = FastAPI()

@app.post("/api/v1/sessions", status_code=201)
def login(body: Body) -> dict[str, str]:
    return {"access_token": "x", "refresh_token": "y", "token_type": "bearer"}

@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def measure(
    base: str, total: int, clients: int, body: dict[str, str]
) -> tuple[float, float, float]:
    """(requests per second, p50 ms, p99 ms) for ``total`` sign-ins from ``clients`` threads."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]

    def worker(count: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(count):
                started = time.perf_counter()
                res = http.post("/api/v1/sessions", json=body)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if res.status_code != 201:
                        errors.append(res.status_code)

    with httpx.Client(base_url=base) as http:  # warm up (dummy hash, connections, caches)
        for _ in range(3):
            http.post("/api/v1/sessions", json=body)
    threads = [threading.Thread(target=worker, args=(n,)) for n in per_client]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} sign-ins failed, e.g. HTTP {errors[0]}")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return total / wall, statistics.median(ordered) * 1000, p99 * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    settings = PortalSettings()
    print(
        f"argon2id: time_cost={settings.argon2_time_cost}, "
        f"memory={settings.argon2_memory_kib} KiB, "
        f"parallelism={settings.argon2_parallelism}; {args.requests} sign-ins, "
        f"{args.clients} concurrent clients, {os.cpu_count()} CPU(s)"
    )
    body = {"username": "demo", "password": DEMO_PASSWORD}

    port = free_port()
    bare = subprocess.Popen([sys.executable, "-c", BARE_APP, str(port)])
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", bare)
        bare_rate, bare_p50, bare_p99 = measure(
            f"http://127.0.0.1:{port}", args.requests, args.clients, body
        )
    finally:
        bare.terminate()
        bare.wait(timeout=10)

    with tempfile.TemporaryDirectory() as home, running_portal(
        Path(home), "--demo", env={"HCPAY_PORTAL_LOGIN_RATE_PER_MINUTE": "100000000"}
    ) as base:
        rate, p50, p99 = measure(base, args.requests, args.clients, body)

    line = "{:<22} {:8.1f} req/s   p50 {:7.1f} ms   p99 {:7.1f} ms"
    print(line.format("bare FastAPI endpoint:", bare_rate, bare_p50, bare_p99))
    print(line.format("hcpay sign-in:", rate, p50, p99))
    print(f"ratio (sign-in / bare): throughput {rate / bare_rate:.3f}, p99 x{p99 / bare_p99:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
