"""SVG snapshots at 80x24 of History and Troubleshooting, in the default theme and ansi-dark,
from fixed data (the demo's dates follow the sandbox clock, so they would change each day)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot

from hcpay.api.models import Invoice, Payment, TokenPair
from hcpay.flows.history_months import last_months
from hcpay.flows.troubleshoot import Finding
from hcpay.flows.troubleshoot_guides import BY_KEY
from screens.history import HistoryScreen
from screens.history_chart import MonthsChart
from screens.troubleshooting import TroubleshootingScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle

TODAY = date(2026, 11, 25)


def fixed_invoices() -> list[Invoice]:
    items = []
    for month in range(1, 13):
        key = f"2026-{month:02d}"
        missed = key == "2026-03"
        short = key == "2026-07"
        paid = 0 if missed else 9800 - (2000 if short else 0)
        status = "past_due" if missed or short else "paid"
        items.append(Invoice.model_validate({
            "invoice_id": f"INV-{key}-H", "policy": "health", "coverage_month": key,
            "amount_cents": 9800, "paid_cents": paid, "due_date": f"2026-{month:02d}-01",
            "status": status,
        }))
        items.append(Invoice.model_validate({
            "invoice_id": f"INV-{key}-D", "policy": "dental", "coverage_month": key,
            "amount_cents": 3900, "paid_cents": 3900, "due_date": f"2026-{month:02d}-01",
            "status": "paid",
        }))
    return items


PAYMENTS = [
    Payment.model_validate(p) for p in (
        {"reference": "HCP-7K2M-9QX4", "status": "scheduled", "amount_cents": 13700,
         "created_at": "2026-11-24T10:00:00+00:00", "scheduled_for": "2026-12-15",
         "method": {"kind": "card", "brand": "visa", "last4": "4242"}},
        {"reference": "HCP-3F8A-2B7C", "status": "processing", "amount_cents": 13700,
         "created_at": "2026-11-20T10:00:00+00:00", "expected_settlement_date": "2026-11-25",
         "method": {"kind": "bank_account", "last4": "6789"}},
        {"reference": "HCP-9D4E-5G6H", "status": "failed", "amount_cents": 13700,
         "created_at": "2026-11-19T10:00:00+00:00", "code": "card_declined",
         "decline_code": "insufficient_funds",
         "method": {"kind": "card", "brand": "visa", "last4": "9995"}},
        {"reference": "HCP-1J2K-3M4N", "status": "returned", "amount_cents": 13700,
         "created_at": "2026-10-15T10:00:00+00:00", "return_code": "R01",
         "method": {"kind": "bank_account", "last4": "2227"}},
        *[{"reference": f"HCP-P{m:03d}-AAAA", "status": "succeeded", "amount_cents": 13700,
           "created_at": f"2026-{m:02d}-15T10:00:00+00:00",
           "method": {"kind": "card", "brand": "visa", "last4": "4242"}}
          for m in range(9, 0, -1)],
    )
]


async def _signed_in(pilot: Pilot[Any], mode: str) -> Any:
    app = await ready(pilot)
    pair = TokenPair(access_token="x", refresh_token="y", expires_in=900,
                     member={"member_id": "M-TEST-0001", "first_name": "Dana"})
    app.signed_in("demo", pair)
    await app.go(mode)
    await settle(pilot)  # the portal's own answers (not signed in for real) come and go
    app.clear_notifications()
    return app.screen


async def _fixed_history(pilot: Pilot[Any]) -> None:
    screen = await _signed_in(pilot, "history")
    assert isinstance(screen, HistoryScreen)
    screen.query_one("#chart", MonthsChart).show(last_months(fixed_invoices(), TODAY))
    screen.start_payments()
    await settle(pilot)
    screen._add_payments(PAYMENTS)
    screen.next_cursor = "more"
    screen._title()
    await settle(pilot)
    screen.say("")
    pilot.app.clear_notifications()
    await pilot.pause()


async def _fixed_troubleshooting(pilot: Pilot[Any]) -> None:
    screen = await _signed_in(pilot, "troubleshooting")
    assert isinstance(screen, TroubleshootingScreen)
    await pilot.press("2")
    await settle(pilot)
    screen._show_finding(BY_KEY["declined"], Finding((
        "Your last declined payment: HCP-9D4E-5G6H, $137.00 with Visa ending 9995 on Nov 19, "
        "2026.",
        "Reason: the card's bank said there is not enough money or credit "
        "(insufficient_funds). Nothing was charged.",
    ), step=3, error_code="insufficient_funds", ok=False))
    screen.say("")
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
def test_history(snap_compare: Any, make_app: AppFactory, theme: str) -> None:
    app = make_app(theme=theme, inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_fixed_history)


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
def test_troubleshooting(snap_compare: Any, make_app: AppFactory, theme: str) -> None:
    app = make_app(theme=theme, inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_fixed_troubleshooting)
