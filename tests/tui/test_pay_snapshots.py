"""SVG snapshots at 80x24 of every step of Make a Payment and Automatic Payments (and a
decline), against the real portal on a fixed sandbox date (2030-03-11) with a fixed reference
for the one payment whose confirmation is shown, so they are deterministic."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from textual.pilot import Pilot

from hcpay.domain import references
from hcpay.portal.app import create_app
from hcpay.portal.payments import create
from hcpay.portal.settings import PortalSettings
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, type_text
from tests.tui.pay_helpers import seed_payer, signed_in

FIXED_NOW = datetime(2030, 3, 11, 15, 0, tzinfo=UTC)  # 10 a.m. in the portal's time zone
FIXED_REFERENCE = "HCP-7K2M-9QX4"
NEXT_REFERENCES: list[str] = []


@pytest.fixture(scope="module")
def tui_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    folder: Path = tmp_path_factory.mktemp("pay-snapshots")
    settings = PortalSettings(
        database_url=f"sqlite:///{folder / 'portal.db'}", sandbox=True,
        argon2_time_cost=1, argon2_memory_kib=8192,
    )
    app = create_app(settings)
    app.state.portal.clock.move_to(FIXED_NOW)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(create, "payment_reference", _reference)
        yield app
    app.state.portal.db.dispose()


def _reference() -> str:
    return NEXT_REFERENCES.pop(0) if NEXT_REFERENCES else references.payment_reference()


E = "enter"


def steps(section: str, *keys: str) -> tuple[str, ...]:
    """The section's key, then each key; ``"type:TEXT"`` types TEXT a key at a time."""
    return (section, *keys)


PAYMENT_STEPS = {
    "1-amount": steps("p"),
    "2-date": steps("p", E),
    "3-method": steps("p", E, E),
    "4-new-card": steps("p", E, E, "3", E, "type:4242424242424242"),
    "4-new-bank": steps("p", E, E, "4", E, "type:110000000"),
    "5-review": steps("p", E, E, E),
    "6-submit": steps("p", E, E, E, E),
    "7-confirmation": steps("p", E, E, E, E, E),
    "declined": steps("p", E, E, "3", E, "type:4000000000000002", E, "type:1232", E,
                      "type:123", E, E, E, E, E),
}
AUTOPAY_STEPS = {
    "1-method": steps("a"),
    "2-amount": steps("a", E),
    "3-frequency": steps("a", E, E, E),
    "4-draw-day": steps("a", E, E, E, E),
    "5-start": steps("a", E, E, E, E, E),
    "6-review": steps("a", E, E, E, E, E, E),
    "7-activate": steps("a", E, E, E, E, E, E, E),
    "saved": steps("a", E, E, E, E, E, E, E, E),
}


def walk(portal: FastAPI, keys: tuple[str, ...]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await signed_in(pilot, seed_payer(portal, prefix="snap"))
        for key in keys:
            if key.startswith("type:"):
                await type_text(pilot, key.removeprefix("type:"))
            else:
                await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("name", list(PAYMENT_STEPS))
def test_make_payment_steps(
    snap_compare: Any, make_app: AppFactory, tui_portal: FastAPI, name: str
) -> None:
    NEXT_REFERENCES[:] = [FIXED_REFERENCE] if name == "7-confirmation" else []
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24),
                        run_before=walk(tui_portal, PAYMENT_STEPS[name]))


@pytest.mark.parametrize("name", list(AUTOPAY_STEPS))
def test_autopay_steps(
    snap_compare: Any, make_app: AppFactory, tui_portal: FastAPI, name: str
) -> None:
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=(80, 24),
                        run_before=walk(tui_portal, AUTOPAY_STEPS[name]))
