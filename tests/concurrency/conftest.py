"""Portals under concurrent requests: real ``hcpay serve`` processes on 127.0.0.1.

``stack`` is one SQLite portal process, or two portal processes sharing one PostgreSQL schema
(when HCPAY_TEST_DATABASE_URL is set): the rules of issue 11 must hold where concurrent
requests meet, in one process and across two. The servers start once per test session (a
start-up costs seconds on a busy machine); each test makes its own members directly in the
database, through a portal object of its own on the same database and key."""

from __future__ import annotations

import asyncio
import functools
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from hcpay.portal.app import build_portal
from hcpay.portal.context import Portal
from hcpay.portal.db import normalise_url
from hcpay.portal.settings import PortalSettings
from tests.conftest import DATABASES, PG_URL
from tests.helpers.serve import REPO, free_port, wait_until_up

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:  # every test here talks to real `hcpay serve` processes
        if item.path.parent == HERE:
            item.add_marker(pytest.mark.e2e)

PASSWORD = "Conc-Pass-2026!x"

# What every portal process of a stack (and the tests' own portal object) is configured with:
# one SSN key for all, cheap argon2 (many sign-ins), no per-address limit in the way of 30
# attempts from 127.0.0.1 (the per-account rules are under test), no timer running jobs.
_SETTINGS = {
    "argon2_time_cost": "1",
    "argon2_memory_kib": "8192",
    "login_rate_per_minute": "100000",
    "guest_lookups_per_address": "100000",
    "jobs_interval_seconds": "0",
}


@dataclass
class Stack:
    """The portal processes of one database, and a portal object to seed it directly."""

    kind: str
    urls: list[str]
    portal: Portal
    logs: list[Path] = field(default_factory=list)

    def url(self, index: int) -> str:
        """The ``index``-th request's server: requests alternate between the processes."""
        return self.urls[index % len(self.urls)]

    def log_text(self) -> str:
        return "".join(path.read_text(errors="replace") for path in self.logs)


def _start(url: str, home: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (home / "serve.stderr").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "hcpay", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", url],
        cwd=REPO, env={**os.environ, **env, "HCPAY_HOME": str(home), "PYTHONPATH": str(REPO)},
        stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()
    return process, f"http://127.0.0.1:{port}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session", params=DATABASES)
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp(f"conc-{request.param}")
    key = Fernet.generate_key().decode()
    env = {f"HCPAY_PORTAL_{name.upper()}": value for name, value in _SETTINGS.items()}
    env["HCPAY_PORTAL_SSN_KEY"] = key
    schema = None
    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'portal.db'}"
        processes = 1
    else:
        assert PG_URL
        schema = "c_" + secrets.token_hex(6)
        admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        joiner = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{joiner}options={quote(f'-csearch_path={schema}')}"
        processes = 2
    settings = PortalSettings(
        database_url=url, ssn_key=key, **_SETTINGS,  # type: ignore[arg-type]
    )
    # The tests' own portal migrates the database first, so the servers start side by side.
    portal = build_portal(settings, schema=schema)
    started = [_start(url, folder / f"serve{i}", env) for i in range(processes)]
    try:
        for process, base in started:
            wait_until_up(base + "/health", process, timeout=180)
        yield Stack(request.param, [base for _, base in started], portal,
                    [folder / f"serve{i}" / "serve.stderr" for i in range(processes)])
    finally:
        for process, _ in started:
            _stop(process)
        portal.db.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


Call = tuple[str, str, dict[str, Any]]  # method, absolute URL, httpx keyword arguments


def fire(calls: Sequence[Call], timeout: float = 60.0, *,
         many_addresses: bool = False) -> list[httpx.Response]:
    """Send every call at once (one connection each) and return the answers in order.
    ``many_addresses``: each from its own loopback address (127.0.0.10, .11, ...), as from as
    many machines, so that a per-address limit (a row every request of one address updates)
    does not line them up one after another and the rule under test meets the race itself."""

    if many_addresses and not _many_loopback_addresses():
        pytest.skip("needs the whole 127.0.0.0/8 loopback range (Linux has it; macOS and BSD "
                    "answer on 127.0.0.1 alone)")

    async def run() -> list[httpx.Response]:
        if many_addresses:
            return list(await asyncio.gather(*(
                _from(f"127.0.0.{10 + i % 240}", call, timeout) for i, call in enumerate(calls))))
        limits = httpx.Limits(max_connections=len(calls) + 1)
        async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
            return list(await asyncio.gather(
                *(http.request(method, url, **kwargs) for method, url, kwargs in calls)
            ))

    return asyncio.run(run())


@functools.cache
def _many_loopback_addresses() -> bool:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("127.0.0.10", 0))
    except OSError:
        return False
    finally:
        probe.close()
    return True


async def _from(address: str, call: Call, seconds: float) -> httpx.Response:
    method, url, kwargs = call
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(timeout=seconds, transport=transport) as http:
        return await http.request(method, url, **kwargs)


def today_of(stack: Stack) -> date:
    return date.fromisoformat(httpx.get(stack.url(0) + "/sandbox/clock").json()["today"])



def send(call: Call) -> httpx.Response:
    """One call, alone."""
    method, url, kwargs = call
    return httpx.request(method, url, timeout=60.0, **kwargs)
