"""A step's fields as a form: one row a field (label, input), its problem under it, and live
password feedback. The values live in a dict owned by the screen, so nothing typed is lost when
the form is rebuilt (next step, going back, a failed call)."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows import Field, Step, checks
from screens.choice_list import ChoiceList

if TYPE_CHECKING:
    from hcpay.flows.controller import Controller

SECRET_KINDS = {"secret", "new_password", "confirm_password", "ssn", "cvc"}
RESTRICT = {
    "ssn": r"[0-9 -]*", "code": r"[0-9A-Za-z -]*", "phone": r"[0-9 ()+.-]*",
    "card_number": r"[0-9 -]*", "expiry": r"[0-9/ -]*", "cvc": r"[0-9]*", "digits": r"[0-9 -]*",
    "money": r"[0-9$,. ]*",
}
# Fields laid out as typed (SSN, card number, expiry) take any length: a paste with spaces in
# it or a digit too many is never cut off, and the field's check says what is wrong with it.
MAX_LENGTH = {"cvc": 4}


def field_input_id(name: str) -> str:
    return f"field-{name}"


class FieldInput(Input):
    """An input that knows which flow field it holds; Enter moves on (the form decides)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "reveal", N_("Show/hide"), show=False, id="reveal",
                tooltip=N_("Show or hide what you typed in a hidden field")),
    ]

    def __init__(self, spec: Field, value: str) -> None:
        secret = spec.kind in SECRET_KINDS
        super().__init__(
            value=value, placeholder=spec.placeholder, password=secret,
            id=field_input_id(spec.name), compact=True, restrict=RESTRICT.get(spec.kind),
            max_length=MAX_LENGTH.get(spec.kind, 0), tooltip=spec.help or None,
        )
        self.spec = spec
        self.can_reveal = secret

    def action_reveal(self) -> None:
        if self.can_reveal:
            self.password = not self.password

    async def action_submit(self) -> None:
        """Enter: the form moves on at once, while this key is handled. Sent as a message,
        the move came after the next key typed in a burst ('Nina', Enter, 'Park' gave
        'NinaP' and 'ark'), since the app lets each key go once the one before is handled."""
        form = next((node for node in self.ancestors if isinstance(node, FlowForm)), None)
        if form is None:
            await super().action_submit()
            return
        form.field_submitted(self)

    def formatter(self) -> Callable[[str], str] | None:
        """How this field lays out what is typed (SSN dashes, card groups), if it does."""
        if self.spec.kind == "ssn":
            return checks.format_ssn
        return self.spec.reformat

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (a key, a paste, a burst of keys) lands in the value first and is laid out
        after, in the same call: the layout is made from what the field holds now, so a key that
        arrives before the last one was handled is never lost. The layout is kept only when it
        holds the same digits (a number too long stays as typed, for its check to say so)."""
        super().replace(text, start, end)
        layout = self.formatter()
        if layout is None:
            return
        value, cursor = self.value, self.cursor_position
        formatted = layout(value)
        if formatted == value or checks.digits(formatted) != checks.digits(value):
            return
        before = len(checks.digits(value[:cursor]))
        self.value = formatted
        self.cursor_position = _after_digits(formatted, before)


def _after_digits(text: str, count: int) -> int:
    """The position just after the ``count``-th digit of ``text`` (the end when it has fewer)."""
    if count == 0:
        return 0
    seen = 0
    for index, char in enumerate(text):
        seen += char.isdigit()
        if seen == count:
            return len(text) if not any(c.isdigit() for c in text[index + 1:]) else index + 1
    return len(text)


class MarkedCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox whose state is in the text: ``[X]`` ticked, ``[ ]`` not (Textual's shows an X
    either way and tells them apart by colour only, which NO_COLOR and a screen reader lose).
    The brackets take the text colour, so the box shows in every theme (in high contrast an
    unticked one was black on black).

    Space ticks it; Enter, as everywhere in a form, accepts the step (Textual's checkbox would
    untick it instead, so a member who ticks "Remember me" and presses Enter lost the tick and
    was not signed in)."""

    DEFAULT_CSS = """
    MarkedCheckbox > .toggle--button { color: $foreground; background: transparent; }
    MarkedCheckbox.-on > .toggle--button { color: $foreground; background: transparent;
                                           text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", N_("Toggle"), show=False),
    ]

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[", style), ("X" if self.value else " ", style), ("]", style))


async def replace_form(host: Widget, form: FlowForm) -> FlowForm:
    """Put ``form`` in ``host`` in place of the form there (its fields have the same ids)."""
    await host.remove_children()
    await host.mount(form)
    return form


class FlowForm(Vertical):
    """The fields of one step, bound to ``values``."""

    DEFAULT_CSS = """
    FlowForm { height: auto; }
    FlowForm .field-row { height: 1; margin-top: 1; border-left: blank; }
    FlowForm .field-row:focus-within { border-left: outer $accent; }
    FlowForm .field-row:focus-within .field-label { text-style: bold; }
    FlowForm .field-label { width: 26; min-height: 1; padding-right: 1; }
    FlowForm FieldInput { width: 1fr; background: $boost; }
    FlowForm FieldInput:focus { background: $surface-lighten-2; text-style: bold; }
    FlowForm Checkbox { margin-top: 1; }
    FlowForm .field-problem { height: auto; padding-left: 26; display: none; }
    FlowForm .field-problem.-shown { display: block; color: $text-error; }
    FlowForm .password-feedback { height: auto; padding-left: 26; }
    FlowForm .field-row.choice-row { height: auto; }
    FlowForm .live-feedback { height: auto; padding-left: 26; color: $text-muted; }
    """

    class Submitted(Message):
        """Enter on the last field: the member wants to go on."""

    class Reshaped(Message):
        """A choice changed which fields the step has (a new card chosen): draw it again."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, step: Step, values: MutableMapping[str, str],
                 controller: Controller | None = None) -> None:
        super().__init__(classes=f"form-step-{step.number}")
        self.step = step
        self.values = values
        self.controller = controller
        self.touched: set[str] = set()

    def _value(self, spec: Field) -> str:
        if self.controller is None:
            return self.values.get(spec.name, spec.default)
        value = self.controller.shown(spec)  # never a value that was refused
        self.values[spec.name] = value
        return value

    def _problem(self, spec: Field, value: str) -> str | None:
        if self.controller is None:
            return spec.problem(value, self.values)
        return self.controller.answer(spec.name, value)

    def compose(self) -> ComposeResult:
        for spec in self.step.fields:
            value = self._value(spec)
            if spec.kind == "choice":
                with Horizontal(classes="field-row choice-row"):
                    yield Static(spec.label, classes="field-label")
                    yield ChoiceList(spec, value, id=field_input_id(spec.name))
                yield Static("", id=f"problem-{spec.name}", classes="field-problem")
                yield from self._live(spec, value)
                continue
            if spec.kind == "checkbox":
                box = MarkedCheckbox(spec.label, value == "yes", id=field_input_id(spec.name),
                                     tooltip=spec.help or None, compact=True)
                yield box
                continue
            with Horizontal(classes="field-row"):
                yield Static(spec.label, classes="field-label")
                yield FieldInput(spec, value)
            yield Static("", id=f"problem-{spec.name}", classes="field-problem")
            if spec.kind == "new_password":
                yield Static(self._feedback_text(value), id=f"feedback-{spec.name}",
                             classes="password-feedback")
            yield from self._live(spec, value)

    def _live(self, spec: Field, value: str) -> ComposeResult:
        if spec.live is not None:
            yield Static(spec.live(value, self.values), id=f"live-{spec.name}",
                         classes="live-feedback", markup=False)

    def update_live(self) -> None:
        """Refresh every field's live words (one field's value may change another's)."""
        for spec in self.step.fields:
            if spec.live is not None:
                value = self.values.get(spec.name, spec.default)
                self.query_one(f"#live-{spec.name}", Static).update(spec.live(value, self.values))

    def _feedback_text(self, password: str) -> str:
        feedback = checks.password_feedback(password, self.values)
        if not password:
            return _("Password rules: at least 12 characters; not a common password; " \
                   "not your name, username or email.")
        if feedback.ok:
            strength = _(" Strength: {strength}.").format(
                strength=feedback.strength) if feedback.strength else ""
            return _("✓ Meets every rule.{strength}").format(strength=strength)
        return "\n".join(f"✗ {problem}" for problem in feedback.problems)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if not isinstance(event.input, FieldInput):
            return
        spec = event.input.spec
        # what the field holds now: a message about an earlier key may arrive after later keys
        value = event.input.value
        self.values[spec.name] = value
        self.update_live()
        if spec.kind == "new_password":
            self.query_one(f"#feedback-{spec.name}", Static).update(self._feedback_text(value))
        if spec.name in self.touched:
            self.show_problem(spec.name, self._check(spec, value))

    def _check(self, spec: Field, value: str) -> str | None:
        if self.controller is None:
            return spec.problem(value, self.values)
        return self.controller.check(spec.name, value)

    @on(ChoiceList.Changed)
    def _chosen(self, event: ChoiceList.Changed) -> None:
        spec = event.choice.spec
        self.values[spec.name] = event.value
        self.update_live()
        if spec.name in self.touched:
            self.show_problem(spec.name, self._check(spec, event.value))
        if self.controller is not None:
            now = [f.name for f in self.controller.step(self.step.number).fields]
            if now != [f.name for f in self.step.fields]:
                self.post_message(self.Reshaped(spec.name))

    @on(ChoiceList.Accepted)
    def _accepted(self, event: ChoiceList.Accepted) -> None:
        event.stop()
        self.choice_accepted(event.choice)

    def choice_accepted(self, choice: ChoiceList) -> None:
        spec = choice.spec
        self.values[spec.name] = choice.value
        self._next_after(spec)

    @on(Checkbox.Changed)
    def _checked(self, event: Checkbox.Changed) -> None:
        name = (event.checkbox.id or "").removeprefix("field-")
        self.values[name] = "yes" if event.value else "no"

    def field_submitted(self, field: FieldInput) -> None:
        spec = field.spec
        self.touched.add(spec.name)
        self.show_problem(spec.name, self._problem(spec, field.value))
        self._next_after(spec)

    def _next_after(self, spec: Field) -> None:
        """Enter in a field: the next field, or (after the last one) the step is done."""
        names = [f.name for f in self.step.fields
                 if f.kind != "checkbox" or f.on_the_way or f.name == spec.name]
        index = names.index(spec.name)
        if index + 1 < len(names):
            self.query_one(f"#{field_input_id(names[index + 1])}").focus()
            return
        done = getattr(self.screen, "form_done", None)
        if callable(done):  # at once, as the key is handled (see FieldInput.action_submit)
            done()
        else:
            self.post_message(self.Submitted())

    def show_problem(self, name: str, message: str | None) -> None:
        try:
            widget = self.query_one(f"#problem-{name}", Static)
        except Exception:
            return
        widget.update(f"✗ {message}" if message else "")
        widget.set_class(bool(message), "-shown")

    def show_problems(self, found: dict[str, str]) -> None:
        """Show each problem beside its field and put the cursor in the first one."""
        for spec in self.step.fields:
            self.touched.add(spec.name)
            self.show_problem(spec.name, found.get(spec.name))
        for spec in self.step.fields:
            if spec.name in found:
                self.focus_field(spec.name)
                break

    def focus_field(self, name: str | None = None) -> None:
        names = [f.name for f in self.step.fields]
        if not names:
            return
        target = name or next(
            (n for n in names if not self.values.get(n)), names[0]
        )
        widget: Widget = self.query_one(f"#{field_input_id(target)}")
        widget.focus()
