"""SVG snapshots of the Wallet, Settings and Notifications screens at 80x24, in the default theme,
with NO_COLOR and in high contrast: the default method, two-step on or off and each ticked or
unticked box must read in words and marks, not by colour. Fixed data, so they are
deterministic."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from hcpay.api.models import ChannelChoice, NotificationPreferences, PaymentMethod, TokenPair
from screens.notifications import NotificationsScreen
from screens.settings import SettingsScreen
from screens.wallet import WalletScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle

METHODS = [
    PaymentMethod(payment_method_id="PM-TEST-VISA", kind="card", brand="visa", last4="4242",
                  exp_month=12, exp_year=2029, label="Visa ending 4242", is_default=True),
    PaymentMethod(payment_method_id="PM-TEST-BANK", kind="bank_account", last4="6789",
                  account_type="checking", label="Checking account ending 6789"),
]
PREFERENCES = NotificationPreferences(
    categories={"billing": ChannelChoice(email=True, sms=True),
                "payments": ChannelChoice(email=True, sms=False),
                "autopay": ChannelChoice(email=False, sms=False)},
    remind_days_before_due=5,
)


async def _signed_in(pilot: Pilot[Any]) -> None:
    app = await ready(pilot)
    pair = TokenPair(access_token="x", refresh_token="y", expires_in=900,
                     member={"member_id": "M-TEST-0001", "first_name": "Dana"})
    app.signed_in("demo", pair)
    await app.go("dashboard")
    await settle(pilot)  # the portal's own answer (not signed in for real) comes and goes


async def _wallet(pilot: Pilot[Any]) -> None:
    await _signed_in(pilot)
    screen = WalletScreen()
    await pilot.app.push_screen(screen)
    await settle(pilot)
    await screen.show(METHODS)
    screen.say("Saved: Visa ending 4242. It is your default method.", kind="ok")
    pilot.app.clear_notifications()
    await pilot.pause()


async def _settings(pilot: Pilot[Any]) -> None:
    await _signed_in(pilot)
    await pilot.app.switch_mode("settings")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    screen.show(True, PREFERENCES)
    screen.action_turn_off()  # the password and the code (or recovery code) asked for
    screen.query_one("#password", Input).value = "secret"
    pilot.app.clear_notifications()
    await pilot.pause()


async def _notifications(pilot: Pilot[Any]) -> None:
    await _signed_in(pilot)
    await pilot.app.switch_mode("notifications")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NotificationsScreen)
    for key, choice in PREFERENCES.categories.items():
        screen.query_one(f"#pref-{key}-email", Checkbox).value = choice.email
        screen.query_one(f"#pref-{key}-sms", Checkbox).value = choice.sms
    screen.query_one("#remind-days", Input).value = "5"
    screen.say("")
    pilot.app.clear_notifications()
    await pilot.pause()


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "wallet": _wallet, "settings": _settings, "notifications": _notifications,
}


@pytest.mark.parametrize("look", ["default", "no_color", "high_contrast"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen(snap_compare: Any, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch,
                screen: str, look: str) -> None:
    if look == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(theme="high-contrast" if look == "high_contrast" else None,
                   inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])
