"""Forgot password: the steps of hcpay.flows.forgot_password (its controller checks and sends
them); the username goes back to the sign-in screen."""

from __future__ import annotations

from hcpay.domain.i18n import N_, _
from hcpay.flows.account_controllers import CODE, ForgotPasswordController
from hcpay.flows.controller import Draft, Note
from screens.wizard import WizardScreen


class ForgotPasswordScreen(WizardScreen):
    HELP = N_(
        "Reset a forgotten password: ask for a code, read it from your email (in the sandbox, "
        "the inbox on F4), and choose a new password."
    )

    def __init__(self, values: dict[str, str] | None = None) -> None:
        kept = values if values is not None else {}  # kept by the sign-in screen across visits
        super().__init__(ForgotPasswordController(draft=Draft(kept)),
                         start=int(kept.get("_step") or 0) or None)

    async def rendered(self, number: int) -> None:
        self.values["_step"] = str(number)

    def face_notes(self, number: int) -> list[Note]:
        if number == CODE and self.hc.sandbox:
            return [Note(_("In the sandbox the email is in the inbox: press F4, c copies the "
                         "code, Esc comes back and Ctrl+V pastes it."))]
        return []

