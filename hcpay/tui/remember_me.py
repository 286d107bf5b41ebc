"""Remember me in the app: keep the kept login in step with the client's tokens, sign in again
from it at start, and say plainly when the keyring could not keep it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hcpay.api import PortalClient
    from hcpay.api.models import TokenPair
    from hcpay.remember import Remembered

Say = Callable[[str], None]
Run = Callable[[Coroutine[Any, Any, None]], object]


class RememberMe:
    def __init__(self, say: Say, run: Run) -> None:
        self.say = say  # tells the member one problem of the keyring
        self.run = run  # runs a keyring call in the background
        self.remembered: Remembered | None = None
        self.username = ""  # whose login this is
        self.on = False  # "remember me" was ticked for the current login

    def attach(self, remembered: Remembered | None, client: PortalClient) -> None:
        """The portal is open: follow the client's token changes from now on."""
        self.remembered = remembered
        client.on_tokens_changed = self.tokens_changed

    @property
    def waits_for_portal(self) -> str | None:
        """Why the kept login could not be used yet, although it is kept (no answer)."""
        return self.remembered.unreachable if self.remembered is not None else None

    @property
    def kept_username(self) -> str:
        return self.remembered.username if self.remembered is not None else ""

    def tokens_changed(self, pair: TokenPair | None) -> None:
        """The client rotated (or dropped) its tokens: keep the keyring in step."""
        if self.remembered is None or not self.username or not (self.on or pair is None):
            return
        self.run(self.keep(pair))

    async def keep(self, pair: TokenPair | None) -> None:
        if self.remembered is not None:
            await self.remembered.keep(self.username, pair)
            self._say_problems()

    async def resume(self, client: PortalClient) -> TokenPair | None:
        """Signed in last time with "remember me": the login, carried on without a password."""
        remembered = self.remembered
        if remembered is None or not remembered.username:
            return None
        pair = await remembered.resume(client)
        self._say_problems()
        if pair is not None:
            self.on = True
        return pair

    async def after_sign_in(self, username: str, remember: bool, client: PortalClient | None
                            ) -> None:
        """Remember the username and keep the token, or forget both."""
        self.username = username
        self.on = remember
        remembered = self.remembered
        if remembered is None:
            return
        await remembered.remember_username(username if remember else None)
        await remembered.keep(username, client.tokens if remember and client else None)
        self._say_problems()

    async def signed_out(self) -> None:
        """Signing out ends the kept login; the username stays remembered."""
        if self.remembered is not None and self.username:
            await self.remembered.keep(self.username, None)
        self.on = False

    def _say_problems(self) -> None:
        remembered = self.remembered
        while remembered is not None and remembered.problems:
            self.say(remembered.problems.pop(0))
