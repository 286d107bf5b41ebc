"""Create an account: the five steps of hcpay.flows.create_account (its controller checks and
sends them), through to the dashboard."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from hcpay.domain.i18n import N_, _
from hcpay.flows.account_controllers import VERIFY, CreateAccountController
from hcpay.flows.controller import Draft, Note
from hcpay.flows.create_account import RESEND
from screens.wizard import WizardScreen


class CreateAccountScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(RESEND.key, f"key('{RESEND.key}')", N_("New code"), id="resend_code",
                tooltip=N_("Send a new verification code (the old one stops working)")),
    ]
    HELP = N_(
        "Create your account in five steps. Esc goes back a step and nothing you typed is lost. "
        "The verification code arrives in the sandbox inbox (F4)."
    )

    def __init__(self, values: dict[str, str] | None = None) -> None:
        # The sign-in screen keeps ``values`` across visits; "_step" is where it left off (or
        # where it sends an account that exists but was never verified).
        kept = values if values is not None else {}
        self.account = CreateAccountController(draft=Draft(kept))
        super().__init__(self.account, start=int(kept.get("_step") or 0) or None)

    async def rendered(self, number: int) -> None:
        self.values["_step"] = str(number)

    def face_notes(self, number: int) -> list[Note]:
        if number == VERIFY and self.hc.sandbox:
            return [Note(_("The code is in the sandbox inbox: press F4 to read it, c there "
                         "copies it, Esc comes back and Ctrl+V pastes it."))]
        return []


    async def finished(self, result: Any) -> None:
        username = self.account.username
        self.values.clear()
        self.hc.signed_in(username, result)
        self.dismiss(None)
        await self.hc.go("dashboard")
