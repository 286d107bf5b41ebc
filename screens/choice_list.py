"""A flow's "choice" field: one line an option, the chosen one marked "(•)" in text (never by
colour alone). Up and Down choose; Enter accepts the choice and goes on, like Enter in a text
field; a digit key 1-9 chooses that option."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hcpay.domain.i18n import N_
from hcpay.flows import Field

CHOSEN = "(•)"
NOT_CHOSEN = "( )"


class ChoiceList(OptionList):
    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 8; width: 1fr; background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "accept", N_("Accept"), show=False, id="choice_accept"),
    ]

    class Changed(Message):
        def __init__(self, choice: ChoiceList, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

    class Accepted(Message):
        def __init__(self, choice: ChoiceList) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, spec: Field, value: str, *, id: str) -> None:
        self.spec = spec
        self.value = value if value in {v for v, _unused in spec.choices} else (
            spec.choices[0][0] if spec.choices else ""
        )
        options = [Option(self._prompt(n, v, label), id=v)
                   for n, (v, label) in enumerate(spec.choices, start=1)]
        super().__init__(*options, id=id, compact=True, markup=False)
        self.tooltip = spec.help or None

    def _prompt(self, number: int, value: str, label: str) -> str:
        mark = CHOSEN if value == self.value else NOT_CHOSEN
        return f"{mark} {number}. {label}"

    def on_mount(self) -> None:
        for index, (value, _unused) in enumerate(self.spec.choices):
            if value == self.value:
                self.highlighted = index

    def _choose(self, index: int) -> None:
        value, _unused = self.spec.choices[index]
        if value == self.value:
            return
        self.value = value
        for n, (v, label) in enumerate(self.spec.choices, start=1):
            self.replace_option_prompt_at_index(n - 1, self._prompt(n, v, label))
        self.post_message(self.Changed(self, value))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.is_mounted:
            self._choose(highlighted)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.spec.choices):
                event.stop()
                self.highlighted = index

    def action_accept(self) -> None:
        # the form moves on at once, while Enter is handled: a key typed right after it
        # belongs to the next field (see FieldInput.action_submit)
        for node in self.ancestors:
            accepted = getattr(node, "choice_accepted", None)
            if callable(accepted):
                accepted(self)
                return
        self.post_message(self.Accepted(self))
