"""What a screen may ask of the app, and the one way to ask it.

The App (hcpay.app) provides these; screens never import it (an import-linter contract keeps it
so): they call ``services(self)``, or ``self.hc`` on a BaseScreen. The app tells screens what
happens by messages (screens.messages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from hcpay.api import PortalClient
    from hcpay.api.models import OutboxMessage, TokenPair
    from hcpay.connection import Connection


class AppServices(Protocol):
    # -- the portal --------------------------------------------------------------------------
    @property
    def connection(self) -> Connection | None:
        """What the app is connected to; None until the portal is open (or if it failed)."""

    @property
    def connect_error(self) -> str | None:
        """Why the portal could not be opened, and what to do; None when it opened."""

    @property
    def sandbox(self) -> bool: ...

    async def portal(self) -> PortalClient:
        """The client, once the portal is open (waits for it); NotConnected if it failed."""

    @property
    def inbox(self) -> list[OutboxMessage]:
        """The sandbox inbox, oldest first (kept up to date by the app)."""

    # -- the member signed in ----------------------------------------------------------------
    username: str
    remembered_username: str
    first_name: str

    def signed_in(self, username: str, pair: TokenPair) -> None: ...

    def keep_login(self, username: str, remember: bool) -> None:
        """After a sign-in: remember the username and keep the token, or forget both."""

    async def sign_out(self) -> None: ...

    def touch(self) -> None:
        """A signed-in call just succeeded: the portal's idle clock starts again."""

    def absolute_limit_near(self) -> bool: ...

    def extend_session(self) -> object: ...

    def end_session(self, reason: str = "") -> None:
        """The login has ended: ask for the password again over the screen."""

    # -- sections ----------------------------------------------------------------------------
    def home_mode(self) -> str:
        """The agent console for agents, else the dashboard."""

    async def go(self, mode: str) -> None:
        """Open a section; a section already on the way back is returned to, not stacked."""

    async def go_back(self) -> None:
        """Back the way the member came; the bottom is the home section."""


def services(node: DOMNode) -> AppServices:
    """The app's services, for any screen or widget."""
    return cast("AppServices", node.app)
