"""Every flow of the catalog, driven through both interactive faces with the same scripted
answers: the plain runner (real Prompter, real PlainSession) and the Textual wizard (Pilot,
keyboard only). Both must show the same step headings in the same order and send the portal
the same requests (ids, tokens and keys that are new each time masked)."""

from __future__ import annotations

import asyncio
import io
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from textual.widgets import Checkbox

from hcpay.api import PortalClient, RetryPolicy
from hcpay.connection import Connection
from hcpay.flows.catalog import all_flows
from hcpay.flows.controllers import controller_for
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.prompter import Prompter
from hcpay.plain.session import PlainSession
from hcpay.portal.demo import DEMO_PASSWORD
from screens.flow_form import field_input_id
from screens.wizard import WizardScreen
from tests.helpers.accounts import (
    create_member,
    random_ssn,
    reset_code,
    verification_code,
    verify,
)
from tests.tui import test_narrow
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready, settle, type_text
from tests.tui.pay_helpers import seed_payer

# this module signs in some twenty-five times: its portal has no sign-in rate limit
tui_portal = test_narrow.tui_portal
Answer = str | Callable[[], str]
NEW_PASSWORD = "Quiet-Harbour-Lantern-42"
_VOLATILE = re.compile(r"^(PM-|tok_|INV-|btok_|ctok_)|[0-9a-f]{8}-[0-9a-f]{4}-")


