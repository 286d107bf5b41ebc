"""The calls of the Automatic Payments flow (see ``hcpay.flows.actions``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hcpay.flows import autopay

if TYPE_CHECKING:
    from hcpay.api import PortalClient


async def save_autopay(client: PortalClient, values: Mapping[str, str]) -> Any:
    """Turn automatic payments on with these settings (or change them): PUT /me/autopay."""
    return await client.set_autopay(autopay.settings(values))


async def pause_autopay(client: PortalClient, values: Mapping[str, str]) -> Any:
    """Keep the settings but draw nothing until resumed: PUT with enabled=false."""
    return await client.set_autopay(autopay.settings(values, enabled=False))


async def cancel_autopay(client: PortalClient, values: Mapping[str, str]) -> Any:
    """Remove automatic payments altogether: DELETE /me/autopay."""
    await client.delete_autopay()


ACTIONS = {
    "save_autopay": save_autopay,
    "pause_autopay": pause_autopay,
    "cancel_autopay": cancel_autopay,
}
