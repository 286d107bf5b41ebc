"""Keyboard helpers for Pilot tests: type into the focused field, wait for the portal."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerState

from hcpay.app import HcpayApp


async def ready(pilot: Pilot[None]) -> HcpayApp:
    app = pilot.app
    assert isinstance(app, HcpayApp)
    await app.portal()
    await pilot.pause()
    return app


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type as a person does, one key at a time (spaces and symbols included)."""
    names = {" ": "space", "-": "minus", "!": "exclamation_mark", "@": "at", ".": "full_stop",
             "/": "slash", "_": "underscore"}
    await pilot.press(*[names.get(ch, ch) for ch in text])


async def fill(pilot: Pilot[None], *values: str) -> None:
    """Type each value and press Enter (which moves to the next field, then submits)."""
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    for _ in range(1000):
        busy = [
            w for w in pilot.app.workers
            if w.group != "inbox" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        if not busy:
            break
        await pilot.pause(0.01)
    await pilot.pause()


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())
