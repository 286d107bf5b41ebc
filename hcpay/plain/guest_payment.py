"""Pay without signing in: the steps of ``hcpay.flows.guest_payment``, walked by its controller
(the lookup, the checks, the one key per payment, declines). Here only the reference number is
read out in groups, as plain mode says it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hcpay.flows import guest_payment as gp
from hcpay.flows.guest_payment_controller import GuestPaymentController
from hcpay.plain.make_payment import MakePaymentRunner
from hcpay.plain.session import PlainSession

if TYPE_CHECKING:
    from hcpay.api.models import Payment


class GuestPaymentRunner(MakePaymentRunner):
    confirmation_step = gp.CONFIRMATION
    confirmation_lines = staticmethod(gp.confirmation_lines)


def run(session: PlainSession) -> Payment | None:
    payment: Payment | None = GuestPaymentRunner(
        session, GuestPaymentController(session.client)).run()
    return payment
