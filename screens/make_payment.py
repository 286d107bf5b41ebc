"""Make a Payment: hcpay.flows.make_payment's seven steps in the shared wizard. What the flow
does (the member's figures, the checks, the one key per payment, declines) is the controller's
(hcpay.flows.make_payment_controller); this screen draws the reference box and copies it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Button, Static

from hcpay.domain.i18n import N_, _
from hcpay.flows import make_payment as mp
from hcpay.flows.make_payment_controller import COPY, MakePaymentController
from hcpay.flows.model import KeyHint
from screens.reference_box import ReferenceBox
from screens.wizard import WizardScreen


class MakePaymentScreen(WizardScreen):
    SIGNED_IN = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(COPY.key, f"key('{COPY.key}')", N_("Copy reference"), id="copy_reference",
                tooltip=N_("Copy the reference number to the clipboard")),
    ]
    HELP = N_(
        "Make a payment in seven steps. What is due, today's date and your default method are "
        "filled in, so Enter at each step pays what is due. Esc goes back a step; nothing you "
        "typed is lost. Your card and bank numbers go only to the payment processor."
    )

    def __init__(self) -> None:
        self.pay = MakePaymentController()
        super().__init__(self.pay)

    @property
    def ctx(self) -> mp.PayContext | None:
        return self.pay.ctx

    async def rendered(self, number: int) -> None:
        if number == mp.CONFIRMATION and self.pay.payment is not None:
            host = self.query_one("#form-host")
            await host.mount(ReferenceBox(self.pay.payment.reference))
            lines = mp.confirmation_lines(self.pay.payment)
            await host.mount(Static("\n".join(lines), id="confirmation", markup=False))
            self.say(_("Press c to copy the reference; Enter goes back to the dashboard."))
            self.query_one("#continue", Button).focus()

    def face_key(self, hint: KeyHint) -> bool:
        if hint.name == COPY.name and self.pay.payment is not None:
            self.app.copy_to_clipboard(self.pay.payment.reference)
            self.say(_("Copied {reference} to the clipboard.").format(
                reference=self.pay.payment.reference), kind="ok")
            return True
        return False
