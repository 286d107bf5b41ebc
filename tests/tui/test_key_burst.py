"""Keys typed in a burst straight after a key that changes the screen (a script, a fast
typist) land in the new screen, not in the one being left. The keys are sent as a terminal
sends them, all at once, without Pilot's wait for the app to be idle between keys."""

from __future__ import annotations

from fastapi import FastAPI
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from hcpay.app import HcpayApp
from screens.history import HistoryScreen
from screens.make_payment import MakePaymentScreen
from screens.troubleshooting import TroubleshootingScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle
from tests.tui.pay_helpers import seed_payer, signed_in


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Every key reaches the app before the first has been handled, as from a terminal."""
    app = pilot.app
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await keys_taken(pilot)


async def keys_taken(pilot: Pilot[None]) -> None:
    """Wait until the app has let every key through and the screen has caught up."""
    app = pilot.app
    assert isinstance(app, HcpayApp)
    for _ in range(500):
        await settle(pilot)
        if not app.keys.held and app.keys.in_flight is None:
            break
        await pilot.pause(0.02)
    await settle(pilot)


async def test_digits_typed_after_p_go_into_the_amount(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        await burst(pilot, "p", "5", "0")
        assert isinstance(app.screen, MakePaymentScreen)
        assert app.screen.query_one("#field-amount", Input).value == "50"


async def test_a_key_after_a_section_key_is_the_new_sections(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        await burst(pilot, "t", "2")  # troubleshooting, then its guide 2
        screen = app.screen
        assert isinstance(screen, TroubleshootingScreen)
        assert screen.index == 1
        await burst(pilot, "escape", "h", "f")  # back, history, then its filter
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.filter_index == 1


async def test_keys_still_go_one_after_another(make_app: AppFactory) -> None:
    """Typing fast into a field on one screen keeps every key, in order."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app, HcpayApp)
        await app.portal()
        await settle(pilot)
        await burst(pilot, *"demo", "tab", *"secret")
        username = app.screen.query_one("#field-username", Input)
        password = app.screen.query_one("#field-password", Input)
        assert (username.value, password.value) == ("demo", "secret")
