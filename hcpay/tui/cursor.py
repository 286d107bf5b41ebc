"""Where the terminal's cursor stands: it follows focus, so that a braille display or a screen
magnifier tracks the field being typed in. An input places it at its caret; anything else at
its top-left corner. With ``terminal_cursor`` the terminal's own cursor is shown."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input


class CursorPlacement:
    def __init__(self, app: App[Any], *, blink: bool, terminal_cursor: bool) -> None:
        self.app = app
        self.blink = blink
        self.terminal_cursor = terminal_cursor

    def focused(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, Input):
            if not self.blink:
                widget.cursor_blink = False
            return
        # after the next refresh: a widget focused as it mounts has not been laid out yet
        self.app.call_after_refresh(self._place_on, widget)

    def _place_on(self, widget: Widget) -> None:
        if self.app.focused is widget:
            self.app.cursor_position = widget.content_region.offset

    def show_terminal_cursor(self) -> None:
        driver = self.app._driver  # Textual hides the cursor and has no public way to show it
        if self.terminal_cursor and driver is not None and not self.app.is_headless:
            driver.write("\x1b[?25h")
