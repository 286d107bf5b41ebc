"""Signing in, keyboard only, against the real portal with the demo accounts: the demo
sign-ins shown, a wrong password and the lockout in plain words, two-step, remember me."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from textual.css.stylesheet import Stylesheet
from textual.widgets import Input

from hcpay.portal.demo import AGENT_PASSWORD, AGENT_TOTP_SECRET, DEMO_PASSWORD
from screens.agent_console import AgentConsoleScreen
from screens.dashboard import DashboardScreen
from screens.forgot_password import ForgotPasswordScreen
from screens.login import LoginScreen
from tests.helpers.accounts import totp_now
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text


async def test_demo_member_signs_in_to_the_dashboard(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "demo / Demo-Pass-2026!" in text_of(pilot, "#demo-logins")
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Dana" in text_of(pilot, "#greeting")
        await pilot.press("o")  # sign out
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#field-password", Input).value == ""


async def test_wrong_password_then_lockout_in_plain_words(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "pastdue", "not the password")
        await settle(pilot)
        status = text_of(pilot, "#status")
        assert status.startswith("Problem:")
        assert "5 wrong tries" in status and "F3" in status
        for _ in range(5):
            app.screen.query_one("#field-password", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
        status = text_of(pilot, "#status")
        assert "locked" in status.lower()
        assert "Try again in" in status


async def test_two_step_asks_for_the_code(make_app: AppFactory, tui_portal: FastAPI) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "agent", AGENT_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "Step 2 of 2: Two-step code" in text_of(pilot, "#otp-heading")
        assert app.focused is not None and app.focused.id == "field-otp"
        await type_text(pilot, "000000")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await type_text(pilot, totp_now(tui_portal, AGENT_TOTP_SECRET))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgentConsoleScreen)  # an agent gets the console


async def test_keys_open_create_account_forgot_password_and_inbox(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "someone")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ForgotPasswordScreen)
        assert text_of(pilot, "#heading") == "Step 1 of 4: Find your account"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        # what was typed on the login screen is still there
        assert app.screen.query_one("#field-username", Input).value == "someone"
        await pilot.press("f1")
        await pilot.pause()
        assert "Create account" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)


async def test_sign_in_screen_is_drawn_without_reparsing_the_stylesheet(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Start-up time: a full re-parse of every rule (a MODES first screen, or a screen CSS file
    the app had not read yet) cost ~20 ms before the first frame. The sign-in screen is the
    default screen and login.tcss is read with app.tcss; the "signin" mode still works."""
    reparses: list[int] = []
    real_reparse = Stylesheet.reparse

    def counting_reparse(self: Stylesheet) -> None:
        reparses.append(1)
        real_reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting_reparse)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.current_mode == "signin"
        assert reparses == []
        # login.tcss applies: its label column is 12 wide (FlowForm's own is 26)
        assert app.screen.query_one("#login-form .field-label").outer_size.width == 12
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("o")  # sign out: back to the "signin" mode, the same screen
        await settle(pilot)
        assert app.current_mode == "signin" and isinstance(app.screen, LoginScreen)
