"""Tab moves between the sign-in fields, as every keyboard user expects."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, type_text


async def test_tab_moves_from_username_to_password(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "demo")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "field-password"
        await type_text(pilot, "secret")
        assert app.screen.query_one("#field-username", Input).value == "demo"
        assert app.screen.query_one("#field-password", Input).value == "secret"


async def test_tick_remember_me_with_space_then_enter_signs_in(make_app: AppFactory) -> None:
    from screens.dashboard import DashboardScreen
    from tests.tui.helpers import settle

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "demo")
        await pilot.press("tab")
        await type_text(pilot, "Demo-Pass-2026!")
        await pilot.press("tab", "space")
        box = app.screen.query_one("#field-remember_me")
        assert box.value is True  # type: ignore[attr-defined]
        await pilot.press("enter")  # Enter signs in; it does not untick the box
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
