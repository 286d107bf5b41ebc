"""Settings: l changes the language at once (the screen is said again in it), keeps it in
config.toml and sends it to the portal (PUT /me/preferences), which keeps it in the member's
account for what it writes by itself: said as "saved here and in your account"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from hcpay import paths
from hcpay.domain import i18n
from hcpay.portal.demo import DEMO_MEMBER_ID
from hcpay.portal.language import member_language
from screens.settings import SettingsScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle
from tests.tui.pay_helpers import signed_in


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")
    from hcpay.config import update_config

    update_config(language=None)


async def test_l_in_settings_changes_the_language(make_app: AppFactory,
                                                  tui_portal: FastAPI) -> None:
    app = make_app(inbox_poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, "demo")
        await app.switch_mode("settings")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("l")
        for _ in range(100):
            await settle(pilot)
            status = str(app.screen.query_one("#status").render())
            if "Idioma" in status:
                break
            await pilot.pause(0.02)
        assert i18n.current_language() == "es"
        assert "Guardado aquí y en su cuenta" in status, status
        assert app.screen.title == "Configuración"
        assert app.sub_title == "Pague la prima de su seguro médico"
        assert 'language = "es"' in paths.config_file().read_text()
        with tui_portal.state.portal.db.read() as session:  # kept in the account too
            assert member_language(session, DEMO_MEMBER_ID) == "es"
        await pilot.press("l")  # and back
        for _ in range(100):
            await settle(pilot)
            if i18n.current_language() == "en" and "Language" in str(
                    app.screen.query_one("#status").render()):
                break
            await pilot.pause(0.02)
        assert i18n.current_language() == "en"
        assert app.screen.title == "Settings"