class Recorder(httpx.AsyncBaseTransport):
    """The real portal, with every request that changes something written down."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.writes: list[tuple[str, str, str]] = []
        self.reads: set[str] = set()
        self.masks: dict[str, str] = {}

    def mask(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.mask(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [self.mask(v) for v in value]
        if isinstance(value, str):
            for real, said in self.masks.items():
                value = value.replace(real, said)
            return "<new>" if _VOLATILE.search(value) else value
        return value

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if "sandbox" not in path:
            if request.method == "GET":
                self.reads.add(path)
            else:
                body = json.loads(request.content or b"null")
                self.writes.append((request.method, path, json.dumps(self.mask(body))))
        return await self.inner.handle_async_request(request)


@dataclass
class Case:
    """One flow to walk: a member (or none), and the answers asked for, in order."""

    member: str | None
    answers: list[Answer]
    masks: dict[str, str] = field(default_factory=dict)
    password: str = DEMO_PASSWORD

    def secret(self, fetch: Callable[[], str], said: str) -> Callable[[], str]:
        """An answer read when it is asked (a code just sent), masked in the requests."""
        def answer() -> str:
            value = fetch()
            self.masks[value] = said
            return value

        return answer


def case_for(name: str, portal: FastAPI, http: TestClient) -> Case:
    if name.startswith(("troubleshoot", "faq")):  # a member who signed up as members do
        body = create_member(http)
        verify(http, body)
        steps = next(f.total for f in all_flows() if f.name == name)
        return Case(body["username"], [""] * steps, password=body["password"])
    if name in ("make_payment", "autopay"):
        member = seed_payer(portal, "faces")
        if name == "make_payment":  # a new card, saved for next time; the rest as filled in
            return Case(member, ["", "", "3", "4242 4242 4242 4242", "12/34", "123", "", "y",
                                 "", "", ""])
        if name == "autopay":  # quarterly, a fixed amount, on the 5th, from a start date
            return Case(member, ["", "2", "150", "2", "5", _later(http), "", ""])
    if name == "guest_payment":  # a payer's bill found by member id and birth date, a new card
        member_id = _with_birth_date(portal, seed_payer(portal, "faces"))
        return Case(None, [member_id, "April 30, 1980", "", "", "4242 4242 4242 4242", "12/34",
                           "123", "", "", ""], {member_id: "<member>"})
    if name == "add_payment_method":  # the wallet: a card, not the default, no name
        member = seed_payer(portal, "faces")
        return Case(member, ["", "", "4242 4242 4242 4242", "12/34", "123", ""])
    if name == "sign_in":
        member = seed_payer(portal, "faces")
        return Case(None, [member, DEMO_PASSWORD, "n"], {member: "<user>"})
    if name == "forgot_password":
        member = seed_payer(portal, "faces")
        email = f"{member}@example.com"
        case = Case(None, [member], {member: "<user>"})
        case.answers += [case.secret(lambda: reset_code(http, email), "<code>"),
                         NEW_PASSWORD, NEW_PASSWORD, ""]
        return case
    assert name == "create_account"
    user = f"faces{secrets.randbelow(10**8)}"
    email = f"{user}@example.com"
    ssn = random_ssn()
    case = Case(None, ["Robin", "Okafor", "1980-04-30", ssn, email, "", user, NEW_PASSWORD,
                       NEW_PASSWORD],
                {user: "<user>", email: "<email>", ssn.replace("-", ""): "<ssn>"})
    case.answers += [case.secret(lambda: verification_code(http, email), "<code>"), ""]
    return case


def _with_birth_date(portal: FastAPI, username: str) -> str:
    """The member id of ``username``, whose date of birth is now April 30, 1980."""
    from datetime import date

    from sqlalchemy import select

    from hcpay.portal.models import Member

    db = portal.state.portal.db
    with db.write() as session:
        member = session.execute(select(Member).where(Member.username == username)).scalar_one()
        member.date_of_birth = date(1980, 4, 30)
        return str(member.member_id)


def _later(http: TestClient) -> str:
    from datetime import date, timedelta

    today = date.fromisoformat(http.get("/api/v1/config").json()["today"])
    return (today + timedelta(days=20)).isoformat()


class Script:
    def __init__(self, answers: list[Answer]) -> None:
        self.answers = list(answers)

    def next(self) -> str:
        assert self.answers, "the face asked more than the script holds"
        answer = self.answers.pop(0)
        return answer() if callable(answer) else answer


class ScriptedStdin(io.TextIOBase):
    def __init__(self, script: Script) -> None:
        self.script = script

    def readline(self, size: int | None = -1) -> str:
        return self.script.next() + "\n"


def plain_face(name: str, case: Case, recorder: Recorder) -> list[str]:
    script = Script(case.answers)
    out = io.StringIO()
    prompter = Prompter(ScriptedStdin(script), out, read_secret=lambda _p: script.next())
    client = PortalClient("http://portal.test", transport=recorder, retry=RetryPolicy.never())
    connection = Connection(client=client, label="test portal", sandbox=False)
    with asyncio.Runner() as runner:
        session = PlainSession(prompter, connection, runner)
        if case.member:
            runner.run(client.login(case.member, case.password))
        recorder.writes.clear()
        FlowRunner(session, controller_for(name, client)).run()
        runner.run(client.aclose())
    assert not script.answers, f"answers left over:\n{out.getvalue()}"
    return re.findall(r"^(Step \d+ of \d+: .*)\.$", out.getvalue(), re.MULTILINE)


async def tui_face(name: str, case: Case, make_app: AppFactory, recorder: Recorder) -> list[str]:
    script = Script(case.answers)
    app = make_app()
    make_app.transport.inner = recorder
    headings: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        client = await app.portal()
        if case.member:
            app.signed_in(case.member, await client.login(case.member, case.password))
        recorder.writes.clear()
        screen = WizardScreen(controller_for(name, client))
        await app.push_screen(screen)
        await settle(pilot)
        while app.screen is screen and not screen.over:
            headings.append(str(screen.query_one("#heading").render()))
            await answer_step(pilot, screen, script)
            await settle(pilot)
        if app.screen is screen:
            await pilot.press("enter")  # the last words read: Done
            await settle(pilot)
    assert not script.answers
    return headings


async def answer_step(pilot: Any, screen: WizardScreen, script: Script) -> None:
    """Answer the step's fields in order, each one plain mode would ask (asked of the
    controller as the answers before it are given), then Enter on the last field."""
    step = screen.step
    if not step.fields:
        script.next()  # plain mode's "Press Enter to ..."
        await pilot.press("enter")
        return
    chain = [f for f in step.fields if f.kind != "checkbox" or f.on_the_way]
    for spec in step.fields:
        if not screen.controller.asks(spec):
            continue
        answer = script.next()
        widget = screen.query_one(f"#{field_input_id(spec.name)}")
        widget.focus()
        await pilot.pause()
        if spec.kind == "checkbox":
            if answer == "y":
                assert isinstance(widget, Checkbox)
                await pilot.press("space")
            continue
        if answer and spec.kind == "choice":
            await pilot.press(answer)
        elif answer:
            await pilot.press("end", "ctrl+u")
            await type_text(pilot, answer)
        if spec is not chain[-1]:
            await pilot.press("enter")
            await pilot.pause()
    screen.query_one(f"#{field_input_id(chain[-1].name)}").focus()
    await pilot.pause()
    await pilot.press("enter")


@pytest.mark.parametrize("name", [flow.name for flow in all_flows()])
def test_plain_and_screen_walk_the_same_steps_and_send_the_same(
    name: str, tui_portal: FastAPI, make_app: AppFactory
) -> None:
    http = TestClient(tui_portal)
    results: list[tuple[list[str], list[tuple[str, str, str]]]] = []
    for face in ("plain", "tui"):
        case = case_for(name, tui_portal, http)
        recorder = Recorder(tui_portal)
        recorder.masks = case.masks
        if face == "plain":
            headings = plain_face(name, case, recorder)
        else:
            headings = asyncio.run(tui_face(name, case, make_app, recorder))
        results.append((headings, recorder.writes))
    (plain_headings, plain_writes), (tui_headings, tui_writes) = results
    assert plain_headings, "plain mode said no step"
    assert plain_headings == tui_headings
    assert plain_writes == tui_writes
    if not name.startswith(("troubleshoot", "faq")):
        assert plain_writes, "the flow sent nothing to the portal"
