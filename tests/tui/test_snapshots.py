"""SVG snapshots at 80x24 of the login screen and the dashboard, in the default theme and in
ansi-dark (which follows the terminal's own palette). Fixed data, so they are deterministic:
the login screen with the test portal's demo sign-ins, the dashboard with a fixed summary."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from hcpay.api.models import Summary, TokenPair
from hcpay.flows.history_months import last_months
from screens.dashboard import DashboardScreen
from screens.history_chart import MonthsChart
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle
from tests.tui.test_history_snapshots import fixed_invoices

FIXED_SUMMARY = Summary.model_validate({
    "balance_due_cents": 41250,
    "next_due": {"invoice_id": "INV-2026-12-H", "due_date": "2026-12-23", "amount_cents": 41250},
    "coverage_status": "grace",
    "grace": {"month": 2, "of": 3, "ends_on": "2027-01-31"},
    "autopay": {"enabled": True, "next_draw_date": "2026-12-20",
                "amount": {"type": "full_balance"}},
    "recent_payments": [
        {"reference": "HCP-7K2M-9QX4", "status": "succeeded", "amount_cents": 41250,
         "created_at": "2026-11-20T14:03:00+00:00", "method": {"kind": "card", "last4": "4242"}},
        {"reference": "HCP-3F8A-2B7C", "status": "processing", "amount_cents": 3800,
         "created_at": "2026-11-18T09:00:00+00:00",
         "method": {"kind": "bank_account", "last4": "6789"}},
    ],
    "alerts": [{"code": "grace_warning",
                "message": "Termination warning: pay $412.50 by Jan 31 to keep your coverage."}],
    "as_of": datetime(2026, 11, 25, 15, 0, tzinfo=UTC).isoformat(),
})
assert FIXED_SUMMARY.next_due and FIXED_SUMMARY.next_due.due_date == date(2026, 12, 23)


async def _login_ready(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await settle(pilot)


async def _fixed_dashboard(pilot: Pilot[Any]) -> None:
    app = await ready(pilot)
    pair = TokenPair(access_token="x", refresh_token="y", expires_in=900,
                     member={"member_id": "M-TEST-0001", "first_name": "Dana"})
    app.signed_in("demo", pair)
    await app.go("dashboard")
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    await settle(pilot)  # the portal's own answer (not signed in for real) comes and goes
    screen.show(FIXED_SUMMARY)
    await settle(pilot)  # the small chart's own read (not signed in for real) fails
    screen.query_one(MonthsChart).show(last_months(fixed_invoices(), date(2026, 11, 25)))
    screen.say("")
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
def test_login_screen(snap_compare: Any, make_app: AppFactory, theme: str) -> None:
    app = make_app(theme=theme, inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_login_ready)


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
def test_dashboard(snap_compare: Any, make_app: AppFactory, theme: str) -> None:
    app = make_app(theme=theme, inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_fixed_dashboard)
