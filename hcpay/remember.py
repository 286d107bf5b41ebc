"""Remember me: the username in the config file and the refresh token in the OS keyring (never
the password), only for the login's life. Every keyring call is under the store's timeout; with
no usable keyring the member is told plainly and the session stays in memory only."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import TokenPair
    from hcpay.credentials import CredentialStore


@dataclass
class Remembered:
    store: CredentialStore | None
    username: str = ""  # remembered by "remember me" (from config.toml)
    problems: list[str] = field(default_factory=list)  # keyring messages, said once each

    def _problem(self, error: Exception) -> None:
        message = str(error)
        if message not in self.problems:
            self.problems.append(message)

    async def keep(self, username: str, pair: TokenPair | None) -> None:
        """Keep (or, with None, forget) this login's refresh token."""
        from hcpay.credentials import CredentialsUnavailable

        if self.store is None:
            return
        try:
            if pair is None:
                await self.store.adelete(username)
            else:
                await self.store.asave(username, pair.refresh_token)
        except CredentialsUnavailable as error:
            if pair is not None:  # nothing could be kept, so there is nothing to remove
                self._problem(error)

    async def remember_username(self, username: str | None) -> None:
        from hcpay.config import update_config

        self.username = username or ""
        await asyncio.to_thread(update_config, username=username or None)

    async def resume(self, client: PortalClient) -> TokenPair | None:
        """Sign in again with the kept refresh token, if there is one that still works."""
        from hcpay.api import NotSignedIn, PortalError
        from hcpay.credentials import CredentialsUnavailable

        if self.store is None or not self.username:
            return None
        try:
            token = await self.store.aload(self.username)
        except CredentialsUnavailable as error:
            self._problem(error)
            return None
        if not token:
            return None
        try:
            return await client.refresh(token)
        except NotSignedIn:
            await self.keep(self.username, None)  # ended on the portal: drop the dead token
            return None
        except PortalError as error:
            # unreachable, busy or broken for now: the login may well be alive, so keep the
            # token for the next start and let the member sign in by hand meanwhile
            self._problem(error)
            return None
