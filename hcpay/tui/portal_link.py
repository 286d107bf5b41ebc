"""The app's link to the portal: opened in a thread after the first paint (the embedded portal's
imports, FastAPI and SQLAlchemy, hold the interpreter for about half a second), waited for by
every screen that needs it, closed when the app ends."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from hcpay.connection import NotConnected
from hcpay.domain.i18n import _

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.connection import Connection, Connector


class PortalLink:
    def __init__(self, connector: Connector) -> None:
        self.connector = connector
        self.connection: Connection | None = None
        self.error: str | None = None
        self._done = asyncio.Event()

    async def open(self, opened: Callable[[Connection | None, str | None], None]) -> None:
        """Open the portal in a thread; then call ``opened(connection, error)`` once."""
        try:
            self.connection = await asyncio.to_thread(self.connector)
        except Exception as error:  # said in words on the sign-in screen, never a traceback
            self.error = (
                _("The portal could not be started: {value}. Check that the data folder is "
                "writable, or run `hcpay --portal URL` against a running `hcpay serve`.").format(
                    value=error)
            )
        self._done.set()
        opened(self.connection, self.error)

    async def client(self) -> PortalClient:
        """The client, once the portal is open (waits for it); NotConnected if it failed."""
        await self._done.wait()
        if self.connection is None:
            raise NotConnected(self.error or _("The portal is not open yet."))
        return self.connection.client

    async def close(self) -> None:
        connection = self.connection
        if connection is None or connection.close is None:
            return
        try:
            await asyncio.wait_for(connection.close(), timeout=2)
        except Exception:  # quitting must never fail; the process ends anyway
            return
