"""The agent console, keyboard only, against the real portal with the demo data: the agent signs
in with a two-step code, gets the console (not the dashboard), must give a reason before any
lookup, searches, opens the member view, looks up a payment reference, reads a support code the
member made through the API, adds a note and sends a reset code after confirming; the member
then reads all of it, with the reason, on their "who opened my account" screen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from hcpay.api import PortalClient, RetryPolicy
from hcpay.app import AGENT_IDLE_SECONDS, HcpayApp, SessionPolicy
from hcpay.portal.demo import AGENT_PASSWORD, AGENT_TOTP_SECRET, DEMO_PASSWORD
from hcpay.portal.services.two_step import TOTP
from screens.access_log import AccessLogScreen
from screens.agent_console import AgentConsoleScreen
from screens.agent_guide import AgentGuideScreen
from screens.agent_member import AgentMemberScreen
from screens.agent_modals import ConfirmScreen, NoteScreen
from screens.dashboard import DashboardScreen
from screens.session_warning import SessionWarningScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, ready, settle, text_of, type_text

REASON = "Caller asked about payment"


@pytest.fixture
async def demo_api(tui_portal: FastAPI) -> AsyncIterator[PortalClient]:
    """The demo member, signed in through the API (as their own hcpay would be)."""
    async with PortalClient("http://portal.test", transport=httpx.ASGITransport(app=tui_portal),
                            retry=RetryPolicy.never()) as api:
        await api.login("demo", DEMO_PASSWORD)
        yield api


def agent_code(portal: FastAPI) -> str:
    """A fresh two-step code (pyotp, by the portal's clock): each code works once, so the clock
    moves on to the next 30-second step first."""
    clock = portal.state.portal.clock
    clock.move_to(clock.now() + timedelta(seconds=31))
    return str(TOTP(AGENT_TOTP_SECRET).at(clock.now()))


async def sign_in_agent(pilot: Pilot[None], portal: FastAPI) -> HcpayApp:
    app = await ready(pilot)
    await fill(pilot, "agent", AGENT_PASSWORD)
    await settle(pilot)
    await fill(pilot, agent_code(portal))
    await settle(pilot)
    return app


async def look_up(pilot: Pilot[None], text: str) -> None:
    query = pilot.app.screen.query_one("#query", Input)
    query.value = ""
    query.focus()
    await fill(pilot, text)
    await settle(pilot)


async def test_agent_console_end_to_end(make_app: AppFactory, demo_api: PortalClient) -> None:
    summary = await demo_api.summary()
    reference = summary.recent_payments[0].reference
    code = await demo_api.create_support_code("make_payment", 3, "card_declined")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        assert isinstance(app.screen, AgentConsoleScreen), "an agent gets the console"
        assert app.session_policy.idle_seconds == AGENT_IDLE_SECONDS
        assert app.focused is not None and app.focused.id == "reason"

        # no reason: nothing is looked up, and the agent is told why and sent to the field
        app.screen.query_one("#query", Input).focus()
        await fill(pilot, "demo")
        await settle(pilot)
        assert "reason for this call" in text_of(pilot, "#status")
        assert text_of(pilot, "#status").startswith("Problem:")
        assert app.focused is not None and app.focused.id == "reason"

        await fill(pilot, REASON)  # Enter on the reason looks up what is in the lookup field
        await settle(pilot)
        hits = app.screen.query_one("#hits", OptionList)
        assert hits.option_count >= 1 and app.focused is hits
        assert "found by name" in text_of(pilot, "#status")
        assert "Dana" in str(hits.get_option_at_index(0).prompt)

        await pilot.press("enter")  # open the member
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)
        view = text_of(pilot, "#member-text")
        assert "Dana" in view and "Balance and coverage" in view and "Payments" in view
        assert reference in view and "…" in view  # methods by last 4
        assert "Call reason: " + REASON in text_of(pilot, "#reason-line")

        await pilot.press("n")  # a note
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, "Explained autopay date")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)
        assert "Note saved" in text_of(pilot, "#status")
        assert "Explained autopay date" in text_of(pilot, "#member-text")

        await pilot.press("r")  # a reset code asks first; n sends nothing
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert "No reset code sent" in text_of(pilot, "#status")
        await pilot.press("r", "y")
        await settle(pilot)
        assert "Reset link sent by email" in text_of(pilot, "#status")

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AgentConsoleScreen)

        await look_up(pilot, reference.lower().replace("-", " "))
        result = text_of(pilot, "#result")
        assert f"Payment {reference}" in result and "Tell the caller: " in result
        assert text_of(pilot, "#status").startswith("Done: Payment " + reference)

        await look_up(pilot, code.code)
        result = text_of(pilot, "#result")
        assert f"Support code {code.code}" in result
        assert "card_declined" in result and "step 3" in result.lower()
        await pilot.press("f2")  # the guide for that flow
        await settle(pilot)
        assert isinstance(app.screen, AgentGuideScreen)
        assert "Step 1 of" in text_of(pilot, "#guide-text")
        await pilot.press("escape")
        assert isinstance(app.screen, AgentConsoleScreen)

    log = await demo_api.access_log()
    actions = {entry.action for entry in log}
    assert {"search", "view_member", "add_note", "password_reset", "lookup_payment",
            "support_code"} <= actions
    assert all(entry.reason == REASON for entry in log[:6])


async def test_unknown_reference_and_no_match_say_what_to_do(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        await fill(pilot, REASON)
        await look_up(pilot, "HCP-0000-0000")
        status = text_of(pilot, "#status")
        assert status.startswith("Problem:") and "Read it back to the caller" in status
        await look_up(pilot, "Nobody Atall")
        assert "No member matches" in text_of(pilot, "#status")
        await look_up(pilot, "000-000")
        assert "support code" in text_of(pilot, "#status").lower()


async def test_agent_idle_warning_comes_at_fifteen_minutes(make_app: AppFactory) -> None:
    now = [1000.0]
    app = make_app(monotonic=lambda: now[0], session_policy=SessionPolicy(idle_seconds=1800))
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        now[0] += AGENT_IDLE_SECONDS - 60
        app.check_session()
        await pilot.pause()
        assert isinstance(app.screen, SessionWarningScreen)


async def test_guide_lists_every_flow_with_numbered_steps(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        await pilot.press("f2")
        await settle(pilot)
        guide = app.screen
        assert isinstance(guide, AgentGuideScreen)
        titles = [f.name for f in guide.flows]
        assert {"sign_in", "create_account", "forgot_password"} <= set(titles)
        index = titles.index("create_account")
        flows = guide.query_one("#flows", OptionList)
        flows.highlighted = index
        await pilot.pause()
        text = text_of(pilot, "#guide-text")
        assert "On the sign-in screen, press F2." in text
        assert "Step 2 of" in text and "Then Enter:" in text


async def test_member_reads_who_opened_their_account(
    make_app: AppFactory, demo_api: PortalClient, tui_portal: FastAPI,
) -> None:
    async with PortalClient("http://portal.test", transport=httpx.ASGITransport(app=tui_portal),
                            retry=RetryPolicy.never()) as agent:
        await agent.login("agent", AGENT_PASSWORD, agent_code(tui_portal))
        hits = await agent.agent_search_members("pastdue", "Checking a late [bill] question")
        await agent.agent_member(hits[0].member_id, "Checking a late [bill] question")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await fill(pilot, "pastdue", DEMO_PASSWORD)
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AccessLogScreen)
        text = text_of(pilot, "#log-text")
        assert "Alex Morgan" in text and "Opened your account" in text
        assert "Reason given: Checking a late [bill] question" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, AccessLogScreen)
