"""The baseline for tests/bench/startup.py: a bare Textual app (Header, Input, Footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="bare textual ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
