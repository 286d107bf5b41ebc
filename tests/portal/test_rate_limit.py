"""The per-address sign-in rate limit (20 a minute by default) lives in the database, so two
portal processes on one database share it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.portal.app import create_app
from hcpay.portal.settings import PortalSettings
from tests.conftest import DatabaseTarget
from tests.helpers.accounts import FAST_PORTAL_SETTINGS, advance_clock, unique

DEFAULT_RATE = PortalSettings.model_fields["login_rate_per_minute"].default


def _settings(database: DatabaseTarget) -> PortalSettings:
    fast = {k: v for k, v in FAST_PORTAL_SETTINGS.items() if k != "login_rate_per_minute"}
    return database.settings(**fast)


@pytest.fixture(scope="module")
def portal_app(database: DatabaseTarget) -> Iterator[FastAPI]:
    app = create_app(_settings(database), schema=database.schema)
    yield app
    app.state.portal.db.dispose()


@pytest.fixture(scope="module")
def second_process(database: DatabaseTarget) -> Iterator[FastAPI]:
    """Another portal on the same database, as a second `hcpay serve` would be."""
    app = create_app(_settings(database), schema=database.schema)
    yield app
    app.state.portal.db.dispose()


def _attempt(client: TestClient) -> int:
    res = client.post(
        "/api/v1/sessions", json={"username": unique("who"), "password": "Not-The-Password-1"}
    )
    return res.status_code


def test_more_than_20_a_minute_from_one_address_is_429(
    portal_app: FastAPI, second_process: FastAPI
) -> None:
    assert DEFAULT_RATE == 20
    one = TestClient(portal_app, client=("203.0.113.7", 40001))
    other_process = TestClient(second_process, client=("203.0.113.7", 40002))
    elsewhere = TestClient(portal_app, client=("198.51.100.9", 40003))
    statuses = [_attempt(one) for _ in range(12)] + [_attempt(other_process) for _ in range(8)]
    assert statuses == [401] * 20
    res = one.post("/api/v1/sessions", json={"username": "x", "password": "y"})
    assert res.status_code == 429
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json()["code"] == "rate_limited"
    assert 1 <= int(res.headers["Retry-After"]) <= 60
    assert _attempt(other_process) == 429  # the other process sees the same count
    assert _attempt(elsewhere) == 401  # another address is not held back
    advance_clock(portal_app, seconds=61)
    assert _attempt(one) == 401


def test_concurrent_failures_for_one_unknown_username_all_count(portal_app: FastAPI) -> None:
    """Several processes' worth of simultaneous failures for a username that has no account:
    none errors, and together they lock it as five failures would."""
    from concurrent.futures import ThreadPoolExecutor

    ghost = unique("ghost")

    def attempt(i: int) -> int:
        client = TestClient(portal_app, client=(f"192.0.2.{i}", 41000 + i))
        res = client.post("/api/v1/sessions", json={"username": ghost, "password": "Wrong-Pass-99"})
        return res.status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(attempt, range(5)))
    assert sorted(statuses) == [401, 401, 401, 401, 423]
    assert attempt(9) == 423
