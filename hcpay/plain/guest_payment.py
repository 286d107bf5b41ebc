"""Pay without signing in: the steps of ``hcpay.flows.guest_payment``, walked by its controller
(the lookup, the checks, the one key per payment, declines). Here only the reference number is
read out in groups, as plain mode says it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.flows import guest_payment as gp
from hcpay.flows.guest_payment_controller import GuestPaymentController
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.make_payment import reference_lines
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import Payment
    from hcpay.flows.model import KeyHint


class GuestPaymentRunner(FlowRunner):
    def show(self, number: int) -> None:
        super().show(number)
        payment = self.c.finished_value()
        if number == gp.CONFIRMATION and payment is not None:
            self.p.lines(gp.confirmation_lines(payment))
            self.p.lines(reference_lines(payment))

    def key(self, hint: KeyHint, number: int) -> None:  # "reference": heard again
        payment = self.c.finished_value()
        if payment is not None:
            self.p.lines(reference_lines(payment))


def run(session: PlainSession) -> Payment | None:
    payment: Payment | None = GuestPaymentRunner(
        session, GuestPaymentController(session.client)).run()
    return payment
