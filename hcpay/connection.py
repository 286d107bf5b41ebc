"""What the app is connected to: a PortalClient plus what the screens need to know about the
portal behind it. Made by ``hcpay.commands.tui`` (embedded portal or ``--portal URL``) and handed
to the App, so neither the App nor any screen imports the portal itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.remember import Remembered


class NotConnected(Exception):
    """The portal could not be opened or reached at start; the message says what to do."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    note: str


@dataclass
class Connection:
    client: PortalClient
    # Words for the title bar: "embedded sandbox portal" or the portal's URL.
    label: str
    sandbox: bool = True
    reachable: bool = True  # False: the portal did not answer when the app started
    demo_logins: tuple[DemoLogin, ...] = ()
    # Called when the app ends (closes the client, releases the embedded portal's database).
    close: Callable[[], Awaitable[None]] | None = None
    # A key that names this portal in the offline snapshot cache.
    portal_key: str = field(default="embedded")
    # Remember me (username in config.toml, refresh token in the keyring); None in tests.
    remembered: Remembered | None = None
    theme: str | None = None  # from config.toml
    warnings: tuple[str, ...] = ()  # said at every start (e.g. insecure token storage)


# Made in a worker thread after the first paint: importing the portal (FastAPI) takes ~0.5 s.
Connector = Callable[[], Connection]
