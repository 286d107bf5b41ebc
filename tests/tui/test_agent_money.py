"""An agent refunds part of the demo member's payment from the console, keyboard only: f opens
the refund dialog on the newest payment, the amount and a reason are typed, and the reference
ADJ-... is shown; a second refund above what is left is refused in the dialog with what was
typed kept; a credit goes the same way. The member then reads each action, its reason and
reference, in their access log, and gets the notices."""

from __future__ import annotations

import secrets

from textual.widgets import Input

from hcpay.api import PortalClient
from screens.agent_member import AgentMemberScreen
from screens.agent_money import MoneyActionScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import fill, settle, text_of, type_text
from tests.tui.test_agent_console import REASON, demo_api, sign_in_agent  # noqa: F401

REFUND_REASON = "Paid twice on the same day"
CREDIT_REASON = "Sorry for the long wait"


async def test_agent_refunds_and_credits_from_the_console(
    make_app: AppFactory, demo_api: PortalClient,  # noqa: F811
) -> None:
    # the demo member pays a month's premium more than owed: it is all credit
    summary = await demo_api.summary()
    methods = await demo_api.payment_methods()
    premium = 9_800
    paid = await demo_api.pay(summary.balance_due_cents + premium,
                              payment_method_id=methods[0].payment_method_id,
                              idempotency_key=secrets.token_hex(8))
    assert paid.status == "succeeded"
    assert (await demo_api.summary()).credit_cents >= premium

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_agent(pilot, make_app.portal)
        await fill(pilot, REASON, "demo")
        await settle(pilot)
        await pilot.press("enter")  # open the member
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)

        await pilot.press("f")
        dialog = app.screen
        assert isinstance(dialog, MoneyActionScreen)
        assert dialog.query_one("#payment", Input).value == paid.reference  # the newest
        await fill(pilot, "50.00", REFUND_REASON)
        await settle(pilot)
        assert isinstance(app.screen, AgentMemberScreen)
        status = text_of(pilot, "#status")
        assert status.startswith(f"Done: Refunded $50.00 of {paid.reference} (reference ADJ-")
        first_ref = status.split("(reference ")[1][:13]
        shown = text_of(pilot, "#member-text")  # read again: the refund is on the account
        assert f"{first_ref}" in shown and f"refund $50.00 of {paid.reference}" in shown
        assert REFUND_REASON in shown

        await pilot.press("f")  # more than is left: refused in the dialog, typing kept
        limit = min(paid.amount_cents - 5_000, (await demo_api.summary()).credit_cents)
        await fill(pilot, "500", REFUND_REASON + " again")
        await settle(pilot)
        assert isinstance(app.screen, MoneyActionScreen)
        problem = text_of(pilot, "#problem")
        assert problem.startswith("Problem: Refund $") and "or less" in problem
        assert f"${limit // 100:,}.{limit % 100:02d} or less" in problem
        assert app.screen.query_one("#amount", Input).value == "500"
        assert app.focused is app.screen.query_one("#amount", Input)
        await pilot.press("escape")
        await settle(pilot)
        assert "Nothing was changed" in text_of(pilot, "#status")

        await pilot.press("c")  # a credit
        assert isinstance(app.screen, MoneyActionScreen)
        await type_text(pilot, "12.5")
        await pilot.press("enter")
        await fill(pilot, CREDIT_REASON)
        await settle(pilot)
        assert text_of(pilot, "#status").startswith("Done: Credit of $12.50 added (reference ADJ-")

    log = await demo_api.access_log()
    lines = [(e.reason, e.description, (e.model_extra or {}).get("reference")) for e in log
             if e.action in ("refund", "credit")]
    assert lines[0][0] == CREDIT_REASON and lines[0][1].startswith("Added a credit of $12.50 (ADJ-")
    assert lines[2] == (REFUND_REASON,
                        f"Refunded $50.00 of payment {paid.reference} ({first_ref})", first_ref)
    assert "not done: refund_too_high" in lines[1][1]
