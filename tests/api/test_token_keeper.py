"""Remember me: the keyring follows the session's refresh token (sign in, refresh, sign out),
and a keyring that cannot be used leaves a working session in memory and one plain message."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from hcpay.api import PortalClient, RetryPolicy
from hcpay.credentials import SERVICE, CredentialStore, CredentialsUnavailable, TokenKeeper
from tests.api.keyrings import MemoryKeyring, MissingKeyring

PORTAL = "http://portal.test"
KEY = (SERVICE, f"{PORTAL} ana")


def fake_portal() -> httpx.MockTransport:
    counter = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal counter
        if request.url.path in ("/api/v1/sessions", "/api/v1/sessions/refresh"):
            counter += 1
            return httpx.Response(201, json={
                "access_token": f"a{counter}", "refresh_token": f"r{counter}",
                "token_type": "bearer", "expires_in": 900,
                "member": {"member_id": "M1", "first_name": "Ana", "role": "member"},
            })
        if request.url.path == "/api/v1/sessions/current":
            return httpx.Response(204)
        return httpx.Response(404)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("remember", [True, False])
async def test_keyring_follows_the_session(tmp_path: Path, remember: bool) -> None:
    backend = MemoryKeyring()
    backend.store[KEY] = "left-over"  # from an earlier run
    store = CredentialStore(PORTAL, backend=backend, data_dir=tmp_path)
    keeper = TokenKeeper(store, "ana", remember=remember)
    async with PortalClient(
        PORTAL, transport=fake_portal(), on_tokens_changed=keeper, retry=RetryPolicy.never()
    ) as client:
        await client.login("ana", "pw")
        await keeper.flush()
        assert backend.store.get(KEY) == ("r1" if remember else None)
        await client.refresh()
        await keeper.flush()
        assert backend.store.get(KEY) == ("r2" if remember else None)
        await client.logout()
        await keeper.flush()
    assert KEY not in backend.store


async def test_restart_resumes_from_the_remembered_token(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    backend.store[KEY] = "r7"
    store = CredentialStore(PORTAL, backend=backend, data_dir=tmp_path)
    keeper = TokenKeeper(store, "ana", remember=True)
    async with PortalClient(PORTAL, transport=fake_portal(), on_tokens_changed=keeper) as client:
        token = await keeper.restore()
        assert token == "r7"
        await client.refresh(token)
        await keeper.flush()
        assert client.signed_in and client.member is not None
        assert backend.store[KEY] == "r1"


async def test_missing_keyring_keeps_the_session_in_memory_and_says_so_once(
    tmp_path: Path,
) -> None:
    problems: list[CredentialsUnavailable] = []
    store = CredentialStore(PORTAL, backend=MissingKeyring(), data_dir=tmp_path)
    keeper = TokenKeeper(store, "ana", remember=True, on_problem=problems.append)
    async with PortalClient(PORTAL, transport=fake_portal(), on_tokens_changed=keeper) as client:
        await client.login("ana", "pw")
        await client.refresh()
        await keeper.flush()
        assert client.signed_in
        assert client.tokens is not None and client.tokens.refresh_token == "r2"
    assert len(problems) == 1
    assert problems[0].reason == "missing"
    assert "until you close hcpay" in str(problems[0])
