"""`hcpay guide guest-payment` prints the steps the screen and plain mode show: the flow's own
headings, in order, with every field of the first step (where the bill is found)."""

from __future__ import annotations

from hcpay.flows.guest_payment import GUEST_PAYMENT
from hcpay.flows.guest_payment_controller import GuestPaymentController
from tests.cli.helpers import hcpay


def test_the_guide_prints_the_flows_steps() -> None:
    result = hcpay("guide", "guest-payment")
    assert result.code == 0, result.err
    headings = [line for line in result.out.splitlines() if line.startswith("Step ")]
    flow = GuestPaymentController().flow()  # what the screen and plain mode start from
    assert headings == [flow.heading(n) for n in range(1, flow.total + 1)]
    assert headings == [GUEST_PAYMENT.heading(n) for n in range(1, 7)]
    assert headings[0] == "Step 1 of 6: Find your bill"
    for spec in GUEST_PAYMENT.step(1).fields:
        assert spec.label in result.out
    assert "never saved" in result.out
    listing = hcpay("guide").out
    assert "Pay without signing in" in listing
