"""The refresh token in the keyring: stored, read and removed, and every way a keyring fails
(missing, locked, hanging) said plainly and quickly, with the session kept in memory."""

from __future__ import annotations

import asyncio
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hcpay import cache
from hcpay.credentials import (
    SERVICE,
    CredentialStore,
    CredentialsUnavailable,
    account_key,
)
from tests.api.keyrings import HangingKeyring, LockedKeyring, MemoryKeyring, MissingKeyring

PORTAL = "http://127.0.0.1:8000"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def hanging() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()


def test_token_is_kept_under_service_hcpay_and_portal_plus_username(data_dir: Path) -> None:
    backend = MemoryKeyring()
    store = CredentialStore(PORTAL, backend=backend, data_dir=data_dir)
    store.save("ana", "refresh-1")
    assert backend.store == {(SERVICE, f"{PORTAL} ana"): "refresh-1"}
    assert account_key(PORTAL + "/", "ana") == f"{PORTAL} ana"
    assert store.load("ana") == "refresh-1"
    assert store.load("bob") is None
    # the same username on another portal is another login
    assert CredentialStore("https://other.example", backend=backend, data_dir=data_dir).load(
        "ana") is None
    store.delete("ana")
    assert backend.store == {}
    assert store.load("ana") is None
    store.delete("ana")  # deleting twice is not an error


def test_missing_keyring_says_so_and_offers_insecure_storage(data_dir: Path) -> None:
    store = CredentialStore(PORTAL, backend=MissingKeyring(), data_dir=data_dir)
    with pytest.raises(CredentialsUnavailable) as caught:
        store.save("ana", "refresh-1")
    assert caught.value.reason == "missing"
    message = str(caught.value)
    assert "No system keyring" in message
    assert "until you close hcpay" in message
    assert "--insecure-storage" in message
    assert list(data_dir.iterdir()) == []  # nothing written anywhere instead


def test_locked_keyring_says_unlock_it(data_dir: Path) -> None:
    store = CredentialStore(PORTAL, backend=LockedKeyring(), data_dir=data_dir)
    calls: list[Callable[[], object]] = [lambda: store.save("ana", "t"), lambda: store.load("ana")]
    for call in calls:
        with pytest.raises(CredentialsUnavailable) as caught:
            call()
        assert caught.value.reason == "locked"
        assert "locked" in str(caught.value) and "Unlock it" in str(caught.value)


def test_hanging_keyring_gives_up_at_the_timeout(
    data_dir: Path, hanging: HangingKeyring
) -> None:
    store = CredentialStore(PORTAL, backend=hanging, data_dir=data_dir, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(CredentialsUnavailable) as caught:
        store.load("ana")
    assert time.monotonic() - started < 1.0
    assert caught.value.reason == "timeout"
    assert "did not answer within 0.2 seconds" in str(caught.value)


async def test_hanging_keyring_never_freezes_the_event_loop(
    data_dir: Path, hanging: HangingKeyring
) -> None:
    store = CredentialStore(PORTAL, backend=hanging, data_dir=data_dir, timeout=0.3)
    ticks = 0

    async def heartbeat() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    beat = asyncio.create_task(heartbeat())
    started = time.monotonic()
    with pytest.raises(CredentialsUnavailable):
        await store.asave("ana", "refresh-1")
    elapsed = time.monotonic() - started
    beat.cancel()
    assert elapsed < 1.0
    assert ticks >= 10  # the loop kept running (a UI would keep drawing) while it hung


def test_insecure_storage_is_a_private_file_with_a_warning(data_dir: Path) -> None:
    store = CredentialStore(
        PORTAL, insecure_storage=True, backend=MissingKeyring(), data_dir=data_dir
    )
    assert store.warning is not None
    assert str(store.insecure_path) in store.warning and "hcpay logout" in store.warning
    store.save("ana", "refresh-1")
    mode = stat.S_IMODE(os.stat(store.insecure_path).st_mode)
    assert mode == 0o600
    assert store.load("ana") == "refresh-1"
    store.delete("ana")
    assert not store.insecure_path.exists()
    assert CredentialStore(PORTAL, data_dir=data_dir).warning is None


def test_forget_everything_leaves_no_trace(data_dir: Path) -> None:
    backend = MemoryKeyring()
    CredentialStore("https://old.example", backend=backend, data_dir=data_dir).save("ana", "t0")
    store = CredentialStore(PORTAL, backend=backend, data_dir=data_dir)
    store.save("ana", "t1")
    CredentialStore(PORTAL, insecure_storage=True, data_dir=data_dir).save("ana", "t2")
    cache.save(PORTAL, "ana", {"balance_due_cents": 100})

    report = store.forget_everything(["ana"])

    assert backend.store == {}  # also the login on a portal no longer configured
    assert not store.insecure_path.exists()
    assert cache.load(PORTAL, "ana") is None
    assert report.keyring_problem is None
    assert len(report.removed) == 4
    assert sorted(p.name for p in data_dir.iterdir()) == []


def test_forget_everything_still_removes_files_when_the_keyring_is_locked(
    data_dir: Path,
) -> None:
    CredentialStore(PORTAL, insecure_storage=True, data_dir=data_dir).save("ana", "t2")
    store = CredentialStore(PORTAL, backend=LockedKeyring(), data_dir=data_dir)
    report = store.forget_everything(["ana"])
    assert not store.insecure_path.exists()
    assert report.keyring_problem is not None and report.keyring_problem.reason == "locked"
