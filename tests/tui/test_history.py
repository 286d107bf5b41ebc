"""History, keyboard only, against the real portal with the demo data: the year as a chart and
in words, filtering by status, a receipt saved as PDF, a scheduled payment canceled (made
through the API first), CSV export, and paging through many payments as the member moves down."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from textual.widgets import DataTable

from hcpay import paths
from hcpay.api import PortalClient, new_idempotency_key
from hcpay.facts.payments_csv import FIELDS as PAYMENT_CSV_FIELDS
from hcpay.portal.demo import DEMO_PASSWORD
from screens.confirm import ConfirmScreen
from screens.dashboard import DashboardScreen
from screens.history import HistoryScreen
from screens.receipt import ReceiptScreen
from screens.text_view import TextViewScreen
from tests.helpers.many_payments import PASSWORD, member_with_payments
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of


@pytest.fixture
async def demo_api(tui_portal: FastAPI) -> AsyncIterator[PortalClient]:
    """The demo member's own client, to make payments the way another device would."""
    client = PortalClient("http://portal.test", transport=httpx.ASGITransport(app=tui_portal))
    await client.login("demo", DEMO_PASSWORD)
    yield client
    await client.aclose()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def rows(app: object) -> list[list[str]]:
    assert isinstance(app, object)
    screen = app.screen  # type: ignore[attr-defined]
    table: DataTable[str] = screen.query_one("#rows", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_history(pilot: object, username: str = "demo",
                       password: str = DEMO_PASSWORD) -> HistoryScreen:
    await ready(pilot)  # type: ignore[arg-type]
    await fill(pilot, username, password)  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    app = pilot.app  # type: ignore[attr-defined]
    assert isinstance(app.screen, DashboardScreen)
    await pilot.press("h")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def test_history_shows_the_demo_year_and_says_the_chart_in_words(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot)
        chart = text_of(pilot, "#chart")
        assert "▒ billed, █ paid" in chart
        assert chart.count("✓") >= 11  # a paid year: a ✓ under each paid month
        assert "✗" not in chart.split("▒ billed")[0]
        assert "paid in full. No missed or short months." in chart
        table = rows(app)
        assert len(table) >= 12  # a payment a month, newest first
        assert all(row[4].startswith("✓ Paid") for row in table[1:])
        assert "Payments, all:" in text_of(pilot, "#list-title")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, TextViewScreen)
        words = str(app.screen.query_one("#text-body").render()).splitlines()
        assert len(words) == 12
        assert sum("— paid in full" in line for line in words) >= 11
        assert all(": billed $" in line and ", paid $" in line for line in words)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        # and in small on the dashboard
        small = text_of(pilot, "#months")
        assert "Last 12 months" in small and "paid in full" in small


async def test_a_missed_month_stands_out_in_the_chart_and_in_words(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot, "pastdue")
        chart = text_of(pilot, "#chart")
        assert "✗" in chart
        assert ", paid $0.00 — missed" in chart


async def test_filter_by_status(make_app: AppFactory, demo_api: PortalClient) -> None:
    bank = await demo_api.pay(500, payment_method_id="PM-DEMO-BANK",
                              idempotency_key=new_idempotency_key())
    assert bank.status == "processing"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        assert bank.reference in [row[1] for row in rows(app)]
        await pilot.press("f")  # processing
        await settle(pilot)
        assert "Payments, processing:" in text_of(pilot, "#list-title")
        shown = rows(app)
        assert shown and all(row[4].startswith("… Processing") for row in shown)
        assert bank.reference in [row[1] for row in shown]
        await pilot.press("f")  # settled
        await settle(pilot)
        assert "Payments, settled:" in text_of(pilot, "#list-title")
        shown = rows(app)
        assert len(shown) >= 12 and all(row[4].startswith("✓ Paid") for row in shown)
        assert bank.reference not in [row[1] for row in shown]
        await pilot.press("f", "f")  # returned, failed
        await settle(pilot)
        assert "Payments, failed:" in text_of(pilot, "#list-title")
        assert all(row[4].startswith("✗ Failed") for row in rows(app))


