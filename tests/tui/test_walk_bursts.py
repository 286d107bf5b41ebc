"""What a keyboard-only walk in tmux found, typed as a terminal sends it (one burst, no wait
between keys): a whole form typed at once, Enter included, kept every value in its own field
only once Enter moved on as its key was handled; a whole account typed from the moment the
app starts (the portal still starting) lost its first letters."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from screens.create_account import CreateAccountScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, text_of
from tests.tui.test_key_burst import keys_taken

NAMES = {" ": "space", "-": "minus", "@": "at", ".": "full_stop", "/": "slash",
         "!": "exclamation_mark"}


def _keys(text: str) -> list[tuple[str, str | None]]:
    return [(NAMES.get(ch, ch), ch) for ch in text]


def _key(name: str) -> list[tuple[str, str | None]]:
    return [(name, None)]


async def burst(pilot: Pilot[None], *keys: list[tuple[str, str | None]]) -> None:
    """Every key reaches the app before the first has been handled, as from a terminal."""
    app = pilot.app
    assert app._driver is not None
    for key, character in (pair for group in keys for pair in group):
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    await keys_taken(pilot)


def _field(app: object, name: str) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(f"#field-{name}", Input).value)


async def test_a_whole_step_typed_in_one_burst_keeps_each_value_in_its_field(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await burst(pilot, _key("f2"), _keys("Nina"), _key("enter"), _keys("Park"),
                    _key("enter"), _keys("1990-05-17"), _key("enter"), _keys("555-12-9876"))
        assert isinstance(app.screen, CreateAccountScreen)
        assert _field(app, "first_name") == "Nina"  # was "NinaP"
        assert _field(app, "last_name") == "Park"  # was "ark1"
        assert _field(app, "date_of_birth") == "1990-05-17"
        assert _field(app, "ssn") == "555-12-9876"


async def test_a_form_typed_while_the_portal_is_still_starting_keeps_every_key(
    make_app: AppFactory, tui_portal: FastAPI,
) -> None:
    app = make_app()
    # the embedded portal takes longer to open than the key queue's own bound (2 s)
    opened = app.link.connector

    def slow() -> object:
        import time

        time.sleep(3)
        return opened()

    app.link.connector = slow  # type: ignore[assignment]
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, _key("f2"), _keys("Nina"), _key("enter"), _keys("Park"))
        for _ in range(100):
            if app.link.connection is not None and isinstance(app.screen, CreateAccountScreen) \
                    and _field(app, "last_name") == "Park":
                break
            await asyncio.sleep(0.1)
        assert text_of(pilot, "#heading") == "Step 1 of 5: Personal details"
        assert _field(app, "first_name") == "Nina"  # was "na": "Ni" went nowhere
        assert _field(app, "last_name") == "Park"


async def test_a_key_typed_while_signing_in_is_for_the_dashboard(
    make_app: AppFactory, tui_portal: FastAPI,
) -> None:
    """'a' typed after Enter, while the sign-in was with the portal, went into the sign-in
    form being left, and Automatic Payments never opened."""
    from hcpay.portal.demo import DEMO_PASSWORD
    from screens.autopay import AutopayScreen
    from tests.tui.pay_helpers import seed_payer

    username = seed_payer(tui_portal)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await burst(pilot, _keys(username), _key("tab"), _keys(DEMO_PASSWORD), _key("enter"),
                    _keys("a"))
        for _ in range(100):
            if isinstance(app.screen, AutopayScreen):
                break
            await asyncio.sleep(0.05)
        assert isinstance(app.screen, AutopayScreen)
