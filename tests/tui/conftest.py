"""The TUI's tests drive the real app against the real portal, in-process (httpx.ASGITransport)
on a SQLite file with the demo data: one portal per test module, keyboard only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from textual.widgets import Input

from hcpay.api import PortalClient, RetryPolicy
from hcpay.app import HcpayApp, SessionPolicy
from hcpay.connection import Connection
from hcpay.embedded import DEMO_LOGINS
from hcpay.portal.app import create_app
from hcpay.portal.demo import seed_demo
from hcpay.portal.settings import PortalSettings
from hcpay.remember import Remembered


class OutageTransport(httpx.AsyncBaseTransport):
    """The real portal behind a switch: ``down = True`` is the network cable pulled out (a
    real portal cannot be made to vanish mid-request in-process)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(scope="module")
def tui_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("tui-portal")
    settings = PortalSettings(
        database_url=f"sqlite:///{folder / 'portal.db'}", sandbox=True,
        argon2_time_cost=1, argon2_memory_kib=8192,  # fast hashing: tests, not security
    )
    app = create_app(settings)
    seed_demo(app.state.portal)
    yield app
    app.state.portal.db.dispose()


class AppFactory:
    def __init__(self, portal: FastAPI) -> None:
        self.portal = portal
        self.transports: list[OutageTransport] = []

    def __call__(self, *, remembered: Remembered | None = None, **kwargs: Any) -> HcpayApp:
        transport = OutageTransport(httpx.ASGITransport(app=self.portal))
        self.transports.append(transport)

        def connect() -> Connection:
            client = PortalClient("http://portal.test", transport=transport,
                                  retry=RetryPolicy.never())
            if remembered is not None:
                remembered.client = client  # as hcpay.commands.tui.connector does
            return Connection(client=client, label="test portal", sandbox=True,
                              demo_logins=DEMO_LOGINS, close=client.aclose,
                              portal_key="test-portal", remembered=remembered)

        kwargs.setdefault("inbox_poll_seconds", 0.2)
        kwargs.setdefault("session_policy", SessionPolicy())
        return HcpayApp(connect, **kwargs)

    @property
    def transport(self) -> OutageTransport:
        return self.transports[-1]


@pytest.fixture
def make_app(tui_portal: FastAPI) -> AppFactory:
    return AppFactory(tui_portal)