async def test_receipt_saved_as_pdf_and_text(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        reference = rows(app)[0][1]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReceiptScreen)
        assert reference in text_of(pilot, "#receipt-text")
        await pilot.press("d")
        await settle(pilot)
        pdf = paths.documents_dir() / "receipts" / f"receipt-{reference}.pdf"
        assert f"Receipt saved as PDF: {pdf}" in text_of(pilot, "#status")
        assert pdf.read_bytes().startswith(b"%PDF")
        await pilot.press("s")
        await settle(pilot)
        txt = pdf.with_suffix(".txt")
        assert f"Receipt saved as text: {txt}" in text_of(pilot, "#status")
        assert reference in txt.read_text()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_cancel_a_scheduled_payment_after_confirming(
    make_app: AppFactory, demo_api: PortalClient
) -> None:
    today = (await demo_api.sandbox_clock()).today
    keep = await demo_api.pay(700, payment_method_id="PM-DEMO-VISA",
                              scheduled_for=today + timedelta(days=20),
                              idempotency_key=new_idempotency_key())
    drop = await demo_api.pay(600, payment_method_id="PM-DEMO-VISA",
                              scheduled_for=today + timedelta(days=10),
                              idempotency_key=new_idempotency_key())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        for _ in range(5):  # all -> processing, settled, returned, failed, scheduled
            await pilot.press("f")
        await settle(pilot)
        assert "Payments, scheduled:" in text_of(pilot, "#list-title")
        shown = [row[1] for row in rows(app)]
        assert drop.reference in shown and keep.reference in shown
        table: DataTable[str] = app.screen.query_one("#rows", DataTable)
        table.focus()
        for _ in range(shown.index(drop.reference)):
            await pilot.press("down")
        # "n" keeps it
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert drop.reference in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot)
        assert (await demo_api.payment(drop.reference)).status == "scheduled"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert f"Canceled {drop.reference}" in text_of(pilot, "#status")
        assert (await demo_api.payment(drop.reference)).status == "canceled"
        assert (await demo_api.payment(keep.reference)).status == "scheduled"
        assert drop.reference not in [row[1] for row in rows(app)]
        # a settled payment cannot be canceled: it says so and asks nothing
        await pilot.press("f", "f")  # canceled, all
        await settle(pilot)
        table.move_cursor(row=rows(app).index(
            next(r for r in rows(app) if r[4].startswith("✓"))))
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "Only a scheduled payment can be canceled" in text_of(pilot, "#status")


async def test_export_csv(make_app: AppFactory, demo_api: PortalClient) -> None:
    total = 0
    cursor = None
    while True:
        page = await demo_api.payments(cursor=cursor, limit=200)
        total += len(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        await pilot.press("e")
        await settle(pilot)
        status = text_of(pilot, "#status")
        assert f"Saved {total} payments as CSV: " in status
        path = Path(status.split("as CSV: ", 1)[1].strip())
        assert path.parent == paths.documents_dir()
        table = read_csv(path)
        assert len(table) == total
        assert tuple(table[0]) == PAYMENT_CSV_FIELDS  # the CSV of `hcpay history --csv`
        assert all(row["reference"].startswith("HCP-") for row in table)
        assert int(table[0]["amount_cents"]) > 0


async def test_more_payments_load_as_the_member_moves_down(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    member_with_payments(tui_portal.state.portal, "manypays", 180)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_history(pilot, "manypays", PASSWORD)
        assert len(rows(app)) == 50  # the first page only
        assert "50 shown, more below" in text_of(pilot, "#list-title")
        for _ in range(8):
            await pilot.press("pagedown", "pagedown", "pagedown")
            await settle(pilot)
        shown = rows(app)
        assert len(shown) == 180
        assert len({row[1] for row in shown}) == 180  # no page twice
        assert screen.next_cursor is None
        assert "180 shown." in text_of(pilot, "#list-title")


async def test_offline_history_says_it_could_not_read_not_none(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        make_app.transport.down = True  # the network goes away after sign-in
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        title = text_of(pilot, "#list-title")
        assert "none" not in title and "not read, the portal cannot be reached" in title
        status = text_of(pilot, "#status")
        assert "cannot be reached" in status and "typed" not in status
