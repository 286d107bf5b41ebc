"""The three faces of the account, each driven as a member would use it, against one real
portal in-process: the dashboard screen (Pilot), plain mode's account summary, and
`hcpay status` (words and --json)."""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from hcpay.api import PortalClient, RetryPolicy
from hcpay.commands import status
from hcpay.commands.scripting import Context, PortalChoice
from hcpay.connection import Connection
from hcpay.plain import dashboard
from hcpay.plain.prompter import Prompter
from hcpay.plain.session import PlainSession
from screens.dashboard import DashboardScreen
from tests.facts.conftest import SignedIn
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle, text_of

PANELS = ("greeting", "due", "coverage", "autopay", "payments", "alerts")


@dataclass(frozen=True)
class Said:
    screen: dict[str, str]  # panel id -> its text
    plain: str
    words: str  # `hcpay status`
    json: dict[str, Any]  # `hcpay status --json`

    @property
    def screen_text(self) -> str:
        return "\n".join(self.screen.values())


def _client(portal: FastAPI, who: SignedIn) -> PortalClient:
    client = PortalClient("http://portal.test", transport=httpx.ASGITransport(app=portal),
                          retry=RetryPolicy.never())
    client.use_tokens(who.pair)
    return client


def on_screen(portal: FastAPI, who: SignedIn) -> dict[str, str]:
    async def run() -> dict[str, str]:
        app = AppFactory(portal)(inbox_poll_seconds=3600)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            assert app.client is not None
            app.client.use_tokens(who.pair)
            app.signed_in(who.username, who.pair)
            await app.go("dashboard")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
            assert app.screen.facts is not None, text_of(pilot, "#status")
            return {panel: text_of(pilot, f"#{panel}") for panel in PANELS}

    return asyncio.run(run())


def in_plain_mode(portal: FastAPI, who: SignedIn) -> str:
    out = io.StringIO()
    with asyncio.Runner() as runner:
        client = _client(portal, who)
        connection = Connection(client=client, label="test portal", close=client.aclose,
                                portal_key="facts-test")
        session = PlainSession(Prompter(io.StringIO(""), out), connection, runner)
        session.signed_in(who.username)
        dashboard.run(session)
        runner.run(client.aclose())
    return out.getvalue()


def from_status(portal: FastAPI, who: SignedIn, *, as_json: bool) -> str:
    async def run() -> str:
        client = _client(portal, who)
        out = io.StringIO()
        ctx = Context(client=client, choice=PortalChoice("http://portal.test", False, None),
                      username=who.username, out=out, err=io.StringIO())
        assert await status.show(ctx, as_json) == 0
        await client.aclose()
        return out.getvalue()

    return asyncio.run(run())


def everything_said(portal: FastAPI, who: SignedIn) -> Said:
    return Said(
        screen=on_screen(portal, who), plain=in_plain_mode(portal, who),
        words=from_status(portal, who, as_json=False),
        json=json.loads(from_status(portal, who, as_json=True)),
    )
