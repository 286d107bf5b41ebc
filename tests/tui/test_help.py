"""F1 says the screen's own keys first, then the keys that work everywhere, and only then the
scrolling keys of the list or text that has the focus."""

from __future__ import annotations

from fastapi import FastAPI
from textual.widgets import Static

from screens.help import HelpScreen
from screens.history import HistoryScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle
from tests.tui.pay_helpers import seed_payer, signed_in


async def test_help_puts_the_screens_own_keys_before_textuals(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        own = text.index("Keys of this screen")
        assert own < text.index("f: Filter") < text.index("Keys that work everywhere")
        # the list's Up, Down, Page up...: Textual's own, said last
        assert text.index("Keys that work everywhere") < text.index("Moving in a list")
        assert text.index("Cursor up") > text.index("Moving in a list")


async def test_help_in_a_field_puts_the_steps_keys_before_the_fields_cursor_keys(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    """In Make a Payment's amount field, F1 listed the field's cursor keys (left, right,
    home, end: Textual's Input's) as "Keys of this screen", before everything else; at 60
    columns the help was cut off on the right."""
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await signed_in(pilot, seed_payer(tui_portal))
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        assert "This field: Amount to pay ($)" in text and "Dollars and cents" in text
        own = text[text.index("Keys of this screen"):text.index("Keys that work everywhere")]
        assert "Move cursor left" not in own and "Go to end" not in own
        assert "Back" in own  # the wizard's own Esc
        assert text.index("Keys that work everywhere") < text.index("Move cursor left")
        box = app.screen.query_one("#help-box")
        assert box.region.right <= 60
