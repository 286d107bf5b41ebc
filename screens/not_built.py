"""A section that is not built yet says so, and says how to get it done another way."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from screens.base import BaseScreen


class NotBuiltScreen(BaseScreen):
    DEFAULT_CSS = "NotBuiltScreen #not-built { padding: 1 2; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to dashboard", id="not_built_back"),
    ]

    def __init__(self, section: str, instead: str) -> None:
        super().__init__()
        self.section = section
        self.instead = instead

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"[b]{self.section}[/b]\n\n{self.section} is not built in this version of hcpay "
            f"yet. Nothing has been changed on your account.\n\n{self.instead}\n\n"
            "Press Esc to go back to the dashboard.",
            id="not-built",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.section

    def action_back(self) -> None:
        self.dismiss(None)
