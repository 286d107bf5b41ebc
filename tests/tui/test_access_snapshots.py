"""SVG snapshots of the main screens (login, dashboard, agent console) with NO_COLOR and in the
high-contrast theme at 80x24, and the login at 60 columns: focus, status and keys must read
without colour. Fixed data, so they are deterministic."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from hcpay.api.models import AgentPaymentLookup, TokenPair
from screens.agent_console import AgentConsoleScreen
from screens.agent_text import payment_text
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle
from tests.tui.test_snapshots import _fixed_dashboard, _login_ready

FIXED_LOOKUP = AgentPaymentLookup.model_validate({
    "payment": {
        "reference": "HCP-7K2M-9QX4", "status": "succeeded", "amount_cents": 41250,
        "created_at": "2026-11-20T14:03:00+00:00",
        "method": {"kind": "card", "brand": "visa", "last4": "4242"},
        "attempts": [{"kind": "charge", "outcome": "succeeded", "code": None,
                      "created_at": "2026-11-20T14:03:01+00:00"}],
        "applied_to_invoices": ["INV-2026-11-H"],
        "explanation": "Paid and applied to INV-2026-11-H.",
    },
    "member": {"member_id": "M-7K2M-9QX4", "name": "Dana Demo",
               "email_masked": "d***@example.com", "phone_last4": "0100", "status": "active"},
})


async def _fixed_console(pilot: Pilot[Any]) -> None:
    app = await ready(pilot)
    pair = TokenPair(access_token="x", refresh_token="y", expires_in=900,
                     member={"member_id": "M-AGNT-0001", "first_name": "Alex", "role": "agent"})
    app.signed_in("agent", pair)
    await app.go(app.home_mode())
    screen = app.screen
    assert isinstance(screen, AgentConsoleScreen)
    await settle(pilot)
    screen.query_one("#reason", Input).value = "Caller asked about payment"
    screen.query_one("#query", Input).value = "HCP-7K2M-9QX4"
    screen.show([FIXED_LOOKUP.member], payment_text(FIXED_LOOKUP))
    screen.say("Payment HCP-7K2M-9QX4: Paid and applied to INV-2026-11-H.", kind="ok")
    app.clear_notifications()
    await pilot.pause()


SCREENS = {"login": _login_ready, "dashboard": _fixed_dashboard, "agent_console": _fixed_console}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_no_color(snap_compare: Any, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch,
                  screen: str) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(inbox_poll_seconds=3600)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_high_contrast(snap_compare: Any, make_app: AppFactory, screen: str) -> None:
    app = make_app(theme="high-contrast", inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])


def test_login_at_60_columns(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(60, 24), run_before=_login_ready)
