"""How a client refreshes a login shared with other processes (``shared_refresh``), against a
portal that rotates refresh tokens and ends the login when a used one comes back (a mocked one:
these are the failures a real portal cannot be made to produce on cue)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from keyring.errors import KeyringLocked

from hcpay.api import PortalClient, RefreshBusy, RetryPolicy, SessionExpired, TokenPair
from hcpay.credentials import SERVICE, CredentialStore, account_key
from tests.api.keyrings import MemoryKeyring

PORTAL = "http://portal.test"
KEY = (SERVICE, account_key(PORTAL, "ana"))


class RotatingPortal:
    """Refresh tokens work once; a used one sent again ends the login (as the real portal)."""

    def __init__(self, first: str = "r0") -> None:
        self.live = {first}
        self.used: set[str] = set()
        self.sent: list[str] = []
        self.revoked = False
        self.expired = False
        self.count = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        token = json.loads(request.content)["refresh_token"]
        await asyncio.sleep(0.01)  # a round trip: other tasks run meanwhile
        self.sent.append(token)
        if token in self.used:
            self.revoked = True
            return self._refused("session_revoked")
        if self.revoked or self.expired or token not in self.live:
            return self._refused("session_expired" if self.expired else "session_revoked")
        self.live.discard(token)
        self.used.add(token)
        self.count += 1
        new = f"r{self.count}"
        self.live.add(new)
        return httpx.Response(201, json={
            "access_token": f"a{self.count}", "refresh_token": new, "token_type": "bearer",
            "expires_in": 900, "member": {"member_id": "M1", "first_name": "Ana", "role": "member"},
        })

    @staticmethod
    def _refused(code: str) -> httpx.Response:
        return httpx.Response(401, json={"status": 401, "code": code, "detail": "Sign in again."})


def client_for(portal: RotatingPortal) -> PortalClient:
    return PortalClient(PORTAL, transport=httpx.MockTransport(portal), retry=RetryPolicy.never())


async def test_two_refreshes_at_once_in_one_client_take_turns() -> None:
    portal = RotatingPortal()
    async with client_for(portal) as client:
        client.use_tokens(TokenPair(access_token="a0", refresh_token="r0", expires_in=900))
        await asyncio.gather(client.refresh(), client.refresh())
        assert portal.sent == ["r0", "r1"] and not portal.revoked
        assert client.tokens is not None and client.tokens.refresh_token == "r2"


async def test_a_refresh_elsewhere_that_never_ends_is_said_and_nothing_is_sent(
    tmp_path: Path,
) -> None:
    portal = RotatingPortal()
    keyring = MemoryKeyring()
    keyring.store[KEY] = "r0"
    store = CredentialStore(PORTAL, backend=keyring, data_dir=tmp_path)
    async with client_for(portal) as client, store.refresh_lock():  # another process, stuck
        client.use_tokens(TokenPair(access_token="a0", refresh_token="r0", expires_in=900))
        client.shared_refresh = store.shared("ana", max_wait=0.3)
        with pytest.raises(RefreshBusy) as busy:
            await client.refresh()
        assert "Try again in a minute" in str(busy.value)
        assert portal.sent == []  # nothing went out: the login is untouched
        assert client.signed_in and keyring.store[KEY] == "r0"


class WriteFails(MemoryKeyring):
    """A keyring that reads but cannot write (or delete) now: locked again, say."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


async def test_a_token_this_client_used_is_never_sent_again_if_the_keyring_kept_it(
    tmp_path: Path,
) -> None:
    portal = RotatingPortal()
    keyring = WriteFails()
    keyring.store[KEY] = "r0"  # and stays: the new tokens cannot be written over it
    store = CredentialStore(PORTAL, backend=keyring, data_dir=tmp_path)
    async with client_for(portal) as client:
        client.shared_refresh = store.shared("ana")
        await client.refresh("r0")
        await client.refresh()  # the keyring still says r0, which this client used: not that
        assert portal.sent == ["r0", "r1"] and not portal.revoked
        assert client.tokens is not None and client.tokens.refresh_token == "r2"


async def test_a_token_that_cannot_be_saved_is_not_left_for_the_next_process(
    tmp_path: Path,
) -> None:
    class SaveFails(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise KeyringLocked("Failed to unlock the collection!")

    portal = RotatingPortal()
    keyring = SaveFails()
    keyring.store[KEY] = "r0"
    store = CredentialStore(PORTAL, backend=keyring, data_dir=tmp_path)
    async with client_for(portal) as client:
        client.shared_refresh = store.shared("ana")
        await client.refresh("r0")
        assert KEY not in keyring.store  # r0 is used: better no token than a replay
        assert client.signed_in


async def test_a_refused_token_is_forgotten_but_not_a_newer_one(tmp_path: Path) -> None:
    portal = RotatingPortal()
    portal.expired = True
    keyring = MemoryKeyring()
    keyring.store[KEY] = "r0"
    store = CredentialStore(PORTAL, backend=keyring, data_dir=tmp_path)
    async with client_for(portal) as client:
        client.shared_refresh = store.shared("ana")
        with pytest.raises(SessionExpired):
            await client.refresh("r0")
        assert KEY not in keyring.store

    login = store.shared("ana")
    keyring.store[KEY] = "r9"  # a new `hcpay login` since
    await login.forget("r0")
    assert keyring.store[KEY] == "r9"
