"""Run inside a D-Bus session with gnome-keyring (see test_secret_service.py): one app start a
process, as a member would start hcpay again and again. The portal runs in-process (the embedded
default) on a SQLite file under HCPAY_HOME, so it outlives each process like a real one."""

from __future__ import annotations

import asyncio
import re
import sys

import httpx

from hcpay import paths
from hcpay.api import NotSignedIn, PortalClient
from hcpay.config import load_settings, update_config
from hcpay.credentials import SERVICE, CredentialStore, TokenKeeper

PASSWORD = "correct horse battery staple 42"
URL = "http://embedded.hcpay"


def client(keeper: TokenKeeper | None = None) -> PortalClient:
    from hcpay.portal.app import create_app
    from hcpay.portal.settings import PortalSettings

    settings = PortalSettings(
        database_url=f"sqlite:///{paths.data_dir() / 'portal.db'}",
        argon2_memory_kib=8192, argon2_time_cost=1,
    )
    transport = httpx.ASGITransport(app=create_app(settings))
    return PortalClient(URL, transport=transport, on_tokens_changed=keeper)


def keeper_for(username: str) -> TokenKeeper:
    settings = load_settings()
    store = CredentialStore(settings.credentials_portal, timeout=10.0)
    return TokenKeeper(store, username, remember=True, on_problem=lambda e: print(e))


async def sign_in(username: str) -> None:
    """Create and verify an account, then sign in with "remember me" on."""
    keeper = keeper_for(username)
    async with client(keeper) as portal:
        email = f"{username}@example.org"
        await portal.create_account(
            first_name="Ana", last_name="Diaz", date_of_birth="1980-02-03",
            ssn="512-44-7831", email=email, username=username, password=PASSWORD,
        )
        body = (await portal.sandbox_outbox(to=email))[-1].body
        code = re.search(r"code is (\d{6})", body)
        assert code is not None
        await portal.verify_account(username, code.group(1))
        pair = await portal.login(username, PASSWORD)
        update_config(username=username)  # remember me: the username, never the password
        await keeper.flush()
        assert pair.member is not None
        print(f"signed in as {pair.member.first_name}")


async def resume() -> None:
    """What the app does at start: the remembered username, its token, a fresh pair."""
    username = load_settings().username
    if not username:
        print("not signed in: no remembered username")
        return
    keeper = keeper_for(username)
    token = await keeper.restore()
    if token is None:
        print("not signed in: no token")
        return
    async with client(keeper) as portal:
        try:
            await portal.refresh(token)
        except NotSignedIn as exc:
            print(f"not signed in: {exc.code}")
            return
        me = await portal.me()
        await keeper.flush()
        print(f"still signed in as {me.first_name}")


def count() -> None:
    """Every item hcpay left in the Secret Service, found by its attributes."""
    import secretstorage

    with secretstorage.dbus_init() as conn:
        collection = secretstorage.get_default_collection(conn)
        print(len(list(collection.search_items({"service": SERVICE}))))


def main(argv: list[str]) -> int:
    action = argv[0]
    if action == "backend":
        import keyring

        print(type(keyring.get_keyring()).__module__)
    elif action == "signin":
        asyncio.run(sign_in(argv[1]))
    elif action == "resume":
        asyncio.run(resume())
    elif action == "count":
        count()
    elif action in ("save", "load"):  # the store alone, without a portal
        portal, username = argv[1], argv[2]
        store = CredentialStore(portal, timeout=10.0)
        if action == "save":
            store.save(username, argv[3])
            print("saved")
        else:
            print(store.load(username) or "<none>")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
