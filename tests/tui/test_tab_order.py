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
