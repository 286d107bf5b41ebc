"""Forgot password through the sandbox inbox, keyboard only: the inbox announces the reset
email as it arrives, c copies its reset code, Ctrl+V pastes it, and the new password signs in."""

from __future__ import annotations

from textual.widgets import Input

from hcpay.portal.demo import DEMO_PASSWORD
from screens.dashboard import DashboardScreen
from screens.forgot_password import ForgotPasswordScreen
from screens.inbox import SandboxInboxScreen
from screens.login import LoginScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text

NEW_PASSWORD = "violet tractor under moonlight 42"


async def test_reset_a_forgotten_password_with_the_inbox(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause(0.3)  # the inbox poller has read what was there before
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ForgotPasswordScreen)
        await fill(pilot, "pastdue")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 2 of 4: Reset code"
        assert "F4" in text_of(pilot, "#status")
        # the inbox announces the new message as it arrives
        for _ in range(50):
            if any("sandbox inbox" in n.title for n in app._notifications):
                break
            await pilot.pause(0.1)
        assert any("pastdue@example.com" in n.message for n in app._notifications)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, SandboxInboxScreen)
        assert "Your hcpay password reset code" in text_of(pilot, "#inbox-message")
        await pilot.press("c", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ForgotPasswordScreen)
        # a mistyped code is refused at this step, before a new password is chosen
        await type_text(pilot, "ZZZZ-ZZZZ")
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 2 of 4: Reset code"
        assert "reset code does not work" in text_of(pilot, "#status")
        field = app.screen.query_one("#field-code", Input)
        field.value = ""
        field.focus()
        await pilot.press("ctrl+v", "enter")
        await pilot.pause()
        assert text_of(pilot, "#heading") == "Step 3 of 4: New password"
        await fill(pilot, NEW_PASSWORD, NEW_PASSWORD)
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 4 of 4: Done"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "Password changed" in text_of(pilot, "#status")
        # the username is filled in; the new password signs in, the old one no longer does
        await type_text(pilot, DEMO_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        app.screen.query_one("#field-password", Input).value = ""
        app.screen.query_one("#field-password", Input).focus()
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_live_password_feedback_while_typing(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ForgotPasswordScreen)
        screen.values["code"] = "7K2M-9QX4"
        await screen.show_step(3)
        await type_text(pilot, "password")
        await pilot.pause()
        feedback = text_of(pilot, "#feedback-new_password")
        assert "✗ Use at least 12 characters" in feedback
        assert "too common" in feedback
        await type_text(pilot, " of violet tractors")
        await pilot.pause()
        assert text_of(pilot, "#feedback-new_password").startswith("✓ Meets every rule")
