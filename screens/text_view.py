"""A page of text over the current screen (the chart in words, an FAQ answer): arrows and
Page Up/Down scroll, Esc closes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from hcpay.domain.i18n import N_, _


class TextViewScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TextViewScreen { align: center middle; }
    TextViewScreen #text-box { width: 78; max-height: 22; border: round $accent;
                               padding: 0 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", N_("Close"), id="text_close"),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.heading = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text-box") as box:
            box.border_title = self.heading
            yield Static(self.body, id="text-body", markup=False)
            yield Static(_("Esc closes."), id="text-hint")

    def on_mount(self) -> None:
        self.query_one("#text-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)
