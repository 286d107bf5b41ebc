"""Remember me: the username in the config file and the refresh token in the keyring (a
keyring backend written for the test), so a restarted app is still signed in; signing out
removes the token and keeps the username; with no keyring the member is told plainly."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from hcpay.api import PortalClient, RetryPolicy
from hcpay.commands.scripting import PortalChoice, _sign_in_from_keyring
from hcpay.config import load_settings
from hcpay.credentials import SERVICE, CredentialStore, account_key
from hcpay.portal.demo import DEMO_PASSWORD
from hcpay.portal.models import Login
from hcpay.remember import Remembered
from screens.dashboard import DashboardScreen
from screens.login import LoginScreen
from tests.api.keyrings import MemoryKeyring, MissingKeyring
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of


def _store(backend: object, folder: Path) -> CredentialStore:
    return CredentialStore("http://portal.test", backend=backend, data_dir=folder)


async def test_remembered_login_survives_a_restart(make_app: AppFactory, tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    app = make_app(remembered=Remembered(_store(keyring, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo")
        await pilot.press(*"Demo", "minus", *"Pass", "minus", *"2026", "exclamation_mark")
        await pilot.press("tab", "space")  # tick "Remember me"
        assert app.screen.query_one("#field-remember_me").value is True  # type: ignore[attr-defined]
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert load_settings().username == "demo"
    assert DEMO_PASSWORD not in str(keyring.store)  # the token is kept, never the password
    assert len(keyring.store) == 1

    # a new start: still signed in, without typing the password
    again = make_app(remembered=Remembered(_store(keyring, tmp_path), "demo"))
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert isinstance(again.screen, DashboardScreen)
        await pilot.press("o")  # sign out: the token goes, the username stays
        await settle(pilot)
        assert isinstance(again.screen, LoginScreen)
        assert keyring.store == {}
        assert again.screen.query_one("#field-username").value == "demo"  # type: ignore[attr-defined]


async def _script_runs(portal: FastAPI, store: CredentialStore, username: str) -> None:
    """`hcpay status` in another terminal, on the login the app remembered."""
    async with PortalClient("http://portal.test", transport=httpx.ASGITransport(app=portal),
                            retry=RetryPolicy.never()) as client:
        choice = PortalChoice(url="http://portal.test", demo=False, username=username)
        _, flush = await _sign_in_from_keyring(client, choice, store, username)
        await client.summary()
        await flush()


async def test_a_script_on_the_remembered_login_does_not_sign_the_app_out(
    make_app: AppFactory, tui_portal: FastAPI, tmp_path: Path
) -> None:
    keyring = MemoryKeyring()
    app = make_app(remembered=Remembered(_store(keyring, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo")
        await pilot.press(*"Demo", "minus", *"Pass", "minus", *"2026", "exclamation_mark")
        await pilot.press("tab", "space", "shift+tab", "enter")  # with "Remember me"
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)

        # a script signs in from the keyring and rotates the token while the app is open
        await _script_runs(tui_portal, _store(keyring, tmp_path), "demo")
        clock = tui_portal.state.portal.clock
        clock.move_to(clock.now() + timedelta(minutes=16))  # the app's access token expires
        await pilot.press("r")  # the dashboard asks the portal again
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # still signed in, no "sign in again"
        assert "Dana" in text_of(pilot, "#greeting")
        assert app.client is not None and app.client.tokens is not None
        assert keyring.store[(SERVICE, account_key("http://portal.test", "demo"))] == (
            app.client.tokens.refresh_token
        )
        await _script_runs(tui_portal, _store(keyring, tmp_path), "demo")  # and scripts go on
    with tui_portal.state.portal.db.read() as session:
        ended = session.scalars(select(Login).where(Login.ended_reason == "refresh_replayed"))
        assert list(ended) == []


async def test_no_keyring_says_so_and_keeps_the_session_in_memory(
    make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(remembered=Remembered(_store(MissingKeyring(), tmp_path)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await fill(pilot, "demo")
        await pilot.press(*"Demo", "minus", *"Pass", "minus", *"2026", "exclamation_mark")
        await pilot.press("tab", "space", "shift+tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # signed in all the same
        messages = [n.message for n in app._notifications]
        assert any("No system keyring was found" in m for m in messages), messages
        assert "Dana" in text_of(pilot, "#greeting")


class _Unreachable:
    async def refresh(self, token: str) -> object:
        from hcpay.api import PortalUnreachable

        raise PortalUnreachable("The portal at http://portal.test does not answer.")


class _Ended:
    async def refresh(self, token: str) -> object:
        from hcpay.api import SessionExpired

        raise SessionExpired("Your session ended.", code="session_expired", status=401)


async def test_a_network_outage_at_start_keeps_the_remembered_login(tmp_path: Path) -> None:
    keyring = MemoryKeyring()
    store = _store(keyring, tmp_path)
    await store.asave("demo", "refresh-token")
    remembered = Remembered(store, "demo")
    assert await remembered.resume(_Unreachable()) is None  # type: ignore[arg-type]
    assert await store.aload("demo") == "refresh-token"  # kept for when the network is back
    assert remembered.unreachable  # the app says the login is kept and tries again
    assert not remembered.problems  # it is no keyring problem
    assert await remembered.resume(_Ended()) is None  # type: ignore[arg-type]
    assert await store.aload("demo") is None  # a login the portal ended is forgotten


async def test_offline_at_start_shows_the_saved_figures_and_signs_in_when_back(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hcpay.app

    keyring = MemoryKeyring()
    app = make_app(remembered=Remembered(_store(keyring, tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo")
        await pilot.press(*"Demo", "minus", *"Pass", "minus", *"2026", "exclamation_mark")
        await pilot.press("tab", "space", "shift+tab", "enter")  # with "Remember me"
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # its figures are saved as it shows them

    monkeypatch.setattr(hcpay.app, "KEPT_LOGIN_RETRY_SECONDS", 0.3)
    again = make_app(remembered=Remembered(_store(keyring, tmp_path), "demo"))
    make_app.transport.down = True  # the network is out as the app starts
    async with again.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert isinstance(again.screen, LoginScreen)
        said = text_of(pilot, "#status")
        assert "Your login is kept on this computer" in said
        assert "Your figures saved as of" in said and "owed" in said
        assert not any("not remembered" in n.message + (n.title or "")
                       for n in again._notifications)  # no false "not remembered"
        assert len(keyring.store) == 1  # the token is still kept
        make_app.transport.down = False  # back: the app signs in by itself
        for _ in range(100):
            if isinstance(again.screen, DashboardScreen):
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert isinstance(again.screen, DashboardScreen)
