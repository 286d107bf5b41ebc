"""Navigation as a stack: from the dashboard, every section reached by every path (up to three
keys deep) goes back, Esc by Esc, the way the member came, and ends on the dashboard; and q
asks before it quits when a wizard holds what was typed, or when it comes from a list."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from textual.pilot import Pilot
from textual.screen import Screen

from screens.access_log import AccessLogScreen
from screens.autopay import AutopayScreen
from screens.confirm import ConfirmScreen
from screens.dashboard import DashboardScreen
from screens.history import HistoryScreen
from screens.inbox import SandboxInboxScreen
from screens.make_payment import MakePaymentScreen
from screens.notifications import NotificationsScreen
from screens.settings import SettingsScreen
from screens.troubleshooting import TroubleshootingScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle
from tests.tui.pay_helpers import seed_payer, signed_in

# The keys that open another section or screen, on each screen (F4, the inbox, on every one but
# the inbox itself, where F4 goes back).
OPENS: dict[type[Screen[Any]], dict[str, type[Screen[Any]]]] = {
    DashboardScreen: {"p": MakePaymentScreen, "a": AutopayScreen, "h": HistoryScreen,
                      "t": TroubleshootingScreen, "s": SettingsScreen,
                      "n": NotificationsScreen},
    TroubleshootingScreen: {"n": NotificationsScreen},
    SettingsScreen: {"w": AccessLogScreen},
}
INBOX = "f4"


def paths(depth: int) -> list[tuple[str, ...]]:
    """Every path of keys from the dashboard, up to ``depth`` keys, that leaves no section
    twice on the way (going back to one already on the way is the way back, tested apart)."""
    found: list[tuple[str, ...]] = []

    def walk(path: tuple[str, ...], here: type[Screen[Any]], seen: set[type[Screen[Any]]]
             ) -> None:
        if path:
            found.append(path)
        if len(path) == depth:
            return
        options = dict(OPENS.get(here, {}))
        if here is not SandboxInboxScreen:
            options[INBOX] = SandboxInboxScreen
        for key, there in options.items():
            if there not in seen:
                walk((*path, key), there, seen | {there})

    walk((), DashboardScreen, {DashboardScreen})
    return found


async def test_esc_goes_back_the_way_the_member_came_from_every_path(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    walked = paths(3)
    assert len(walked) == 17  # every path of up to three keys
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        for path in walked:
            way: list[type[Screen[Any]]] = [DashboardScreen]
            for key in path:
                await pilot.press(key)
                await settle(pilot)
                way.append(type(app.screen))
            assert way[-1] is not DashboardScreen, f"{path} did not leave the dashboard"
            while len(way) > 1:
                way.pop()
                await pilot.press("escape")
                await settle(pilot)
                assert type(app.screen) is way[-1], f"Esc after {path} went to {app.screen}"
            assert isinstance(app.screen, DashboardScreen)


async def test_the_inbox_between_notifications_never_loops(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    """dashboard n, F4, Esc, Esc: the dashboard (it looped between the two before)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        for key in ("n", "f4", "escape", "escape", "escape"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        # t, n, F4 and back: through Notifications and Troubleshooting to the dashboard
        for key, screen in (("t", TroubleshootingScreen), ("n", NotificationsScreen),
                            ("f4", SandboxInboxScreen), ("escape", NotificationsScreen),
                            ("escape", TroubleshootingScreen), ("escape", DashboardScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen), (key, app.screen)


async def _wait_for(pilot: Pilot[None], kind: type[Screen[Any]]) -> None:
    for _ in range(100):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.05)


async def test_q_asks_when_a_wizard_holds_typed_work_or_in_a_list(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("backspace", "backspace", "5", "tab")  # an amount typed, then away
        await pilot.press("q")
        await _wait_for(pilot, ConfirmScreen)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Make a Payment" in str(app.screen.question)
        await pilot.press("n")  # stay: nothing typed is lost
        await settle(pilot)
        assert isinstance(app.screen, MakePaymentScreen) and app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h")  # History: its list has the focus
        await settle(pilot)
        await pilot.press("q")
        await _wait_for(pilot, ConfirmScreen)
        assert isinstance(app.screen, ConfirmScreen), "a stray q in a list quit at once"
        await pilot.press("y")
        await pilot.pause(0.2)
        assert not app.is_running
