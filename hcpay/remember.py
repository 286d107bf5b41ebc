"""Remember me: the username in the config file and the refresh token in the OS keyring (never
the password), only for the login's life. Every keyring call is under the store's timeout; with
no usable keyring the member is told plainly and the session stays in memory only.

A remembered login is shared with the scripted commands (`hcpay status` ...) and any other
hcpay open on this computer, so while it is remembered the client refreshes it through
``SharedLogin`` (one process at a time, from the newest stored token). Without "remember me"
nothing is stored, so nothing is shared: the app's login is its own."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import TokenPair
    from hcpay.credentials import CredentialStore, SharedLogin


@dataclass
class Remembered:
    store: CredentialStore | None
    username: str = ""  # remembered by "remember me" (from config.toml)
    problems: list[str] = field(default_factory=list)  # keyring messages, said once each
    # The client whose login this is: it refreshes through the keyring while it is remembered.
    client: PortalClient | None = None
    # Why the kept login could not be used just now although it is kept (the portal did not
    # answer); None when it was used, or there is none.
    unreachable: str | None = None

    def _problem(self, error: Exception) -> None:
        message = str(error)
        if message not in self.problems:
            self.problems.append(message)

    def _share(self, login: SharedLogin | None) -> None:
        if self.client is not None:
            self.client.shared_refresh = login

    async def keep(self, username: str, pair: TokenPair | None) -> None:
        """Keep (or, with None, forget) this login's refresh token; while it is kept, the
        client refreshes it in turn with the other hcpay processes."""
        from hcpay.credentials import CredentialsUnavailable

        if self.store is None:
            return
        if pair is None:
            self._share(None)
            # a keyring that cannot be used kept nothing, so there is nothing to remove
            with contextlib.suppress(CredentialsUnavailable):
                await self.store.adelete(username)
            return
        login = self.store.shared(username)
        try:
            await login.keep(pair.refresh_token, current=lambda: self._holds(pair))
        except CredentialsUnavailable as error:
            self._problem(error)
            return  # nothing stored, nothing shared: the login stays in this app only
        if self._holds(pair):  # (not when the client has signed in as someone else since)
            self._share(login)

    def _holds(self, pair: TokenPair) -> bool:
        """Whether ``pair`` is the client's login now (always, with no client to ask)."""
        if self.client is None:
            return True
        held = self.client.tokens
        return held is not None and held.refresh_token == pair.refresh_token

    async def remember_username(self, username: str | None) -> None:
        from hcpay.config import update_config

        self.username = username or ""
        await asyncio.to_thread(update_config, username=username or None)

    async def resume(self, client: PortalClient) -> TokenPair | None:
        """Sign in again with the kept refresh token, if there is one that still works."""
        from hcpay.api import NotSignedIn, PortalError
        from hcpay.credentials import CredentialsUnavailable

        if self.client is None:
            self.client = client
        self.unreachable = None
        if self.store is None or not self.username:
            return None
        try:
            token = await self.store.aload(self.username)
        except CredentialsUnavailable as error:
            self._problem(error)
            return None
        if not token:
            return None
        # From the start: a script may be refreshing this very login right now.
        client.shared_refresh = self.store.shared(self.username)
        try:
            return await client.refresh(token)
        except NotSignedIn:
            client.shared_refresh = None
            await self.keep(self.username, None)  # ended on the portal: drop the dead token
            return None
        except PortalError as error:
            # unreachable, busy or broken for now: the login may well be alive, so keep the
            # token for the next start and let the member sign in by hand meanwhile
            client.shared_refresh = None
            self.unreachable = error.detail
            return None
