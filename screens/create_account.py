"""Create an account: the five steps of hcpay.flows.create_account, through to the dashboard."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType

from hcpay.flows import CREATE_ACCOUNT
from screens.wizard import WizardScreen

VERIFY_STEP = 4


class CreateAccountScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "resend", "New code", id="resend_code",
                tooltip="Send a new verification code (the old one stops working)"),
    ]
    HELP = (
        "Create your account in five steps. Esc goes back a step and nothing you typed is lost. "
        "The verification code arrives in the sandbox inbox (F4)."
    )

    def __init__(self, values: dict[str, str] | None = None) -> None:
        super().__init__(CREATE_ACCOUNT, values)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resend":
            return self.number == VERIFY_STEP
        return True

    async def show_step(self, number: int, found: dict[str, str] | None = None) -> None:
        await super().show_step(number, found)
        self.refresh_bindings()
        if number == VERIFY_STEP and not found:
            where = self.values.get("email", "your email")
            inbox = " Open the sandbox inbox with F4 to read it." if self.hc.sandbox else ""
            self.say(f"We sent a 6-digit code to {where}.{inbox}", kind="ok")

    async def action_back(self) -> None:
        # After the account exists, going back would only confuse: Esc leaves instead
        # (the account can be verified later from here with the same username).
        if self.number > VERIFY_STEP - 1 and self.number < self.flow.total:
            self.dismiss(None)
            return
        await super().action_back()

    @work(exclusive=True, exit_on_error=False, group="wizard", name="resend_verification")
    async def action_resend(self) -> None:
        from hcpay.flows.actions import resend_verification

        client = await self.hc.portal()
        await resend_verification(client, self.values)
        self.say("A new code is on its way; the old one no longer works.", kind="ok")

    async def finished(self, result: Any) -> None:
        username = self._username()
        self.values.clear()
        self.hc.signed_in(username, result)
        self.dismiss(None)
        await self.hc.go("dashboard")

    def _username(self) -> str:
        return self.values.get("username", "")
