"""One plain-mode session: the prompter, the portal connection and the event loop its client
runs on. The questions are asked synchronously; each portal call runs to its end on the one
loop (``asyncio.Runner``), with "Working..." said first."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from hcpay.domain.i18n import _
from hcpay.plain.prompter import Prompter

if TYPE_CHECKING:
    from hcpay.api import PortalClient, TokenPair
    from hcpay.connection import Connection

T = TypeVar("T")


class PlainSession:
    def __init__(self, prompter: Prompter, connection: Connection,
                 runner: asyncio.Runner) -> None:
        self.p = prompter
        self.connection = connection
        self.runner = runner
        self.username = ""
        self.first_name = ""
        self.last_error_code: str | None = None  # for a support code
        self.outbox_seen = 0  # the newest sandbox message already read out
        self.remember = False  # "remember me" was chosen for the current login
        self._keeping: set[asyncio.Task[None]] = set()
        connection.client.on_tokens_changed = self._tokens_changed

    @property
    def client(self) -> PortalClient:
        return self.connection.client

    @property
    def sandbox(self) -> bool:
        return self.connection.sandbox

    def call(self, make: Callable[[], Awaitable[T]], working: str = "Working...") -> T:
        """Run one portal call to its end; its errors are raised for the caller to say."""
        if working:
            self.p.working(working)
        return self.runner.run(_awaited(make))

    def signed_in(self, username: str, *, remember: bool | None = None) -> None:
        """After a sign-in; with ``remember`` given, remember the username and keep the refresh
        token in the keyring (True) or forget both (False)."""
        member = self.client.member
        self.username = username
        self.first_name = member.first_name if member else ""
        remembered = self.connection.remembered
        if remember is None or remembered is None:
            return
        self.remember = remember
        tokens = self.client.tokens if remember else None

        async def keep() -> None:
            await remembered.remember_username(username if remember else None)
            await remembered.keep(username, tokens)

        self.call(keep, working="")
        self.say_keyring_problems()

    def resume(self) -> bool:
        """Signed in last time with "remember me": carry on without the password."""
        remembered = self.connection.remembered
        if remembered is None or not remembered.username:
            return False
        pair = self.call(lambda: remembered.resume(self.client),
                         working=_("Signing in again as {username}. Working...").format(
                             username=remembered.username))
        self.say_keyring_problems()
        if pair is None:
            return False
        self.remember = True
        self.signed_in(remembered.username)
        return True

    def say_keyring_problems(self) -> None:
        remembered = self.connection.remembered
        while remembered is not None and remembered.problems:
            self.p.say(_("Note: {pop}").format(pop=remembered.problems.pop(0)))

    def _tokens_changed(self, pair: TokenPair | None) -> None:
        """The client rotated (or dropped) its tokens: keep the keyring in step. Called on the
        loop, inside a portal call."""
        remembered = self.connection.remembered
        if remembered is None or not self.username or not (self.remember or pair is None):
            return
        task = asyncio.get_running_loop().create_task(remembered.keep(self.username, pair))
        self._keeping.add(task)
        task.add_done_callback(self._keeping.discard)

    def sign_out(self) -> None:
        remembered = self.connection.remembered
        username = self.username

        async def out() -> None:
            if remembered is not None and username:
                await remembered.keep(username, None)  # the username stays remembered
            try:
                await self.client.logout()
            except Exception:  # the portal ends an idle login by itself anyway
                return

        self.remember = False
        self.call(out, working=_("Signing out. Working..."))
        self.username = ""
        self.first_name = ""

    def signed_out_by_portal(self) -> None:
        """The portal ended the login (idle, or signed out elsewhere); the client has already
        dropped its tokens."""
        self.remember = False
        self.username = ""
        self.first_name = ""

    def close(self) -> None:
        """Wait for keyring writes, then release the portal (never fails)."""
        async def finish() -> None:
            if self._keeping:
                await asyncio.gather(*self._keeping, return_exceptions=True)
            if self.connection.close is not None:
                await asyncio.wait_for(self.connection.close(), timeout=5)

        try:
            self.runner.run(finish())
        except Exception:  # quitting must never fail
            return


async def _awaited(make: Callable[[], Awaitable[T]]) -> T:
    return await make()
