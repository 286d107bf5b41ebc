"""Make a Payment: the seven steps of ``hcpay.flows.make_payment``, walked by its controller
(``hcpay.flows.make_payment_controller``: the member's defaults, the checks, the one key per
payment, declines). Here only the reference number is read out in groups, as plain mode says
it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.domain.i18n import _
from hcpay.flows import make_payment as mp
from hcpay.flows.make_payment_controller import MakePaymentController
from hcpay.plain import words as w
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import Payment
    from hcpay.flows.model import KeyHint


def reference_lines(payment: Payment) -> list[str]:
    return [
        _("Your reference number is {reference}.").format(reference=payment.reference),
        _("Read out in groups: {reference}.").format(reference=w.grouped(payment.reference)),
        _("Spelled with words: {reference}.").format(reference=mp.spoken(payment.reference)),
        _("Quote it if you call us. History has it too."),
    ]


class MakePaymentRunner(FlowRunner):
    """A payment flow's steps; at its confirmation, the payment and its reference read out.
    Guest payment walks the same runner with its own confirmation step and lines."""

    confirmation_step = mp.CONFIRMATION
    confirmation_lines = staticmethod(mp.confirmation_lines)

    def show(self, number: int) -> None:
        super().show(number)
        payment = self.c.finished_value()
        if number == self.confirmation_step and payment is not None:
            self.p.lines(self.confirmation_lines(payment))
            self.p.lines(reference_lines(payment))

    def key(self, hint: KeyHint, number: int) -> None:  # "reference": heard again
        payment = self.c.finished_value()
        if payment is not None:
            self.p.lines(reference_lines(payment))


def run(session: PlainSession) -> Payment | None:
    runner = MakePaymentRunner(session, MakePaymentController(session.client))
    payment: Payment | None = runner.run()
    return payment
