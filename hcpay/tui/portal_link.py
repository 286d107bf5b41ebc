"""The app's link to the portal: opened in a thread after the first paint (the embedded portal's
imports, FastAPI and SQLAlchemy, hold the interpreter for about half a second), waited for by
every screen that needs it, closed when the app ends."""

from __future__ import annotations

import asyncio
import contextlib
import threading
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
        self._closed = False

    async def open(self, opened: Callable[[Connection | None, str | None], None]) -> None:
        """Open the portal in a thread; then call ``opened(connection, error)`` once."""
        try:
            self.connection = await _in_thread(self.connector)
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
        """When the app ends, however it ends (called again, it does nothing)."""
        if self._closed:
            return
        self._closed = True
        connection = self.connection
        if connection is None:  # the app ends before the portal is open: it need not start
            cancel = getattr(self.connector, "cancel", None)
            if callable(cancel):
                cancel()
            return
        if connection.close is None:
            return
        try:
            await asyncio.wait_for(connection.close(), timeout=2)
        except Exception:  # quitting must never fail; the process ends anyway
            return


async def _in_thread(connector: Connector) -> Connection:
    """``connector()`` in a daemon thread: unlike ``asyncio.to_thread``'s pool, which the
    interpreter waits for at exit, quitting while a portal is still starting (or a --portal
    URL still not answering) does not wait for it."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Connection] = loop.create_future()

    def settle(result: Connection | None, error: BaseException | None) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            assert result is not None
            done.set_result(result)

    def run() -> None:
        try:
            result, error = connector(), None
        except BaseException as exc:  # carried to the awaiting task
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the app's loop is closed: nobody waits
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="portal-connect", daemon=True).start()
    return await done
