"""Session expiry (WCAG 2.2.1): a warning at least a minute before the idle limit with one key
to stay signed in; when the login has ended, signing in again in a modal keeps what was typed."""

from __future__ import annotations

from fastapi import FastAPI
from textual.widgets import Input

from hcpay.app import SessionPolicy
from hcpay.portal.demo import DEMO_PASSWORD
from screens.dashboard import DashboardScreen
from screens.relogin import ReloginScreen
from screens.session_warning import SessionWarningScreen
from screens.settings import SettingsScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_warns_a_minute_before_and_one_key_extends(make_app: AppFactory) -> None:
    clock = FakeMonotonic()
    app = make_app(monotonic=clock, session_policy=SessionPolicy(idle_seconds=1800))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        clock.now += 1800 - 85  # 85 seconds before the portal would end the login
        app.check_session()
        await pilot.pause()
        assert isinstance(app.screen, SessionWarningScreen)
        warning = text_of(pilot, "#warning-text")
        assert "signed out in about 85 seconds" in warning and "Enter" in warning
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        left = app.session_left()
        assert left is not None and left > 1700  # the idle clock started again
        assert any("still signed in" in n.message for n in app._notifications)


async def test_relogin_in_a_modal_keeps_what_was_typed(make_app: AppFactory) -> None:
    clock = FakeMonotonic()
    app = make_app(monotonic=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("2")  # turn two-step on: asks for the password first
        await pilot.pause()
        await type_text(pilot, "123")
        settings = app.screen
        clock.now += 31 * 60  # the idle limit passes
        app.check_session()
        await pilot.pause()
        assert isinstance(app.screen, ReloginScreen)
        await type_text(pilot, "wrong password!")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReloginScreen)
        assert text_of(pilot, "#relogin-status").startswith("Problem:")
        app.screen.query_one("#field-password", Input).value = ""
        await type_text(pilot, DEMO_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is settings
        assert settings.query_one("#password", Input).value == "123"


async def test_portal_ending_the_login_opens_the_relogin(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "pastdue", DEMO_PASSWORD)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        client = await app.portal()
        await client.advance_sandbox_clock(days=1)  # a day later: idle and 12-hour limits pass
        await pilot.press("2")  # turn two-step on: the password, then a signed-in call
        await pilot.pause()
        await type_text(pilot, DEMO_PASSWORD)
        await pilot.press("enter")  # any signed-in call now learns the login has ended
        await settle(pilot)
        assert isinstance(app.screen, ReloginScreen)
        assert "pastdue" in str(app.screen.query_one("Static").render())
