"""Type-ahead from launch: a member (or a password manager) types the whole sign-in the moment
hcpay starts, before its first frame and while the embedded portal is still opening; every key
reaches the field it was meant for, in order, and the member is signed in."""

from __future__ import annotations

import argparse
from pathlib import Path, PurePath
from typing import ClassVar

from textual import events

from hcpay import app as app_module
from hcpay.app import HcpayApp
from hcpay.commands import tui
from hcpay.portal.demo import DEMO_PASSWORD
from screens.dashboard import DashboardScreen
from tests.tui.helpers import settle
from tests.tui.test_key_burst import keys_taken

NAMES = {"-": "minus", "!": "exclamation_mark"}


def typed(text: str) -> list[events.Key]:
    return [events.Key(NAMES.get(ch, ch), ch) for ch in text]


class TypedAtLaunch(HcpayApp):
    """hcpay with keys already waiting when it starts, as from a terminal's input buffer."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(app_module.__file__).parent / path for path in HcpayApp.CSS_PATH
    ]

    def __init__(self, keys: list[events.Key], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.typed_ahead = keys

    def on_load(self) -> None:  # before the driver starts, long before the first frame
        for key in self.typed_ahead:
            self.post_message(key)


async def test_a_whole_sign_in_typed_while_hcpay_starts_signs_in() -> None:
    args = argparse.Namespace(portal=None, insecure_storage=False, theme=None)
    # Enter typed before hcpay has the terminal comes as a line feed (Ctrl+J)
    keys = [*typed("demo"), events.Key("tab", None), *typed(DEMO_PASSWORD),
            events.Key("ctrl+j", "\n")]
    app = TypedAtLaunch(keys, tui.connector(args, demo=True))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.connection is None, "the keys were to be typed before the portal was open"
        await app.portal()
        await keys_taken(pilot)
        for _ in range(200):
            if isinstance(app.screen, DashboardScreen):
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen), app.screen
        assert app.username == "demo"


async def test_keys_typed_ahead_keep_their_order_and_their_fields() -> None:
    args = argparse.Namespace(portal=None, insecure_storage=False, theme=None)
    keys = [*typed("dem"), events.Key("backspace", None), *typed("mo"),
            events.Key("tab", None), *typed("ab-c!")]
    app = TypedAtLaunch(keys, tui.connector(args, demo=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await keys_taken(pilot)
        screen = app.screen
        from textual.widgets import Input

        assert screen.query_one("#field-username", Input).value == "demo"
        assert screen.query_one("#field-password", Input).value == "ab-c!"
        assert app.focused is screen.query_one("#field-password", Input)
