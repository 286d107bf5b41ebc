"""Shared fixtures. Every portal test module gets its own portal app and database, on SQLite
and (when HCPAY_TEST_DATABASE_URL is set) on PostgreSQL, in a schema of its own."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from hcpay.portal.app import create_app
from hcpay.portal.db import normalise_url
from hcpay.portal.settings import PortalSettings

PG_URL = os.environ.get("HCPAY_TEST_DATABASE_URL")
if os.environ.get("HCPAY_REQUIRE_POSTGRES") and not PG_URL:
    raise pytest.UsageError("HCPAY_REQUIRE_POSTGRES is set but HCPAY_TEST_DATABASE_URL is not")

# The key every test portal on PostgreSQL is given (HCPAY_PORTAL_SSN_KEY in a deployment)
SHARED_SSN_KEY = Fernet.generate_key().decode()

DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not PG_URL, reason="set HCPAY_TEST_DATABASE_URL to run on PostgreSQL"
            ),
        ],
    ),
]


@pytest.fixture(scope="session", autouse=True)
def hcpay_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep every file hcpay writes (config, data, logs, cache) inside the test's temp dir."""
    home = tmp_path_factory.mktemp("hcpay-home")
    os.environ["HCPAY_HOME"] = str(home)
    if PG_URL:  # every portal process on one PostgreSQL database is given one key
        os.environ.setdefault("HCPAY_PORTAL_SSN_KEY", SHARED_SSN_KEY)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    return home


_LOGGERS = ("hcpay", "uvicorn", "uvicorn.error", "uvicorn.access")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Tests that call ``hcpay.portal.logs.configure`` must not change logging for the rest."""
    saved = {
        name: (list(lg.handlers), lg.level, lg.propagate)
        for name in _LOGGERS
        for lg in [logging.getLogger(name)]
    }
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
        logger.handlers = handlers
        logger.setLevel(level)
        logger.propagate = propagate


class DatabaseTarget:
    """Where a module's portal keeps its data: a SQLite file or a PostgreSQL schema."""

    def __init__(self, kind: str, url: str, schema: str | None, path: Path | None) -> None:
        self.kind = kind
        self.url = url
        self.schema = schema
        self.path = path

    def settings(self, **overrides: object) -> PortalSettings:
        return PortalSettings(database_url=self.url, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=DATABASES)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DatabaseTarget]:
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("portal")
        path = folder / "portal.db"
        yield DatabaseTarget("sqlite", f"sqlite:///{path}", None, path)
        return
    assert PG_URL
    with pg_schema(PG_URL) as (url, schema):
        yield DatabaseTarget("postgresql", url, schema, None)


@contextlib.contextmanager
def pg_schema(pg_url: str) -> Iterator[tuple[str, str]]:
    """A new schema on the PostgreSQL database ``pg_url``, dropped afterwards: (url, schema)."""
    url = normalise_url(pg_url)
    schema = "t_" + secrets.token_hex(6)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def portal_app(database: DatabaseTarget) -> Iterator[FastAPI]:
    app = create_app(database.settings(), schema=database.schema)
    yield app
    app.state.portal.db.dispose()


@pytest.fixture(scope="module")
def client(portal_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(portal_app, raise_server_exceptions=False) as test_client:
        yield test_client
