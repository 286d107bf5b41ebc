"""The embedded default: `hcpay demo` opens a fresh sandbox portal in-process with the demo
accounts, and nothing of the portal (FastAPI) is imported before the first frame."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from hcpay.commands import tui
from hcpay.portal.demo import DEMO_PASSWORD
from screens.dashboard import DashboardScreen
from tests.tui.helpers import fill, ready, settle, text_of

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_starts_without_importing_the_portal() -> None:
    code = (
        "import sys; import hcpay.cli, hcpay.commands.tui, hcpay.app, screens.login; "
        "heavy = [m for m in ('fastapi', 'sqlalchemy', 'hcpay.portal', 'pydantic', 'httpx') "
        "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


async def test_hcpay_demo_paints_first_then_signs_in_on_the_embedded_portal() -> None:
    from hcpay.app import HcpayApp

    args = argparse.Namespace(portal=None, insecure_storage=False, theme=None)
    app = HcpayApp(tui.connector(args, demo=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if app.connection is None:  # the first frame comes before the portal is open
            assert text_of(pilot, "#portal-status") == "Starting the portal…"
        await ready(pilot)
        await settle(pilot)
        assert "embedded sandbox portal" in text_of(pilot, "#portal-status")
        assert "demo / Demo-Pass-2026!" in text_of(pilot, "#demo-logins")
        # the demo database is new at each start: "Remember me" there is said to forget
        assert "forgets you when it ends" in text_of(pilot, "#demo-logins")
        await fill(pilot, "demo", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "owed now" in text_of(pilot, "#due")
        await pilot.press("q")
