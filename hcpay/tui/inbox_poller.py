"""The sandbox inbox: what the portal "sent" (verification and reset codes, reminders), fetched
every few seconds while the app runs on a sandbox portal; each new message is announced once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import OutboxMessage

Arrived = Callable[[list["OutboxMessage"], bool], None]


class InboxPoller:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.messages: list[OutboxMessage] = []

    async def run(self, client: Callable[[], Awaitable[PortalClient]], arrived: Arrived) -> None:
        """Poll for ever; ``arrived(new, announce)`` hears of each batch (announce is False for
        what was there at start)."""
        portal = await client()
        first = True
        while True:
            after = self.messages[-1].id if self.messages else 0
            new = await portal.sandbox_outbox(after_id=after)
            if new:
                self.messages.extend(new)
                arrived(new, not first)
            first = False
            await asyncio.sleep(self.seconds)


def announcement(message: OutboxMessage) -> str:
    return _("To {to}: {body}. Press F4 to read.").format(
        to=message.to, body=message.subject or message.body[:40])
