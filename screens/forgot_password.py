"""Forgot password: the steps of hcpay.flows.forgot_password."""

from __future__ import annotations

from typing import Any

from hcpay.flows import FORGOT_PASSWORD
from screens.wizard import WizardScreen


class ForgotPasswordScreen(WizardScreen):
    HELP = (
        "Reset a forgotten password: ask for a code, read it from your email (in the sandbox, "
        "the inbox on F4), and choose a new password."
    )

    def __init__(self, values: dict[str, str] | None = None) -> None:
        super().__init__(FORGOT_PASSWORD, values)

    async def show_step(self, number: int, found: dict[str, str] | None = None) -> None:
        await super().show_step(number, found)
        if number == 2 and not found:
            inbox = " In the sandbox it is in the inbox: press F4." if self.hc.sandbox else ""
            self.say(f"If the account exists, a reset email is on its way.{inbox}", kind="ok")
        if number == self.flow.total:
            self.say("Your password is changed. Sign in with the new one.", kind="ok")

    async def finished(self, result: Any) -> None:
        username = self.values.get("username_or_email", "")
        self.values.clear()
        self.dismiss(username if "@" not in username else None)
