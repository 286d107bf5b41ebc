"""The login has ended: sign in again in a modal over the screen, which keeps what was typed."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows import Step
from hcpay.flows.sign_in import SIGN_IN
from screens import problems
from screens.flow_form import FlowForm, replace_form
from screens.services import services


class ReloginScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ReloginScreen { align: center middle; }
    #relogin { width: 70; height: auto; border: heavy $accent; padding: 0 2; background: $panel; }
    #relogin-status { height: auto; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "sign_out", N_("Sign out instead"), id="relogin_sign_out"),
    ]

    def __init__(self, username: str, reason: str = "") -> None:
        super().__init__()
        self.username = username
        self.reason = reason
        self.values: dict[str, str] = {"username": username, "password": "", "otp": ""}
        self.asking_code = False

    def _step(self) -> Step:
        base = SIGN_IN.step(1)
        fields = tuple(f for f in base.fields if f.name == "password")
        if self.asking_code:
            fields = fields + SIGN_IN.step(2).fields
        return Step(1, _("Sign in again"), fields=fields)

    def compose(self) -> ComposeResult:
        reason = self.reason or _("Your session ended.")
        with Vertical(id="relogin"):
            yield Static(
                _("[b]Sign in again[/b]\n{reason}\nEverything on the screen behind this box is "
                "kept. Type the password for [b]{username}[/b] to carry on.").format(
                    reason=reason, username=self.username),
            )
            with Vertical(id="form-host"):
                yield FlowForm(self._step(), self.values)
            yield Button(_("Sign in"), id="relogin-submit", variant="primary")
            yield Static("", id="relogin-status")

    def on_mount(self) -> None:
        self.query_one(FlowForm).focus_field()

    @on(FlowForm.Submitted)
    @on(Button.Pressed, "#relogin-submit")
    def _submit(self) -> None:
        found = self._step().problems(self.values)
        if found:
            self.query_one(FlowForm).show_problems(found)
            return
        self.sign_in()

    @work(exclusive=True, exit_on_error=False)
    async def sign_in(self) -> None:
        from hcpay.api import errors
        from hcpay.flows.actions import sign_in

        app = services(self)
        status = self.query_one("#relogin-status", Static)
        status.update(_("Signing in…"))
        try:
            pair = await sign_in(await app.portal(), self.values)
        except errors.OtpRequired:
            self.asking_code = True
            await self._rebuild()
            status.update(_("Note: two-step sign-in is on: type the code from your app."))
            return
        except Exception as error:
            status.update(_("Problem: {describe}").format(describe=problems.describe(error)))
            return
        app.signed_in(self.username, pair)
        self.dismiss(True)

    async def _rebuild(self) -> None:
        form = await replace_form(self.query_one("#form-host"), FlowForm(self._step(), self.values))
        form.focus_field("otp")

    async def action_sign_out(self) -> None:
        self.dismiss(False)
        await services(self).sign_out()
