"""Settings (two-step sign-in on and off, with the secret, the otpauth URI and a QR code) and the
dashboard's honest answers: sections not built yet, figures not available, offline snapshot."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from textual.widgets import Input

from hcpay import cache
from hcpay.portal.demo import DEMO_PASSWORD
from screens.autopay import AutopayScreen
from screens.dashboard import DashboardScreen
from screens.history import HistoryScreen
from screens.make_payment import MakePaymentScreen
from screens.settings import SettingsScreen
from screens.troubleshooting import TroubleshootingScreen
from tests.helpers.accounts import TOTP, totp_now
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text
from tests.tui.test_snapshots import FIXED_SUMMARY


def mode_and_text(path: str | None) -> tuple[int, str]:
    assert path is not None
    file = Path(path)
    return file.stat().st_mode & 0o777, file.read_text()


async def test_two_step_on_with_qr_code_then_off(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "Two-step sign-in: OFF" in text_of(pilot, "#two-step-intro")
        assert "5 days before each due date" in text_of(pilot, "#reminders")
        await pilot.press("2")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "password"
        await fill(pilot, DEMO_PASSWORD)  # changing two-step asks for the password
        await settle(pilot)
        shown = text_of(pilot, "#secret")
        assert "otpauth://totp/" in shown
        secret = shown.split("otpauth://", 1)[1].split("secret=", 1)[1].split("&", 1)[0]
        qr = text_of(pilot, "#qr")
        assert "█" in qr and "▀" in qr  # a QR code drawn in the terminal (it fits in 80)
        assert app.focused is not None and app.focused.id == "otp"
        await type_text(pilot, totp_now(tui_portal, secret))
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#status") == "Done: Two-step sign-in is on."
        assert "Two-step sign-in: ON" in text_of(pilot, "#two-step-intro")
        assert "Recovery codes" in text_of(pilot, "#secret")
        codes = app.screen.recovery_codes
        assert codes and all(code in text_of(pilot, "#secret") for code in codes)
        await pilot.press("k")  # saved to a file only the member can read
        await settle(pilot)
        mode, saved = mode_and_text(app.screen.codes_path)
        assert mode == 0o600
        assert all(code in saved for code in codes)
        # off with the password and a recovery code: letters and dashes can be typed
        await pilot.press("0")
        await pilot.pause()
        await fill(pilot, DEMO_PASSWORD)
        await type_text(pilot, codes[0])
        assert app.screen.query_one("#otp", Input).value == codes[0]
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(pilot, "#status") == "Done: Two-step sign-in is off."
        assert "Two-step sign-in: OFF" in text_of(pilot, "#two-step-intro")
        assert app.screen.query_one("#password", Input).value == ""  # not kept
        assert TOTP(secret)  # the secret was a usable TOTP secret


async def test_dashboard_keys_open_every_section(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        if "Not available" in text_of(pilot, "#due"):  # the portal has no summary yet
            assert "404" in text_of(pilot, "#banner")
        else:
            assert "owed now" in text_of(pilot, "#due")
        sections = (
            ("p", MakePaymentScreen), ("a", AutopayScreen), ("h", HistoryScreen),
            ("t", TroubleshootingScreen),
        )
        for key, screen_type in sections:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)


async def test_offline_shows_the_last_snapshot_with_its_time(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        # what an earlier visit to the dashboard left behind (figures only, mode 0600)
        taken = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
        path = cache.save("test-portal", "demo",
                          {"summary": FIXED_SUMMARY.model_dump(mode="json"),
                           "first_name": "Dana"}, now=taken)
        assert path.stat().st_mode & 0o777 == 0o600
        make_app.transport.down = True
        await pilot.press("r")
        await settle(pilot)
        banner = text_of(pilot, "#banner")
        local = taken.astimezone()
        assert banner.startswith("⚠ Offline")
        assert f"{local:%H:%M}" in banner and "out of date" in banner
        assert "$412.50 owed now" in text_of(pilot, "#due")
        make_app.transport.down = False


async def test_dashboard_warns_a_member_in_a_grace_period(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "pastdue", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        coverage = text_of(pilot, "#coverage")
        # said with a mark and in words, never by colour alone
        assert coverage.startswith("⚠ ")
        assert "grace period" in coverage
        assert "overdue" in text_of(pilot, "#due")
        assert "past due" in text_of(pilot, "#alerts").lower()
