"""Any flow of ``hcpay.flows`` as line-by-line questions, with the same step numbers and titles
as the TUI and the agent's guide: "Step 2 of 5: Contact details", the step's help, then one
question a field. It only renders: each answer is checked by the flow's controller as soon as
it is typed, the controller says which step comes next, runs the step's call ("Working...")
and, when the call fails, where to go back to and what to say. What was refused is never
offered again as the default, and a secret never is."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from hcpay.domain.i18n import N_, _
from hcpay.flows.checks import parse_date
from hcpay.flows.controller import DONE, Controller, Failure, Note
from hcpay.plain import inbox, problems
from hcpay.plain import words as w
from hcpay.plain.prompter import COMMANDS_HINT, Back
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.flows.model import Field, KeyHint, Step

# Help sentences written for the full-screen app's keys; plain mode says its own instead.
_KEY_SENTENCE = re.compile(
    r"[^.\n]*\b(?:F\d|Esc|Ctrl\+[A-Z]|Up and Down|Up, Down|press r)\b[^.\n]*\.[ \t]*"
)
_KEY_ASIDE = re.compile(r" \((?:press )?[a-z](?: on the dashboard)?\)")


class LeaveFlow(Exception):
    """The flow cannot go on (the controller said so); its message was said."""


def plain_help(text: str) -> str:
    """A step's help without the sentences and asides about the TUI's keys."""
    kept = (_KEY_ASIDE.sub("", _KEY_SENTENCE.sub("", line)).rstrip()
            for line in text.splitlines())
    return "\n".join(line for line in kept if line).strip()


class FlowRunner:
    """Walks one flow's controller; ``run()`` answers what the flow hands back, or raises
    Cancel/Quit (the person typed cancel, or ended input) or LeaveFlow."""

    def __init__(self, session: PlainSession, controller: Controller) -> None:
        self.s = session
        self.p = session.p
        self.c = controller
        controller.client = session.client
        self.history: list[int] = []  # the steps walked, for "back"
        self.said: set[str] = set()  # what this step has said already (said once)

    def load(self) -> None:
        if not self.c.loaded:
            self.say_notes(self.s.call(self.c.load, working=_("{loading}. Working...").format(
                loading=_(self.c.loading))))

    def intro(self) -> None:
        flow = self.c.flow()
        self.p.say("")
        self.p.say(_("{flow}, in {total} steps.").format(flow=flow.title, total=flow.total))
        if flow.help:
            self.p.say(plain_help(flow.help))
        self.p.say(_(COMMANDS_HINT))

    def run(self, start: int | None = None) -> Any:
        self.load()
        self.intro()
        number = start or self.c.first_step()
        while number != DONE:
            try:
                self.show(number)
                self.ask_step(number)
            except Back:
                number = self.history.pop() if self.history else number
                continue
            action = self.c.action(number)
            result: Any = None
            if action is not None:
                if self.s.sandbox and self._offers(number + 1, "inbox"):
                    inbox.mark_read(self.s)
                try:
                    busy = f"{self.c.busy(number)}. {_('Working...')}"
                    result = self.s.call(action, working=busy)
                except Exception as error:  # every failure is said, then a step comes again
                    if problems.is_session_over(error):
                        raise
                    number = self.failed(number, error)
                    while self.history and self.history[-1] >= number:
                        self.history.pop()  # "back" from there goes before it
                    continue
            self.say_notes(self.c.done(number, result) + self.c.notes(number))
            self.said.clear()
            following = self.c.next_step(number)
            if following != DONE and self.c.previous_step(following) is None:
                self.history.clear()  # what came before cannot be changed now
            elif following != DONE:
                self.history.append(number)
            if action is not None and following != DONE and self._offers(following, "inbox"):
                inbox.read_new(self.s)  # the code the call sent, heard right here
            number = following
        return self.c.finished_value()

    def failed(self, number: int, error: BaseException) -> int:
        found: Failure = self.c.failure(number, error)
        message = found.message
        if found.explain is not None:
            message = f"{problems.describe(found.explain)} {message}".strip()
        self.p.error(message)
        for name, said in found.fields.items():
            try:
                label = self.c.field(name).label
            except KeyError:
                label = name
            self.p.say(f"{label}: {said}")
        if found.leave:
            raise LeaveFlow(message)
        return found.step

    def say_notes(self, notes: list[Note]) -> None:
        for note in notes:
            if note.text not in self.said:
                self.p.say(note.text)

    def show(self, number: int) -> None:
        self.p.say("")
        self.p.say(self.c.heading(number) + ".")
        text = plain_help(self.c.help(number))
        if text:
            self.p.lines(text.splitlines())
        for hint in self.c.keys(number):
            self.p.say(_("Type {word} to {does}.").format(word=hint.word, does=hint.does))

    def _offers(self, number: int, name: str) -> bool:
        if not 1 <= number <= self.c.flow().total:
            return False
        return any(h.name == name for h in self.c.keys(number))

    def commands(self, number: int) -> dict[str, Any]:
        """The step's keys as command words (inbox read out here; others the controller's)."""
        found: dict[str, Any] = {}
        for hint in self.c.keys(number):
            found[hint.word] = lambda hint=hint, number=number: self.key(hint, number)
        return found

    def key(self, hint: KeyHint, number: int) -> None:
        if hint.name == "inbox":
            inbox.read_new(self.s, again=True)
            return
        if hint.confirm and not self.p.confirm(hint.confirm, default=False):
            self.p.say(_("Nothing was changed."))
            return
        answer = self._answer(hint.asks) if hint.asks is not None else ""
        hear = self.s.sandbox and self._offers(number, "inbox")
        if hear:
            inbox.mark_read(self.s)
        try:
            notes = self.s.call(lambda: self.c.command(hint.name, answer))
        except Exception as error:
            if problems.is_session_over(error):
                raise
            self.p.error(problems.describe(error))
            return
        self.say_notes(notes)
        if hear:
            inbox.read_new(self.s)

    def _answer(self, field: Field) -> str:
        """What a key asks for with its question, asked until it passes the field's check."""
        while True:
            value = self.p.ask(field.label, help_text=plain_help(field.help))
            problem = field.problem(value, {})
            if problem is None:
                return value
            self.p.error(problem)

    def ask_step(self, number: int) -> None:
        step = self.c.step(number)
        allow_back = self.c.previous_step(number) is not None and bool(self.history)
        extra = self.commands(number)
        if not step.fields:
            self.p.pause(enter_to(step.submit_label), allow_back=allow_back,
                         help_text=plain_help(self.c.help(number)), extra=extra)
            return
        index = 0
        while index < len(step.fields):
            field = step.fields[index]
            if not self.c.asks(field):
                index += 1
                continue
            value = self.ask_field(field, step, allow_back, extra)
            problem = self.c.answer(field.name, value)
            if problem is None:
                self.say_live(field)
                index += 1
                step = self.c.step(number)  # a choice may change the fields that follow
                continue
            self.p.error(problem)
            if field.kind == "confirm_password":  # both passwords again: either may be wrong
                index = next((i for i, f in enumerate(step.fields)
                              if f.kind == "new_password"), index)

    def say_live(self, field: Field) -> None:
        """The words the screen shows under a field, said once it is answered."""
        if field.live is None or field.is_secret:
            return
        said = field.live(self.c.values.get(field.name, ""), self.c.values)
        if said:
            self.p.say(said)
            self.said.add(said)

    def ask_field(self, field: Field, step: Step, allow_back: bool,
                  extra: dict[str, Any]) -> str:
        help_text = plain_help(field.help) or plain_help(self.c.help(step.number))
        current = self.c.offered(field)
        if field.kind == "code":  # a code that failed is no default for the next try
            current = ""
        if field.kind == "choice":
            labels = [label for _unused, label in field.choices]
            keys = [value for value, _unused in field.choices]
            default = keys.index(current) if current in keys else None
            index = self.p.choose(field.label + ":", labels, default=default,
                                  help_text=help_text, allow_back=allow_back, extra=extra,
                                  place="step")
            return keys[index]
        if field.kind == "checkbox":
            yes = self.p.confirm(_("{label}?").format(label=field.label),
                                 default=current == "yes",
                                 allow_back=allow_back, help_text=help_text)
            return "yes" if yes else "no"
        if field.is_secret:
            return self.p.secret(field.label, help_text=help_text, allow_back=allow_back,
                                 extra=extra)
        label = field.label
        if field.kind == "date" and (day := parse_date(current)) is not None:
            current = w.day(day)  # said in words; Enter gives it, and it reads back the same
        if field.placeholder and not current and _example(field.placeholder):
            shape = any(ch.isalpha() for ch in field.placeholder) and " " in field.placeholder
            label += f" ({field.placeholder})" if shape else _(", like {placeholder}").format(
                placeholder=field.placeholder)
        return self.p.ask(label, default=current, help_text=help_text,
                          allow_back=allow_back, extra=extra)


_SAID = {N_("Looks right"): N_("confirm"), N_("Done"): N_("finish"),
         N_("Back to sign in"): N_("go back to sign in")}


def enter_to(label: str) -> str:
    """A step's button as the end of "Press Enter to ...": "Pay $98.00 now" -> "pay $98.00
    now", "Looks right" -> "confirm"."""
    lowered = label[:1].lower() + label[1:]
    for button, said in _SAID.items():  # the label is said in the member's language
        if label.lower() in (button.lower(), _(button).lower()):
            return _(said)
    return lowered


def _example(placeholder: str) -> bool:
    """A placeholder that shows a format (YYYY-MM-DD, 6 digits) rather than a hint."""
    return any(ch.isdigit() for ch in placeholder) or placeholder.isupper() or "@" in placeholder
