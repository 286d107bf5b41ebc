"""Create an account from the login screen, keyboard only, against the real portal: the
wizard's steps, the checks as typed, the code read from the sandbox inbox, the portal going
down in the middle (nothing typed is lost), through to the dashboard."""

from __future__ import annotations

import re

from textual.widgets import Input

from screens.create_account import CreateAccountScreen
from screens.dashboard import DashboardScreen
from screens.inbox import SandboxInboxScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text

PASSWORD = "correct horse battery staple 7"


async def test_steps_are_numbered_and_check_what_is_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CreateAccountScreen)
        assert text_of(pilot, "#heading") == "Step 1 of 5: Personal details"
        await fill(pilot, "Ada", "Lovelace", "12/10/2990")
        await type_text(pilot, "123")
        await pilot.press("enter")
        await pilot.pause()
        # still step 1: the future birth date and the short SSN are named, in words
        assert text_of(pilot, "#heading") == "Step 1 of 5: Personal details"
        assert "in the past" in text_of(pilot, "#problem-date_of_birth")
        assert "9 digits" in text_of(pilot, "#problem-ssn")
        # the SSN is masked as typed
        ssn = app.screen.query_one("#field-ssn", Input)
        assert ssn.password is True
        assert "123" not in str(ssn.render_line(0).text)


async def test_portal_down_midway_keeps_everything_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await fill(pilot, "Grace", "Hopper", "1990-12-09", "541-22-3344")
        await pilot.pause()
        assert text_of(pilot, "#heading") == "Step 2 of 5: Contact details"
        await fill(pilot, "grace.down@example.com", "")
        await pilot.pause()
        assert text_of(pilot, "#heading") == "Step 3 of 5: Username and password"
        make_app.transport.down = True
        await fill(pilot, "gracedown", PASSWORD, PASSWORD)
        await settle(pilot)
        # the step stays, with a message that says what happened and what to do
        assert text_of(pilot, "#heading") == "Step 3 of 5: Username and password"
        status = text_of(pilot, "#status")
        assert "cannot be reached" in status and "kept" in status
        screen = app.screen
        assert isinstance(screen, CreateAccountScreen)
        assert screen.query_one("#field-username", Input).value == "gracedown"
        assert screen.query_one("#field-password", Input).value == PASSWORD
        # going back shows every earlier answer still there
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#field-email", Input).value == "grace.down@example.com"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#field-ssn", Input).value == "541-22-3344"
        assert screen.query_one("#field-first_name", Input).value == "Grace"
        # the portal comes back: Enter through the steps again and the account is created
        make_app.transport.down = False
        screen.query_one("#field-ssn", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter", "enter")  # step 2 as it was
        await pilot.pause()
        await pilot.press("enter", "enter", "enter")  # step 3 as it was
        await settle(pilot)
        heading = text_of(pilot, "#heading")
        assert heading == "Step 4 of 5: Verify your identity", text_of(pilot, "#status")


async def test_create_account_through_to_the_dashboard(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        await fill(pilot, "Katherine", "Johnson", "08/26/1968", "412-55-6677")
        await fill(pilot, "kj.new@example.com", "617-555-0199")
        await fill(pilot, "kjohnson", PASSWORD, PASSWORD)
        await settle(pilot)
        heading = text_of(pilot, "#heading")
        assert heading == "Step 4 of 5: Verify your identity", text_of(pilot, "#status")
        # read the code where a member would: the sandbox inbox (F4), then back (Esc)
        for _ in range(50):
            if any(m.to == "kj.new@example.com" for m in app.inbox):
                break
            await pilot.pause(0.1)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, SandboxInboxScreen)
        shown = text_of(pilot, "#inbox-message")
        assert "kj.new@example.com" in shown
        code = re.search(r"\b(\d{6})\b", shown)
        assert code, shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CreateAccountScreen)
        await fill(pilot, code.group(1))
        await settle(pilot)
        assert text_of(pilot, "#heading") == "Step 5 of 5: Done"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Katherine" in text_of(pilot, "#greeting")
