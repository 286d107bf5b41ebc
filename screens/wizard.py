"""One Textual screen for every wizard in hcpay.flows: "Step 2 of 5: ...", the step's fields,
its help, and the call that ends it. It only renders: what is checked, which step comes next,
what a step's call is and where a failure leads all come from the flow's controller
(``hcpay.flows.controller``), the same one plain mode walks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Header, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows.controller import DONE, Controller, Failure, Note
from screens import problems
from screens.base import BaseScreen
from screens.flow_form import FlowForm, replace_form
from screens.footer import KeyFooter
from screens.key_question import KeyQuestion

if TYPE_CHECKING:
    from hcpay.flows import Step
    from hcpay.flows.model import KeyHint

LOAD_WORKER = "wizard_load"
STEP_WORKER = "wizard_step"
COMMAND_WORKER = "wizard_command"


class WizardScreen(BaseScreen):
    CSS_PATH = "wizard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="back",
                tooltip=N_("Go back one step (nothing is lost)")),
        Binding("enter", "continue", N_("Continue"), id="continue",
                tooltip=N_("Check this step and go on")),
        Binding("f4", "app.inbox", N_("Inbox"), id="wizard_inbox",
                tooltip=N_("Sandbox inbox: your verification code arrives here")),
        Binding("f1", "app.help", N_("Help"), id="wizard_help"),
    ]

    def __init__(self, controller: Controller, start: int | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.flow = controller.flow()
        self.values = controller.values
        self.number = start or controller.first_step()
        self.help_text = self.flow.help
        self.busy = False
        self.moving = False  # going on to the next step (no call): keys wait for its form
        self.over = False  # the flow is done and its last words are shown: Enter leaves
        self.armed: str | None = None  # a key pressed once that asks to be pressed again

    @property
    def step(self) -> Step:
        return self.controller.step(self.number)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="wizard-body"):
            yield Static(self.flow.title, id="flow-title")
            yield Static(self.controller.heading(self.number), id="heading")
            yield Static(self.controller.help(self.number), id="step-help", markup=False)
            with Vertical(id="form-host"):
                yield FlowForm(self.step, self.values, self.controller)
            yield Static("", id="status", classes="status")
            yield Button(self.step.submit_label, id="continue", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.flow.title
        if self.controller.loaded:
            self._focus_first()
        else:
            self.load()

    def takes_keys(self) -> bool:
        # Keys typed before the facts come, or while a step's call is with the portal (after
        # Enter), would go into a form about to be replaced: they wait for the next one.
        return not self.busy and not self.moving and not any(
            worker.node is self and worker.name in (LOAD_WORKER, STEP_WORKER)
            and not worker.is_finished
            for worker in self.app.workers
        )

    def key_wait_seconds(self) -> float | None:
        # reading the account (the embedded portal may still be starting) or a step with the
        # portal: keys typed meanwhile wait for the form they were typed for (the client's own
        # timeouts end a call well before this)
        return None if self.takes_keys() else 60.0

    def lets_through(self, key: str) -> bool:
        # Enter or Esc again while a step is sent is answered "please wait" (a second Enter
        # on Pay must not land on the confirmation and leave it unread); typing waits.
        return self.busy and key in ("enter", "escape")

    @work(exclusive=True, exit_on_error=False, group="wizard-load", name=LOAD_WORKER)
    async def load(self) -> None:
        self.say(_("Reading your account…"), kind="busy")
        self.controller.client = await self.hc.portal()
        notes = await self.controller.load()
        await self.show_step(self.number)
        self.say_notes(notes + self.face_notes(self.number))

    def _focus_first(self) -> None:
        # The first field, filled in or not: Enter accepts what is there.
        if self.step.fields:
            self.query_one(FlowForm).focus_field(self.step.fields[0].name)
        else:
            self.query_one("#continue", Button).focus()

    async def show_step(self, number: int, found: dict[str, str] | None = None) -> None:
        """Show step ``number`` (its fields filled from what was typed so far)."""
        self.number = number
        self.flow = self.controller.flow()
        step = self.step
        self.query_one("#heading", Static).update(self.controller.heading(number))
        self.query_one("#step-help", Static).update(self.controller.help(number))
        button = self.query_one("#continue", Button)
        button.label = step.submit_label
        # A new step's button takes the next Enter at once (the press effect of the step
        # before would swallow an Enter typed within 0.2 s).
        button.remove_class("-active")
        self.say("")
        form = await replace_form(self.query_one("#form-host"),
                                  FlowForm(step, self.values, self.controller))
        self.query_one("#wizard-body", VerticalScroll).scroll_home(animate=False)
        await self.rendered(number)
        if found:
            form.show_problems(found)
        else:
            self._focus_first()
        self.refresh_bindings()

    async def rendered(self, number: int) -> None:
        """Step ``number`` is on screen (a subclass may add what only it draws)."""

    def face_notes(self, number: int) -> list[Note]:
        """What this screen adds in its own words when step ``number`` comes (its keys)."""
        return []

    def say_notes(self, notes: list[Note]) -> None:
        if notes:
            worst = next((n.kind for n in notes if n.kind in ("error", "warn")), notes[-1].kind)
            self.say(" ".join(n.text for n in notes), kind=worst)

    @on(FlowForm.Reshaped)
    async def _reshaped(self, event: FlowForm.Reshaped) -> None:
        await self.show_step(self.number)
        self.query_one(FlowForm).focus_field(event.name)

    @on(FlowForm.Submitted)
    def _form_done(self) -> None:
        self.action_continue()

    def form_done(self) -> None:
        """Enter on the form's last field, called while that key is handled."""
        self.action_continue()

    @on(Button.Pressed, "#continue")
    def _pressed(self) -> None:
        self.action_continue()

    def action_continue(self) -> None:
        self.armed = None
        if not self.controller.loaded:
            self.say(_("Still reading your account; one moment…"), kind="busy")
            return
        if self.busy:
            self.say(_("{number}; please wait for the answer.").format(
                number=self.controller.busy(self.number)),
                     kind="busy")
            return
        if self.over:
            self.call_later(self.finished, self.controller.finished_value())
            return
        found = self.controller.problems(self.number)
        if found:
            self.query_one(FlowForm).show_problems(found)
            self.say(_("Please fix what is marked with ✗ above."), kind="error")
            return
        action = self.controller.action(self.number)
        if action is None:
            self.moving = True
            self.call_later(self._move_on, self.number)
            return
        self.busy = True
        self.query_one("#continue", Button).disabled = True
        self.run_step(self.number, action)

    @work(exclusive=True, exit_on_error=False, group="wizard", name=STEP_WORKER)
    async def run_step(self, number: int, action: Any) -> None:
        self.say(self.controller.busy(number) + "…", kind="busy")
        try:
            result = await action()
        finally:
            self.busy = False
            self.query_one("#continue", Button).disabled = False
        await self.step_done(number, result)

    async def _move_on(self, number: int) -> None:
        try:
            await self.step_done(number, None)
        finally:
            self.moving = False

    async def step_done(self, number: int, result: Any) -> None:
        """Step ``number`` is finished (its call, if any, succeeded): go on."""
        notes = self.controller.done(number, result) + self.controller.notes(number)
        following = self.controller.next_step(number)
        if following != DONE:
            await self.show_step(following)
            self.say_notes(notes + self.controller.notes(following) + self.face_notes(following))
            return
        if not notes:
            await self.finished(self.controller.finished_value())
            return
        self.over = True  # the last words stay until Enter
        self.query_one("#step-help", Static).update(self.controller.help(number))
        self.say_notes(notes)
        button = self.query_one("#continue", Button)
        button.label = _("Done")
        button.remove_class("-active")
        button.focus()
        self.refresh_bindings()

    async def finished(self, result: Any) -> None:
        self.dismiss(result)

    async def action_back(self) -> None:
        self.armed = None
        if self.busy:
            self.say(_("Working on it; wait for the answer first."), kind="busy")
            return
        previous = None if self.over else self.controller.previous_step(self.number)
        if previous is None:
            self.dismiss(self.controller.finished_value())
            return
        await self.show_step(previous)
        self.say_notes(self.face_notes(previous))

    # -- keys a step offers (KeyHint data; the subclass binds them for the footer) -----------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "key":
            return self._hint(str(parameters[0])) is not None
        return True

    def _hint(self, key: str) -> KeyHint | None:
        hints = self.controller.keys(self.number) if self.controller.loaded else ()
        return next((h for h in hints if h.key == key), None)

    def action_key(self, key: str) -> None:
        hint = self._hint(key)
        if hint is None or self.busy:
            return
        if hint.asks is not None:  # its question comes with the value it asks for
            self.armed = None
            self.app.push_screen(KeyQuestion(hint), lambda answer: self._asked(hint, answer))
            return
        if hint.confirm and self.armed != key:
            self.armed = key
            self.say(_("{confirm} Press {key} again to {does}; anything else "
                     "goes on as before.").format(
                         confirm=hint.confirm, key=key.upper(), does=hint.does), kind="warn")
            return
        self.armed = None
        if not self.face_key(hint):
            self.run_command(hint.name)

    def _asked(self, hint: KeyHint, answer: str | None) -> None:
        if answer is None:
            self.say(_("Nothing was changed."), kind="info")
            return
        self.run_command(hint.name, answer)

    def face_key(self, hint: KeyHint) -> bool:
        """A key the screen does itself (copy to the clipboard); True when it did."""
        return False

    @work(exclusive=True, exit_on_error=False, group="wizard-command", name=COMMAND_WORKER)
    async def run_command(self, name: str, answer: str = "") -> None:
        notes = await self.controller.command(name, answer)
        self.flow = self.controller.flow()
        self.query_one("#step-help", Static).update(self.controller.help(self.number))
        self.say_notes(notes)
        self.refresh_bindings()

    # -- failures ------------------------------------------------------------------------------

    def failed(self, action: str, error: BaseException) -> bool:
        if problems.is_session_over(error):
            return False  # the app asks for the password again over this screen
        if action == LOAD_WORKER:
            self.say(_("{describe} Press Esc to go back.").format(
                describe=problems.describe(error)), kind="error")
            return True
        if action == STEP_WORKER:
            failure = self.controller.failure(self.number, error)
            self.call_later(self._failed_to, failure)
            return True
        self.say(problems.describe(error), kind="error")
        return True

    async def _failed_to(self, failure: Failure) -> None:
        message = failure.message
        if failure.explain is not None:
            message = f"{problems.describe(failure.explain)} {message}".strip()
        if failure.leave:
            self.dismiss(None)
            self.app.notify(message, severity="error")
            return
        if failure.step != self.number or failure.fields:
            await self.show_step(failure.step, dict(failure.fields) or None)
        self.say(message, kind="error")
