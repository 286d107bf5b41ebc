"""Ask before doing something that cannot be undone: y does it, n or Esc keeps things as they
are. The question says exactly what will happen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from hcpay.domain.i18n import N_, _


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen #confirm-box { width: 70; height: auto; border: thick $warning;
                                 padding: 0 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm_yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm_no"),
    ]

    def __init__(self, title: str, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.heading = title
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(_("[b]⚠ {heading}[/b]\n\n{question}\n\n"
                         "Press y: {yes}.   Press n or Esc: {no}.").format(
                             heading=self.heading, question=self.question, yes=self.yes,
                             no=self.no), id="question")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
