"""An agent makes a pay link from the member view, keyboard only: p, y, and the code is shown
with the words to read it out; the caller's guest lookup with it works once, and the member's
access log shows the action with the call's reason and its ADJ- reference."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from hcpay.api import PortalClient
from screens.agent_member import AgentMemberScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, settle, text_of
from tests.tui.test_agent_console import REASON, demo_api, sign_in_agent  # noqa: F401


async def test_agent_reads_out_a_pay_code_that_works_once(
    make_app: AppFactory, demo_api: PortalClient,  # noqa: F811
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        await fill(pilot, REASON, "demo")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        status = text_of(pilot, "#status")
        found = re.search(r"Pay code ([0-9A-Z]{4}-[0-9A-Z]{4}), read out as ", status)
        assert found, status
        assert "works once" in status and "ADJ-" in status
        code = found.group(1)

    http = TestClient(make_app.portal)
    first = http.post("/api/v1/guest/lookup", json={"pay_code": code})
    assert first.status_code == 201, first.text
    assert first.json()["first_name_initial"] == "D"
    assert http.post("/api/v1/guest/lookup", json={"pay_code": code}).status_code == 404
    log = await demo_api.access_log()
    lines = [entry for entry in log if "pay code" in entry.description.lower()]
    assert lines and lines[0].reason == REASON and "ADJ-" in lines[0].description
