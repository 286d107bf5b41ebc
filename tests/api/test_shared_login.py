"""One remembered login, several hcpay processes: the app open while a script runs
`hcpay status`, or two scripts at once. They share one refresh token (in the keyring), the
portal rotates it on every use, and a used one sent again ends the whole login. So a process
must never send a refresh token another process has already used: refreshes take turns, and
each starts from the token the keyring holds now, not from the copy in its own memory.

Each "process" here is its own PortalClient and its own CredentialStore on the real portal
(in-process), with one keyring and one data folder between them, as on one computer."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hcpay.api import PortalClient, RetryPolicy, TokenPair
from hcpay.commands.scripting import PortalChoice, _sign_in_from_keyring
from hcpay.credentials import SERVICE, CredentialStore, account_key
from hcpay.portal.app import create_app
from hcpay.portal.models import Login
from hcpay.remember import Remembered
from tests.api.conftest import PORTAL_URL
from tests.api.keyrings import MemoryKeyring
from tests.conftest import DatabaseTarget
from tests.helpers.accounts import FAST_PORTAL_SETTINGS, advance_clock, create_verified_member

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def portal_app(database: DatabaseTarget) -> Iterator[FastAPI]:
    app = create_app(database.settings(**FAST_PORTAL_SETTINGS), schema=database.schema)
    yield app
    app.state.portal.db.dispose()


class SlowKeyring(MemoryKeyring):
    """A keyring that takes a moment to answer, as a Secret Service over D-Bus can: two
    processes that start together have both read it before either has written."""

    def __init__(self, delay: float = 0.2) -> None:
        super().__init__()
        self.delay = delay

    def get_password(self, service: str, username: str) -> str | None:
        value = super().get_password(service, username)
        time.sleep(self.delay)  # what was stored when asked, answered a moment later
        return value


Process = Callable[[], AbstractAsyncContextManager[tuple[PortalClient, CredentialStore]]]


@pytest.fixture
def keyring() -> SlowKeyring:
    return SlowKeyring()


@pytest.fixture
def process(portal_app: FastAPI, keyring: SlowKeyring, tmp_path: Path) -> Process:
    """One hcpay process: its own client and credential store, this computer's keyring and
    data folder."""

    @asynccontextmanager
    async def start() -> AsyncIterator[tuple[PortalClient, CredentialStore]]:
        address = f"10.9.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
        transport = httpx.ASGITransport(app=portal_app, client=(address, 40000))
        store = CredentialStore(PORTAL_URL, backend=keyring, data_dir=tmp_path)
        async with PortalClient(
            PORTAL_URL, transport=transport, retry=RetryPolicy(backoff=0.0)
        ) as client:
            yield client, store

    return start


@pytest.fixture
def member(client: TestClient) -> tuple[str, str, str]:
    """(username, password, refresh token) of a member signed in with `hcpay login`."""
    username, password, tokens = create_verified_member(client)
    return username, password, str(tokens["refresh_token"])


def stored(keyring: MemoryKeyring, username: str) -> str | None:
    return keyring.store.get((SERVICE, account_key(PORTAL_URL, username)))


def replayed_logins(portal_app: FastAPI) -> list[str]:
    with portal_app.state.portal.db.read() as session:
        return list(session.scalars(
            select(Login.login_id).where(Login.ended_reason == "refresh_replayed")
        ))


async def script(process: Process, username: str) -> str:
    """`hcpay status`: sign in from the keyring, one signed-in call, save the new token; the
    refresh token this process ends with."""
    async with process() as (client, store):
        choice = PortalChoice(url=PORTAL_URL, demo=False, username=username)
        _, flush = await _sign_in_from_keyring(client, choice, store, username)
        try:
            await client.me()
        finally:
            await flush()
        assert client.tokens is not None
        return client.tokens.refresh_token


def app_keeps(
    client: PortalClient, remembered: Remembered, username: str, *, remember: bool = True
) -> list[asyncio.Task[None]]:
    """What the app does with each change of tokens (HcpayApp._tokens_changed): with "remember
    me" on, every new token goes to the keyring, in the background."""
    tasks: list[asyncio.Task[None]] = []

    def changed(pair: TokenPair | None) -> None:
        if not (remember or pair is None):
            return
        tasks.append(asyncio.get_running_loop().create_task(remembered.keep(username, pair)))

    client.on_tokens_changed = changed
    return tasks


