"""Plain mode's wizards against the real portal, in-process: the real Prompter and PlainSession,
a person's answers typed line by line. Each answer is checked when it is typed (the SSN, the
amount cap), automatic payments run the screen's seven steps, a refused secret is never read
back, and help, back and cancel work at a hidden question too."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import httpx
import pytest
from fastapi import FastAPI

from hcpay.api import PortalClient, RetryPolicy
from hcpay.api.models import Autopay
from hcpay.connection import Connection
from hcpay.flows.account_controllers import CreateAccountController
from hcpay.flows.autopay_controller import AutopayController
from hcpay.flows.controller import Controller
from hcpay.flows.make_payment_controller import MakePaymentController
from hcpay.plain.flow_runner import FlowRunner
from hcpay.plain.prompter import Cancel, Prompter, Quit
from hcpay.plain.session import PlainSession
from hcpay.portal.demo import DEMO_PASSWORD
from tests.tui.conftest import tui_portal  # noqa: F401 (the module's portal)
from tests.tui.pay_helpers import seed_payer


class Lines(io.TextIOBase):
    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)

    def readline(self, size: int | None = -1) -> str:
        return self.answers.pop(0) + "\n" if self.answers else ""  # "" is end of input


def walk(portal: FastAPI, controller: Controller | None, answers: list[str],
         member: str | None = None,
         section: Callable[[PlainSession], object] | None = None) -> tuple[str, object]:
    """Walk ``controller`` in plain mode with ``answers`` (secrets too); answers what was
    written and what the flow handed back (or the exception that ended it)."""
    stdin, out = Lines(answers), io.StringIO()

    def read_secret(prompt: str) -> str:
        out.write(prompt)
        line = stdin.readline()
        if not line:
            raise Quit
        return line.rstrip("\n")

    prompter = Prompter(stdin, out, read_secret=read_secret)
    client = PortalClient("http://portal.test", transport=httpx.ASGITransport(app=portal),
                          retry=RetryPolicy.never())
    result: object
    with asyncio.Runner() as runner:
        session = PlainSession(prompter, Connection(client=client, label="test", sandbox=False),
                               runner)
        if member:
            runner.run(client.login(member, DEMO_PASSWORD))
        try:
            if section is not None:
                result = section(session)
            else:
                assert controller is not None
                result = FlowRunner(session, controller).run()
        except (Cancel, Quit) as ended:
            result = ended
        runner.run(client.aclose())
    return out.getvalue(), result


async def autopay_of(portal: FastAPI, username: str) -> Autopay | None:
    async with PortalClient("http://portal.test",
                            transport=httpx.ASGITransport(app=portal)) as client:
        await client.login(username, DEMO_PASSWORD)
        return await client.autopay()


@pytest.fixture
def payer(tui_portal: FastAPI) -> Iterator[str]:  # noqa: F811
    yield seed_payer(tui_portal, "plain")


def test_quarterly_autopay_with_a_start_date_in_the_seven_steps(
    tui_portal: FastAPI, payer: str  # noqa: F811
) -> None:
    start = (date.today() + timedelta(days=40)).isoformat()
    said, _saved = walk(tui_portal, AutopayController(), ["", "1", "2", "5", start, "", ""],
                       payer)
    headings = [line for line in said.splitlines() if line.startswith("Step ")]
    assert [h.split(":")[0] for h in headings] == [f"Step {n} of 7" for n in range(1, 8)]
    assert "Step 3 of 7: Frequency." in said and "Step 5 of 7: Start date." in said
    record = asyncio.run(autopay_of(tui_portal, payer))
    assert record is not None and record.frequency == "quarterly" and record.draw_day == 5
    assert record.start_date.isoformat() == start
    assert record.next_draw_date is not None and record.next_draw_date.isoformat() >= start


def test_a_fixed_amount_below_the_premium_is_warned_about(
    tui_portal: FastAPI, payer: str  # noqa: F811
) -> None:
    said, _ = walk(tui_portal, AutopayController(), ["", "2", "5", "", "", "", "", ""], payer)
    warning = "$5.00 is below your monthly premium of $98.00"
    step_two = said.index("Step 2 of 7")
    assert warning in said[step_two:said.index("Step 3 of 7")]  # said at its own step
    assert warning in said[said.index("Step 6 of 7: Review"):]  # and again in the review


def test_a_known_invalid_ssn_is_refused_right_after_it_is_typed(
    tui_portal: FastAPI,  # noqa: F811
) -> None:
    said, ended = walk(tui_portal, CreateAccountController(), [
        "Robin", "Okafor", "1980-04-30", "123-45-6789",
    ])
    assert isinstance(ended, Quit)  # the answers ran out at the SSN, asked again
    refused = said.index("published example")
    assert "Step 2 of 5" not in said and "Password" not in said[:refused]
    assert said.count("Social Security number") >= 2
    assert "press Enter for 123-45-6789" not in said


def test_an_amount_over_the_cap_is_refused_at_step_one(
    tui_portal: FastAPI, payer: str  # noqa: F811
) -> None:
    said, ended = walk(tui_portal, MakePaymentController(), ["1000000"], payer)
    assert isinstance(ended, Quit)
    assert "Error: Enter $196.00 or less" in said  # $98.00 due plus one month's premium
    assert "Step 2 of 7" not in said
    assert "press Enter for 1000000" not in said


def test_a_declined_card_number_is_never_read_back(
    tui_portal: FastAPI, payer: str  # noqa: F811
) -> None:
    declined = "4000 0000 0000 9995"
    said, _ended = walk(tui_portal, MakePaymentController(), [
        "", "", "3", declined, "12/34", "123", "", "n", "", "",  # declined at submit
        "3", "",  # the new card again: the number is asked with no default
    ], payer)
    assert "Declined" in said
    after = said[said.index("Declined"):]
    assert "Card number (typing is not shown): " in after  # asked again, offering nothing
    assert declined not in said and "press Enter for 4000" not in said


def test_help_back_and_cancel_at_a_secret_question(
    tui_portal: FastAPI, payer: str  # noqa: F811
) -> None:
    said, ended = walk(tui_portal, MakePaymentController(), [
        "", "", "3", "help", "back", "3", "cancel",
    ], payer)
    card = said.index("Card number (typing is not shown): ")
    assert "Sent only to the payment processor" in said[card:]  # help at the hidden question
    assert said.count("Step 3 of 7: Payment method.") == 2  # back, to the step before
    assert isinstance(ended, Cancel)


def test_pausing_is_asked_before_it_is_done(tui_portal: FastAPI, payer: str) -> None:  # noqa: F811
    from hcpay.flows.autopay_controller import PAUSE
    from hcpay.plain import autopay

    # asked, refused; asked, agreed, and no resume date given (Enter): paused until resumed
    said, _ = walk(tui_portal, None, ["1", "", "", "", "", "", "", "", "2", "n", "2", "y", ""],
                   payer, section=autopay.run)
    assert said.count(PAUSE.confirm) == 2
    assert "Resume on (optional)" in said
    assert said.index("Nothing was changed.") < said.index("Automatic payments are PAUSED")
    record = asyncio.run(autopay_of(tui_portal, payer))
    assert record is not None and not record.enabled and record.paused_until is None
