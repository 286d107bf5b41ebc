"""Keys typed after Enter, while the step's call is with the portal, wait and go into the next
step's field, in order: they went into the form being left (or nowhere) and were lost."""

from __future__ import annotations

import asyncio

import httpx
from textual.widgets import Input

from screens.forgot_password import ForgotPasswordScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle, text_of, type_text


class HeldResets(httpx.AsyncBaseTransport):
    """Holds POST /password-resets (the step's call) until ``release`` is set."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.release = asyncio.Event()
        self.arrived = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/password-resets"):
            self.arrived.set()
            await self.release.wait()
        return await self.inner.handle_async_request(request)


async def test_keys_typed_while_a_step_is_sent_reach_the_next_field(
    make_app: AppFactory,
) -> None:
    app = make_app()
    held = HeldResets(make_app.transport.inner)
    make_app.transport.inner = held
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ForgotPasswordScreen)
        await type_text(pilot, "pastdue")
        await pilot.press("enter")
        await asyncio.wait_for(held.arrived.wait(), timeout=10)
        # the answer has not come: the member types the code from the message at once
        await type_text(pilot, "7K2M9QX4")
        await pilot.pause(0.1)
        held.release.set()
        await settle(pilot)
        await pilot.pause(0.2)
        assert text_of(pilot, "#heading") == "Step 2 of 4: Reset code"
        screen = app.screen
        assert screen.values["username_or_email"] == "pastdue"
        code = screen.query_one("#field-code", Input).value
        assert code.replace("-", "") == "7K2M9QX4"
