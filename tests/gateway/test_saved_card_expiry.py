"""A saved card stops working once the portal's clock passes its expiry month."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from hcpay.domain.dates import add_months, month_start
from hcpay.gateway.sandbox import SandboxGateway


def test_saved_card_declines_as_expired_after_its_month(portal_app: FastAPI) -> None:
    portal = portal_app.state.portal
    gateway = portal.gateway
    assert isinstance(gateway, SandboxGateway)
    today = portal.clock.today()
    one_time = gateway.tokenize_card("4242424242424242", today.month, today.year, "731")
    saved = gateway.make_reusable(one_time.token)
    assert gateway.charge(saved.token, 100, idempotency_key="exp-before").status == "succeeded"

    next_month = add_months(month_start(today), 1)
    portal.clock.move_to(portal.clock.start_of_day(next_month) + timedelta(hours=9))
    assert portal.clock.today() == next_month

    result = gateway.charge(saved.token, 100, idempotency_key="exp-after")
    assert (result.status, result.code) == ("failed", "expired_card")
    assert result.message and "expired" in result.message
