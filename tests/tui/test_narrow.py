"""Every main screen at 60 columns (large fonts, a split terminal) and still at 80: nothing is
cut off at the right edge or needs scrolling sideways to be read. The screens run against the
real portal with a fresh member; SVG snapshots at 60 columns use the fixed data of the 80-column
snapshots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from textual.containers import ScrollableContainer
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.widget import Widget

from hcpay.app import HcpayApp
from hcpay.portal.app import create_app
from hcpay.portal.demo import seed_demo
from hcpay.portal.settings import PortalSettings
from screens.dashboard import DashboardScreen
from screens.history import HistoryScreen
from screens.wizard import WizardScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of
from tests.tui.pay_helpers import seed_payer, signed_in
from tests.tui.test_access_snapshots import _fixed_console
from tests.tui.test_history_snapshots import _fixed_history, _fixed_troubleshooting
from tests.tui.test_snapshots import _fixed_dashboard

AGENT_PASSWORD = "Agent-Pass-2026!"


@pytest.fixture(scope="module")
def tui_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """As conftest's, but this module signs in some forty times a minute: no sign-in limit."""
    folder: Path = tmp_path_factory.mktemp("narrow-portal")
    settings = PortalSettings(
        database_url=f"sqlite:///{folder / 'portal.db'}", sandbox=True,
        argon2_time_cost=1, argon2_memory_kib=8192, login_rate_per_minute=10_000,
    )
    app = create_app(settings)
    seed_demo(app.state.portal)
    yield app
    app.state.portal.db.dispose()


def too_wide(app: HcpayApp) -> list[str]:
    """Every widget on the screen whose content runs past the right edge, or that would have
    to be scrolled sideways to be read."""
    width = app.size.width
    found = []
    for widget in app.screen.walk_children(Widget):
        if not widget.display or not widget.region:
            continue
        region = widget.content_region
        sideways = isinstance(widget, ScrollableContainer | ScrollView) and widget.max_scroll_x > 0
        if region.right > width or sideways:
            found.append(f"{widget!r}: {region}, {widget.virtual_size.width} wide")
    return found


Visit = Callable[[Pilot[Any], FastAPI], Awaitable[list[str]]]


def check(pilot: Pilot[Any], where: str) -> list[str]:
    app = pilot.app
    assert isinstance(app, HcpayApp)
    return [f"{where}: {problem}" for problem in too_wide(app)]


async def _section(pilot: Pilot[Any], portal: FastAPI, key: str) -> list[str]:
    await signed_in(pilot, seed_payer(portal, prefix="narrow"))
    await pilot.press(key)
    await settle(pilot)
    return check(pilot, key)


async def _wizard(pilot: Pilot[Any], keys: list[str]) -> list[str]:
    """Enter through a wizard from where it is, looking at every step."""
    found = []
    for key in keys:
        found += check(pilot, text_of(pilot, "#heading"))
        await pilot.press(key)
        await settle(pilot)
    return found + check(pilot, text_of(pilot, "#heading"))


async def login(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await ready(pilot)
    await settle(pilot)
    return check(pilot, "sign-in")


async def two_step(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await ready(pilot)
    await fill(pilot, "agent", AGENT_PASSWORD)
    await settle(pilot)
    assert "Two-step code" in text_of(pilot, "#otp-heading")
    return check(pilot, "two-step code")


async def agent_console(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await _fixed_console(pilot)
    return check(pilot, "agent console")


async def create_account(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await ready(pilot)
    await pilot.press("f2")
    await settle(pilot)
    return check(pilot, "create account")


async def forgot_password(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await ready(pilot)
    await pilot.press("f3")
    await settle(pilot)
    return check(pilot, "forgot password")


async def dashboard(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await signed_in(pilot, seed_payer(portal, prefix="narrow"))
    assert isinstance(pilot.app.screen, DashboardScreen)
    return check(pilot, "dashboard")


async def make_payment(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await signed_in(pilot, seed_payer(portal, prefix="narrow"))
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)
    return await _wizard(pilot, ["enter"] * 5)


async def make_payment_new_card(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await signed_in(pilot, seed_payer(portal, prefix="narrow"))
    await pilot.press("p")
    await settle(pilot)
    return await _wizard(pilot, ["enter", "enter", "3", "enter"])


async def autopay(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    await signed_in(pilot, seed_payer(portal, prefix="narrow"))
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)
    return await _wizard(pilot, ["enter"] * 8)


async def history(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    found = await _section(pilot, portal, "h")
    assert isinstance(pilot.app.screen, HistoryScreen)
    await pilot.press("i")  # the bills
    await settle(pilot)
    return found + check(pilot, "bills")


async def troubleshooting(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    found = await _section(pilot, portal, "t")
    for guide in "23456":
        await pilot.press(guide)
        await settle(pilot)
        found += check(pilot, f"guide {guide}")
    return found


async def notifications(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    return await _section(pilot, portal, "n")


async def settings(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    return await _section(pilot, portal, "s")


async def inbox(pilot: Pilot[Any], portal: FastAPI) -> list[str]:
    return await _section(pilot, portal, "f4")


SCREENS: dict[str, Visit] = {
    "login": login, "two-step": two_step, "create-account": create_account,
    "forgot-password": forgot_password, "dashboard": dashboard, "make-payment": make_payment,
    "make-payment-new-card": make_payment_new_card, "autopay": autopay, "history": history,
    "troubleshooting": troubleshooting, "notifications": notifications, "settings": settings,
    "inbox": inbox, "agent-console": agent_console,
}


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_nothing_is_wider_than_the_screen(
    make_app: AppFactory, tui_portal: FastAPI, screen: str, width: int
) -> None:
    app = make_app(inbox_poll_seconds=3600)
    async with app.run_test(size=(width, 24)) as pilot:
        found = await SCREENS[screen](pilot, tui_portal)
        assert found == []


async def resized(pilot: Pilot[Any], width: int) -> None:
    """The terminal made ``width`` wide, and the screen laid out again for it (a busy machine
    may take a few frames)."""
    await pilot.resize_terminal(width, 24)
    screen = pilot.app.screen
    for _ in range(200):
        await settle(pilot)
        if screen.has_class("-narrow") == (width < 72) and getattr(
            screen, "table_narrow", width < 72
        ) == (width < 72):
            break
        await pilot.pause(0.01)


async def test_the_history_table_follows_the_width(make_app: AppFactory,
                                                   tui_portal: FastAPI) -> None:
    """Narrowed and widened again, the payments keep their place and their one-line rows."""
    app = make_app(inbox_poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await _section(pilot, tui_portal, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and not screen.table_narrow
        await resized(pilot, 60)
        assert screen.table_narrow and too_wide(app) == []
        await resized(pilot, 80)
        assert not screen.table_narrow and too_wide(app) == []
        assert len(screen.payments) == 1


SNAPSHOTS = {"dashboard": _fixed_dashboard, "history": _fixed_history,
             "troubleshooting": _fixed_troubleshooting}


@pytest.mark.parametrize("screen", list(SNAPSHOTS))
def test_at_60_columns(snap_compare: Any, make_app: AppFactory, screen: str) -> None:
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(60, 24), run_before=SNAPSHOTS[screen])
