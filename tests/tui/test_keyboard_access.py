"""Keyboard-only use (WCAG 2.1.1, 2.1.2, 2.4.7): Esc goes back from every screen, Tab cycles
through every field of the main screens and comes back round (no trap), keys are remapped from
the config's key map, the themes (high contrast included) and the cursor settings take effect."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from hcpay.app import HcpayApp
from hcpay.portal.demo import DEMO_PASSWORD
from screens.access_log import AccessLogScreen
from screens.agent_console import AgentConsoleScreen
from screens.agent_guide import AgentGuideScreen
from screens.agent_member import AgentMemberScreen
from screens.agent_modals import ConfirmScreen, NoteScreen
from screens.dashboard import DashboardScreen
from screens.login import LoginScreen
from screens.settings import SettingsScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle
from tests.tui.test_agent_console import REASON, look_up, sign_in_agent


async def escape_returns(pilot: Pilot[None], key: str, back_to: type[Any]) -> None:
    """``key`` opens another screen; Esc (pressed until it is gone, for a wizard a step at
    a time) brings back ``back_to``."""
    app = pilot.app
    before = app.screen
    await pilot.press(key)
    await settle(pilot)
    opened = app.screen
    assert opened is not before, f"{key} opened nothing"
    for _ in range(8):
        if isinstance(app.screen, back_to):
            break
        await pilot.press("escape")
        await settle(pilot)
    assert isinstance(app.screen, back_to), f"Esc did not leave {type(opened).__name__}"


async def tab_cycle(pilot: Pilot[None]) -> list[Widget]:
    """Tab through the screen until focus comes back to where it started: every stop once."""
    app = pilot.app
    start = app.focused
    assert start is not None, "something has focus when a screen opens"
    chain = app.screen.focus_chain
    seen: list[Widget] = []
    for _ in range(len(chain) + 2):
        await pilot.press("tab")
        focused = app.focused
        assert focused is not None
        seen.append(focused)
        if focused is start:
            break
    assert seen[-1] is start, "Tab never came back round: focus is trapped"
    assert set(seen) == set(chain), "Tab skipped something that takes focus"
    for _ in range(len(seen)):  # and Shift+Tab goes round the other way
        await pilot.press("shift+tab")
    assert app.focused is start
    return seen


async def test_member_screens_escape_back_and_tab_cycles(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        stops = await tab_cycle(pilot)
        assert len(stops) >= 3  # username, password, remember me
        for key in ("f2", "f3", "f4", "f1"):
            await escape_returns(pilot, key, LoginScreen)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        for key in ("p", "a", "h", "d", "t", "f1", "f4", "s"):
            await escape_returns(pilot, key, DashboardScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await escape_returns(pilot, "w", SettingsScreen)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AccessLogScreen)
        await tab_cycle(pilot)


async def test_agent_screens_escape_back_and_tab_cycles(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        assert isinstance(app.screen, AgentConsoleScreen)
        await fill(pilot, REASON)
        await look_up(pilot, "Dana")
        stops = await tab_cycle(pilot)
        assert [w.id for w in stops] == ["reason", "query", "hits"]  # in reading order
        for key in ("f2", "f1"):
            await escape_returns(pilot, key, AgentConsoleScreen)
        app.screen.query_one("#hits").focus()
        await escape_returns(pilot, "enter", AgentConsoleScreen)
        app.screen.query_one("#hits").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)
        await tab_cycle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, AgentMemberScreen)
        await pilot.press("r")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)
        assert "No reset code sent" in str(app.screen.query_one("#status").render())
        await escape_returns(pilot, "f2", AgentMemberScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, AgentConsoleScreen)
        # on the console, Esc clears the answers and keeps the call's reason
        await pilot.press("escape")
        assert not app.screen.query_one("#hits").display
        assert app.screen.query_one("#reason", Input).value == REASON


async def test_key_map_from_config_remaps_a_key(make_app: AppFactory) -> None:
    app = make_app(key_map={"agent_guide": "f6", "agent_new_call": "ctrl+n"})
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, AgentConsoleScreen), "F2 is no longer the guide"
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, AgentGuideScreen)
        await pilot.press("escape")
        # the footer and F1 help name the new key
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert "f6" in footer_keys and "ctrl+n" in footer_keys


@pytest.mark.parametrize("name,expected", [
    ("high-contrast", "high-contrast"), ("default", "textual-dark"), ("ansi-light", "ansi-light"),
])
async def test_themes_by_name(make_app: AppFactory, name: str, expected: str) -> None:
    app = make_app(theme=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.theme == expected
        if expected == "high-contrast":
            variables = app.get_css_variables()
            assert variables["background"].upper().startswith("#000000")
            assert variables["foreground"].upper().startswith("#FFFFFF")


async def test_no_color_and_still_cursor(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the suite's own "no blink" patch: this test sets it through config
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.no_color
        focused = app.focused
        assert isinstance(focused, Input) and focused.cursor_blink is False
        await pilot.press("tab")
        assert isinstance(app.focused, Input) and app.focused.cursor_blink is False


async def test_terminal_cursor_follows_focus(make_app: AppFactory, tui_portal: FastAPI) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, tui_portal)
        await fill(pilot, REASON)
        await look_up(pilot, "Dana")
        hits = app.screen.query_one("#hits")
        assert app.focused is hits
        assert app.cursor_position == hits.content_region.offset
        reason = app.screen.query_one("#reason", Input)
        reason.focus()
        await pilot.pause()
        assert app.cursor_position.y == reason.region.y  # on the field's own line
        assert isinstance(app, HcpayApp)
