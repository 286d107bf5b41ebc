"""Small dialogs for the agent: write a note, and confirm before sending a reset code. Each one
says its keys in words; Esc always cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

_BOX = """
{name} {{ align: center middle; }}
{name} #box {{ width: 72; max-width: 100%; height: auto; border: heavy $accent; padding: 0 1;
               background: $panel; }}
{name} Input {{ margin-top: 1; }}
{name} #problem {{ height: auto; }}
"""


class NoteScreen(ModalScreen[str | None]):
    """One line of note text; Enter saves it, Esc cancels. Answers the text or None."""

    DEFAULT_CSS = _BOX.format(name="NoteScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note_cancel"),
    ]

    def __init__(self, member_name: str) -> None:
        super().__init__()
        self.member_name = member_name

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(f"[b]Add a note to {escape(self.member_name)}'s account[/b]\n"
                         "Other agents read it; the member does not. Enter saves, Esc cancels.")
            yield Input(placeholder="What was asked and what you did", id="note",
                        max_length=2000)
            yield Static("", id="problem")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _save(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#problem", Static).update(
                "Problem: the note is empty. Write what was asked and what you did, or press "
                "Esc to cancel."
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or Enter answers yes; n or Esc answers no."""

    DEFAULT_CSS = _BOX.format(name="ConfirmScreen")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(f"{self.question}\n\nPress y (or Enter) for yes, n (or Esc) for no.",
                         id="question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
