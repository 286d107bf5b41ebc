"""Any flow of ``hcpay.flows`` as line-by-line questions, with the same step numbers and titles
as the TUI and the agent's guide: "Step 2 of 5: Contact details", the step's help, then one
question a field. A step's call runs after its last field ("Working..."); what the portal
rejects is said as sentences and the step that asks for it comes again, with everything typed
so far kept (and offered as the default, secrets aside).

A section changes the course of its flow by overriding ``current_flow`` (a flow rebuilt from the
member's own figures), ``after_step`` (which step comes next) and ``failed`` (what a failure
means for this flow)."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from hcpay.flows.model import Field, Flow, Step
from hcpay.plain import problems
from hcpay.plain.prompter import COMMANDS_HINT, Back
from hcpay.plain.session import PlainSession

SECRET_KINDS = {"secret", "new_password", "confirm_password", "cvc"}
# Help sentences written for the full-screen app's keys; plain mode says its own instead.
_KEY_SENTENCE = re.compile(
    r"[^.\n]*\b(?:F\d|Esc|Ctrl\+[A-Z]|Up and Down|Up, Down|press r)\b[^.\n]*\.[ \t]*"
)
DONE = 0  # ``after_step`` answers it when the flow is over


_KEY_ASIDE = re.compile(r" \((?:press )?[a-z](?: on the dashboard)?\)")


def plain_help(text: str) -> str:
    """A step's help without the sentences and asides about the TUI's keys."""
    kept = (_KEY_ASIDE.sub("", _KEY_SENTENCE.sub("", line)).rstrip()
            for line in text.splitlines())
    return "\n".join(line for line in kept if line).strip()


class FlowRunner:
    """Walks one flow; ``run()`` answers the last step's result, or raises Cancel/Quit."""

    def __init__(self, session: PlainSession, flow: Flow,
                 values: dict[str, str] | None = None) -> None:
        self.s = session
        self.p = session.p
        self.flow = flow
        self.values: dict[str, str] = values if values is not None else {}
        for name, default in flow.defaults().items():
            self.values.setdefault(name, default)
        self.history: list[int] = []  # the steps walked, for "back"

    # -- what a section may change -----------------------------------------------------------

    def current_flow(self) -> Flow:
        return self.flow

    def after_step(self, number: int, result: Any) -> int:
        """The step after ``number`` (its call answered ``result``), or DONE."""
        return number + 1 if number < self.current_flow().total else DONE

    def before_action(self, number: int) -> None:
        """Called just before a step's call is sent."""

    def failed(self, number: int, error: BaseException) -> int:
        """Say what went wrong; answer the step to ask again."""
        from hcpay.api import errors

        if isinstance(error, errors.PortalError) and error.errors:
            fields = error.field_messages()
            known = [s for s in map(self.current_flow().step_of_field, fields) if s]
            if known:
                self.p.error(error.detail)
                self._say_fields(fields)
                return min(known)
        if isinstance(error, errors.Conflict):
            field = "email" if "email" in error.detail.lower() else "username"
            self.p.error(error.detail)
            return self.current_flow().step_of_field(field) or number
        self.p.error(problems.describe(error))
        return number

    def extra_commands(self, number: int) -> dict[str, Any]:
        """Command words a step understands besides help, back and cancel."""
        return {}

    # -- the walk ------------------------------------------------------------------------------

    def intro(self) -> None:
        flow = self.current_flow()
        self.p.say("")
        self.p.say(f"{flow.title}, in {flow.total} steps.")
        if flow.help:
            self.p.say(plain_help(flow.help))
        self.p.say(COMMANDS_HINT)

    def run(self, start: int = 1) -> Any:
        self.intro()
        number = start
        result: Any = None
        while number != DONE:
            try:
                self.show(number)
                self.ask_step(number)
            except Back:
                number = self.history.pop() if self.history else number
                continue
            step = self.current_flow().step(number)
            if step.action:
                self.before_action(number)
                try:
                    result = self.s.call(partial(self._act, step))
                except Exception as error:  # every failure is said, then the step comes again
                    if problems.is_session_over(error):
                        raise
                    number = self.failed(number, error)
                    while self.history and self.history[-1] >= number:
                        self.history.pop()  # "back" from there goes before it
                    continue
            else:
                result = None
            self.history.append(number)
            number = self.after_step(number, result)
        return result

    async def _act(self, step: Step) -> Any:
        from hcpay.flows.actions import ACTIONS

        assert step.action is not None
        return await ACTIONS[step.action](self.s.client, self.values)

    def show(self, number: int) -> None:
        flow = self.current_flow()
        step = flow.step(number)
        self.values["_step"] = str(number)
        self.p.say("")
        self.p.say(flow.heading(number) + ".")
        text = plain_help(step.help)
        if text:
            self.p.lines(text.splitlines())

    def ask_step(self, number: int) -> None:
        step = self.current_flow().step(number)
        allow_back = bool(self.history)
        extra = self.extra_commands(number)
        if not step.fields:
            self.p.pause(enter_to(step.submit_label), allow_back=allow_back,
                         help_text=plain_help(step.help))
            return
        index = 0
        while index < len(step.fields):
            field = step.fields[index]
            self.values[field.name] = self.ask_field(field, step, allow_back, extra)
            problem = field.problem(self.values[field.name], self.values)
            if problem is None:
                index += 1
                continue
            self.p.error(problem)
            self.values[field.name] = ""  # what was wrong is no default for the next try
            if field.kind == "confirm_password":  # both passwords again: either may be wrong
                index = next((i for i, f in enumerate(step.fields)
                              if f.kind == "new_password"), index)

    def ask_field(self, field: Field, step: Step, allow_back: bool,
                  extra: dict[str, Any]) -> str:
        help_text = plain_help(field.help) or plain_help(step.help)
        current = self.values.get(field.name, "") or field.default
        if field.kind == "code":  # a code that failed is no default for the next try
            current = ""
        if field.kind == "choice":
            labels = [label for _, label in field.choices]
            keys = [value for value, _ in field.choices]
            default = keys.index(current) if current in keys else None
            index = self.p.choose(field.label + ":", labels, default=default,
                                  help_text=help_text, allow_back=allow_back, extra=extra)
            return keys[index]
        if field.kind == "checkbox":
            yes = self.p.confirm(field.label + "?", default=current == "yes",
                                 allow_back=allow_back, help_text=help_text)
            return "yes" if yes else ""
        if field.kind in SECRET_KINDS:
            return self.p.secret(field.label)
        label = field.label
        if field.placeholder and not current and _example(field.placeholder):
            shape = any(ch.isalpha() for ch in field.placeholder) and " " in field.placeholder
            label += f" ({field.placeholder})" if shape else f", like {field.placeholder}"
        return self.p.ask(label, default=current, help_text=help_text,
                          allow_back=allow_back, extra=extra)

    def _say_fields(self, fields: dict[str, str]) -> None:
        flow = self.current_flow()
        for name, message in fields.items():
            number = flow.step_of_field(name)
            label = flow.step(number).field(name).label if number else name
            self.p.say(f"{label}: {message}")


_SAID = {"looks right": "confirm", "done": "finish", "back to sign in": "go back to sign in"}


def enter_to(label: str) -> str:
    """A step's button as the end of "Press Enter to ...": "Pay $98.00 now" -> "pay $98.00
    now", "Looks right" -> "confirm"."""
    lowered = label[:1].lower() + label[1:]
    return _SAID.get(label.lower(), lowered)


def _example(placeholder: str) -> bool:
    """A placeholder that shows a format (YYYY-MM-DD, 6 digits) rather than a hint."""
    return any(ch.isdigit() for ch in placeholder) or placeholder.isupper() or "@" in placeholder
