"""Pay without signing in: hcpay.flows.guest_payment's six steps in the shared wizard, opened
from the sign-in screen. What the flow does (the lookup, the checks, the one key per payment,
declines) is the controller's (hcpay.flows.guest_payment_controller); this screen draws the
reference box and copies it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Button, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows import guest_payment as gp
from hcpay.flows.guest_payment_controller import GuestPaymentController
from hcpay.flows.model import KeyHint
from screens.reference_box import ReferenceBox
from screens.wizard import WizardScreen


class GuestPaymentScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(gp.COPY.key, f"key('{gp.COPY.key}')", N_("Copy reference"), id="copy_reference",
                tooltip=N_("Copy the reference number to the clipboard")),
    ]
    HELP = N_(
        "Pay a bill without signing in, in six steps: the member id printed on the bill and "
        "the member's date of birth (or an agent's pay code), the amount, a new card or bank "
        "account (never saved), a review, and your reference number. Esc goes back a step; "
        "nothing you typed is lost. Card and bank numbers go only to the payment processor."
    )

    def __init__(self) -> None:
        self.guest = GuestPaymentController()
        super().__init__(self.guest)

    async def rendered(self, number: int) -> None:
        if number == gp.CONFIRMATION and self.guest.payment is not None:
            host = self.query_one("#form-host")
            await host.mount(ReferenceBox(self.guest.payment.reference))
            lines = gp.confirmation_lines(self.guest.payment)
            await host.mount(Static("\n".join(lines), id="confirmation", markup=False))
            self.say(_("Press c to copy the reference; Enter goes back to sign in."))
            self.query_one("#continue", Button).focus()

    def face_key(self, hint: KeyHint) -> bool:
        if hint.name == gp.COPY.name and self.guest.payment is not None:
            self.app.copy_to_clipboard(self.guest.payment.reference)
            self.say(_("Copied {reference} to the clipboard.").format(
                reference=self.guest.payment.reference), kind="ok")
            return True
        return False
