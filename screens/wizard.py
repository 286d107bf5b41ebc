"""One Textual screen for every wizard in hcpay.flows: "Step 2 of 5: ...", the step's fields,
its help, and the call that ends it. Values live in a dict the caller may keep, so leaving and
coming back, a failed call or the portal going down loses nothing typed."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Header, Static

from hcpay.flows import Flow, Step
from screens import problems
from screens.base import BaseScreen
from screens.flow_form import FlowForm, replace_form
from screens.footer import KeyFooter


class WizardScreen(BaseScreen):
    CSS_PATH = "wizard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back", tooltip="Go back one step (nothing is lost)"),
        Binding("enter", "continue", "Continue", id="continue",
                tooltip="Check this step and go on"),
        Binding("f4", "app.inbox", "Inbox", id="wizard_inbox",
                tooltip="Sandbox inbox: your verification code arrives here"),
        Binding("f1", "app.help", "Help", id="wizard_help"),
    ]

    def __init__(self, flow: Flow, values: dict[str, str] | None = None, start: int = 1) -> None:
        super().__init__()
        self.flow = flow
        self.values: dict[str, str] = values if values is not None else {}
        for key, default in flow.defaults().items():
            self.values.setdefault(key, default)
        self.number = int(self.values.get("_step", start) or start)
        self.help_text = flow.help

    @property
    def step(self) -> Step:
        return self.flow.step(self.number)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="wizard-body"):
            yield Static(self.flow.title, id="flow-title")
            yield Static(self.flow.heading(self.number), id="heading")
            yield Static(self.step.help, id="step-help")
            with Vertical(id="form-host"):
                yield FlowForm(self.step, self.values)
            yield Static("", id="status", classes="status")
            yield Button(self.step.submit_label, id="continue", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.flow.title
        self._focus_first()

    def _focus_first(self) -> None:
        if self.step.fields:
            self.query_one(FlowForm).focus_field()
        else:
            self.query_one("#continue", Button).focus()

    async def show_step(self, number: int, found: dict[str, str] | None = None) -> None:
        """Show step ``number`` (its fields filled from the values typed so far)."""
        self.number = number
        self.values["_step"] = str(number)
        step = self.step
        self.query_one("#heading", Static).update(self.flow.heading(number))
        self.query_one("#step-help", Static).update(step.help)
        self.query_one("#continue", Button).label = step.submit_label
        self.say("")
        form = await replace_form(self.query_one("#form-host"), FlowForm(step, self.values))
        self.query_one("#wizard-body", VerticalScroll).scroll_home(animate=False)
        if found:
            form.show_problems(found)
        else:
            self._focus_first()

    @on(FlowForm.Submitted)
    def _form_done(self) -> None:
        self.action_continue()

    @on(Button.Pressed, "#continue")
    def _pressed(self) -> None:
        self.action_continue()

    def action_continue(self) -> None:
        found = self.step.problems(self.values)
        if found:
            self.query_one(FlowForm).show_problems(found)
            self.say("Please fix what is marked with ✗ above.", kind="error")
            return
        if self.step.action:
            self.run_step(self.step.action)
        else:
            self.call_later(self.step_done, None)

    @work(exclusive=True, exit_on_error=False, group="wizard")
    async def run_step(self, action: str) -> None:
        from hcpay.flows.actions import ACTIONS

        self.say("Working on it…", kind="busy")
        self.query_one("#continue", Button).disabled = True
        try:
            client = await self.hc.portal()
            result = await ACTIONS[action](client, self.values)
        finally:
            self.query_one("#continue", Button).disabled = False
        await self.step_done(result)

    async def step_done(self, result: Any) -> None:
        """The step is finished (its call, if any, succeeded): go on."""
        if self.number < self.flow.total:
            await self.show_step(self.number + 1)
        else:
            await self.finished(result)

    async def finished(self, result: Any) -> None:
        self.dismiss(result)

    async def action_back(self) -> None:
        if self.number > 1 and self.number < self.flow.total:
            await self.show_step(self.number - 1)
        else:
            self.dismiss(None)

    def failed(self, action: str, error: BaseException) -> bool:
        from hcpay.api import errors

        if isinstance(error, errors.PortalError) and error.errors:
            fields = error.field_messages()
            steps = [self.flow.step_of_field(name) for name in fields]
            known = [s for s in steps if s is not None]
            if known:
                target = min(known)
                self.call_later(self.show_step, target, fields)
                self.call_later(
                    self.say, f"{error.detail} Fix what is marked with ✗.", kind="error"
                )
                return True
        if isinstance(error, errors.Conflict):
            self._conflict(error)
            return True
        self.say(problems.describe(error), kind="error")
        return True

    def _conflict(self, error: Any) -> None:
        text = str(error.detail)
        field = "email" if "email" in text.lower() else "username"
        target = self.flow.step_of_field(field)
        if target is not None:
            self.call_later(self.show_step, target, {field: text})
        self.call_later(self.say, text, kind="error")
