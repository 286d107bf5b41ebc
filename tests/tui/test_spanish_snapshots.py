"""SVG snapshots in Spanish of the sign-in screen, the dashboard and Make a Payment's review, at
80x24 and at 60 columns: the longer Spanish words still fit (nothing runs past the right edge).
The same fixed data as the English snapshots; English stays the default (the language is set
back after each test)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from textual.pilot import Pilot

from hcpay.domain import i18n
from tests.tui.conftest import AppFactory
from tests.tui.test_narrow import check
from tests.tui.test_pay_snapshots import PAYMENT_STEPS, tui_portal, walk
from tests.tui.test_snapshots import _fixed_dashboard, _login_ready

__all__ = ["tui_portal"]  # the fixture, shared with the English payment snapshots

SIZES = {"80x24": (80, 24), "60x24": (60, 24)}
Visit = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture(autouse=True)
def spanish() -> Iterator[None]:
    i18n.set_language("es")
    try:
        yield
    finally:
        i18n.set_language("en")


def fits(visit: Visit) -> Visit:
    """The visit, then a check that nothing on the screen is wider than it."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await visit(pilot)
        found = check(pilot, "spanish")
        assert found == [], found

    return run_before


@pytest.mark.parametrize("size", list(SIZES))
def test_sign_in_in_spanish(snap_compare: Any, make_app: AppFactory, size: str) -> None:
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=fits(_login_ready))


@pytest.mark.parametrize("size", list(SIZES))
def test_dashboard_in_spanish(snap_compare: Any, make_app: AppFactory, size: str) -> None:
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=fits(_fixed_dashboard))


@pytest.mark.parametrize("size", list(SIZES))
def test_payment_review_in_spanish(
    snap_compare: Any, make_app: AppFactory, tui_portal: FastAPI, size: str
) -> None:
    app = make_app(inbox_poll_seconds=3600)
    assert snap_compare(app, terminal_size=SIZES[size],
                        run_before=fits(walk(tui_portal, PAYMENT_STEPS["5-review"])))