async def test_two_scripts_started_together_keep_the_login(
    process: Process, member: tuple[str, str, str], keyring: SlowKeyring, portal_app: FastAPI,
) -> None:
    username, _, token = member
    keyring.set_password(SERVICE, account_key(PORTAL_URL, username), token)

    first, second = await asyncio.gather(script(process, username), script(process, username))

    assert first != second  # one refreshed after the other, from the other's new token
    assert stored(keyring, username) in (first, second)
    assert replayed_logins(portal_app) == []
    # and the login lives on: the next command signs in from what the keyring holds
    third = await script(process, username)
    assert stored(keyring, username) == third


async def test_the_app_renews_from_the_token_a_script_left(
    process: Process, member: tuple[str, str, str], keyring: SlowKeyring, portal_app: FastAPI,
) -> None:
    username, _, token = member
    keyring.set_password(SERVICE, account_key(PORTAL_URL, username), token)
    async with process() as (app, store):
        remembered = Remembered(store, username)
        kept = app_keeps(app, remembered, username)
        assert await remembered.resume(app) is not None  # the app starts, still signed in
        await asyncio.gather(*kept)

        await script(process, username)  # a script runs meanwhile and rotates the token
        advance_clock(portal_app, minutes=16)  # the app's access token expires

        me = await app.me()  # the app renews from the script's token, not its stale copy
        assert me.first_name == "Jordan"
        await asyncio.gather(*kept)
        assert app.tokens is not None
        assert stored(keyring, username) == app.tokens.refresh_token
        assert replayed_logins(portal_app) == []

        await script(process, username)  # and the next script carries on from the app's
        advance_clock(portal_app, minutes=16)
        assert (await app.me()).first_name == "Jordan"
        await asyncio.gather(*kept)
        assert stored(keyring, username) == app.tokens.refresh_token
    assert replayed_logins(portal_app) == []


async def test_app_signed_in_with_remember_me_shares_its_login_with_scripts(
    process: Process, member: tuple[str, str, str], keyring: SlowKeyring, portal_app: FastAPI,
) -> None:
    username, password, _ = member
    async with process() as (app, store):
        remembered = Remembered(store, client=app)
        kept = app_keeps(app, remembered, username)
        pair = await app.login(username, password)
        await remembered.keep(username, pair)  # "remember me" was ticked
        assert stored(keyring, username) == pair.refresh_token

        scripts = [script(process, username) for _ in range(2)]
        advance_clock(portal_app, minutes=16)
        results = await asyncio.gather(app.me(), *scripts)  # all at once
        assert results[0].first_name == "Jordan"
        await asyncio.gather(*kept)
        assert app.tokens is not None
        assert stored(keyring, username) in {app.tokens.refresh_token, *results[1:]}
        assert (await app.me()).first_name == "Jordan"
    assert replayed_logins(portal_app) == []


async def test_with_remember_me_off_the_app_keeps_its_login_to_itself(
    process: Process, member: tuple[str, str, str], keyring: SlowKeyring, portal_app: FastAPI,
) -> None:
    username, password, _ = member
    async with process() as (app, store):
        remembered = Remembered(store, client=app)
        app_keeps(app, remembered, username, remember=False)
        await app.login(username, password)
        await remembered.keep(username, None)  # "remember me" not ticked: nothing is kept
        assert stored(keyring, username) is None

        # `hcpay login` in a terminal: a login of its own, for the scripts
        async with process() as (other, other_store):
            cli_pair = await other.login(username, password)
            other_store.save(username, cli_pair.refresh_token)

        advance_clock(portal_app, minutes=16)
        assert (await app.me()).first_name == "Jordan"  # the app renews its own login
        assert stored(keyring, username) == cli_pair.refresh_token  # and leaves this one be
        await script(process, username)
    assert replayed_logins(portal_app) == []


async def test_a_refresh_waits_for_another_process_that_is_refreshing(
    process: Process, member: tuple[str, str, str], keyring: SlowKeyring, tmp_path: Path,
) -> None:
    username, _, token = member
    keyring.set_password(SERVICE, account_key(PORTAL_URL, username), token)
    held = tmp_path / "held"
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD_THE_LOCK, str(tmp_path), str(held),
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        for _ in range(200):
            if held.exists():
                break
            await asyncio.sleep(0.05)
        assert held.exists(), "the other process did not take the lock"
        started = time.monotonic()
        await script(process, username)
        assert time.monotonic() - started >= 0.5  # it waited for the other process
    finally:
        await asyncio.wait_for(child.wait(), 10)


# Another process holds the refresh lock for a second, as one in the middle of a refresh would.
HOLD_THE_LOCK = """
import asyncio, sys, time
from pathlib import Path
from hcpay.credentials import CredentialStore

async def main() -> None:
    store = CredentialStore("http://portal.test", data_dir=Path(sys.argv[1]))
    async with store.refresh_lock():
        Path(sys.argv[2]).touch()
        time.sleep(1.0)

asyncio.run(main())
"""
