"""The client against the real portal: health, config, and the sandbox controls."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hcpay import __version__
from hcpay.api import PortalClient, ValidationFailed
from tests.api.conftest import PORTAL_URL


async def test_health_says_sandbox(portal: PortalClient) -> None:
    health = await portal.health()
    assert health.status == "ok"
    assert health.version == __version__
    assert health.sandbox is True


async def test_config_gives_support_and_a_gateway_on_the_portal_itself(
    portal: PortalClient,
) -> None:
    config = await portal.config()
    assert config.support.phone
    assert 1 <= config.billing.due_day <= 28
    assert config.gateway_url == "/gateway"
    assert await portal.gateway_url() == PORTAL_URL + "/gateway"


async def test_sandbox_clock_moves_forward_and_reports_jobs(portal: PortalClient) -> None:
    before = await portal.sandbox_clock()
    moved = await portal.advance_sandbox_clock(2)
    assert moved.today == before.today + timedelta(days=2)
    assert moved.jobs_run is not None
    target = moved.today + timedelta(days=5)
    assert (await portal.advance_sandbox_clock(to=target)).today == target


async def test_sandbox_clock_backwards_is_a_validation_error_with_field(
    portal: PortalClient,
) -> None:
    today = (await portal.sandbox_clock()).today
    with pytest.raises(ValidationFailed) as caught:
        await portal.advance_sandbox_clock(to=today - timedelta(days=1))
    assert caught.value.code == "clock_backwards"
    assert caught.value.status == 422
    assert "never goes back" in str(caught.value)
    assert "set" in caught.value.field_messages()


async def test_outbox_is_empty_for_an_unknown_address(portal: PortalClient) -> None:
    assert await portal.sandbox_outbox(to="nobody-at-all@example.org") == []
