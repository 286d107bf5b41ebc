"""A key's question with the value it asks for (F6 on Automatic Payments: "Pause automatic
payments?" and an optional resume date): Enter does it, Esc leaves everything as it was. The
question, the field and its check are the flow's (KeyHint.asks); this only shows them."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows.model import KeyHint


class KeyQuestion(ModalScreen[str | None]):
    DEFAULT_CSS = """
    KeyQuestion { align: center middle; }
    #question-box { width: 72; max-width: 100%; height: auto; border: round $warning;
                    padding: 0 1; background: $panel; }
    #question-box Input { margin-top: 1; }
    #question-problem { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Leave as it was"), id="question_cancel"),
    ]

    def __init__(self, hint: KeyHint) -> None:
        super().__init__()
        assert hint.asks is not None
        self.hint = hint
        self.field = hint.asks

    def compose(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield Static(self.hint.confirm, id="question", markup=False)
            yield Static(f"{self.field.label}: {self.field.help}", id="question-help",
                         markup=False)
            yield Input(placeholder=self.field.placeholder or "", id="question-answer")
            yield Static("", id="question-problem", markup=False)
            yield Static(_("Enter to {does}; Esc leaves it as it was.").format(
                does=self.hint.does),
                         id="question-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.field.problem(event.value, {})
        if problem:
            self.query_one("#question-problem", Static).update(f"✗ {problem}")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
