"""The Wallet screen, keyboard only, against the real portal: a member with nothing saved adds a
card and a bank account (the numbers go to the gateway), makes one the default, cannot remove the
one automatic payments use (the portal's words say why) and removes another."""

from __future__ import annotations

import itertools

from fastapi import FastAPI
from textual.widgets import ListView, Static

from hcpay.api.models import AutopayAmount, AutopaySettings
from hcpay.app import HcpayApp
from hcpay.portal.context import Portal
from hcpay.portal.demo import DEMO_PASSWORD
from hcpay.portal.services.agents import make_member
from screens.dashboard import DashboardScreen
from screens.wallet import AddMethodScreen, WalletScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle, text_of, type_text
from tests.tui.pay_helpers import enter, signed_in

_numbers = itertools.count(1)


def new_member(app: FastAPI) -> str:
    """A member with no card or bank account saved."""
    portal: Portal = app.state.portal
    username = f"wallet{next(_numbers)}"
    member = make_member(
        portal, username=username, password=DEMO_PASSWORD, email=f"{username}@example.com",
        first_name="Wanda", last_name="Wallet", subsidized=True,
    )
    with portal.db.write() as session:
        session.add(member)
    return username


def lines(app: HcpayApp) -> list[str]:
    listing = app.screen.query_one("#methods", ListView)
    return [str(item.query_one(Static).render()) for item in listing.children]


async def test_add_make_default_and_remove_from_the_wallet(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(pilot, new_member(tui_portal))
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WalletScreen)
        assert "Press a to add a card or bank account." in text_of(pilot, "#wallet-intro")
        assert lines(app)[0].startswith("No cards or bank accounts are saved yet.")

        # a card: step 1 (a card, as it is) then its details
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddMethodScreen)
        assert text_of(pilot, "#heading") == "Step 1 of 2: Card or bank account"
        await enter(pilot, 2)
        assert text_of(pilot, "#heading") == "Step 2 of 2: New card details"
        await type_text(pilot, "4242424242424242")
        await enter(pilot)
        await type_text(pilot, "1230")
        await enter(pilot)
        await type_text(pilot, "123")
        await enter(pilot, 2)  # the name is optional; Enter saves
        assert isinstance(app.screen, WalletScreen)
        assert text_of(pilot, "#status") == "Done: Saved: Visa ending 4242. It is your default " \
                                            "method."
        assert lines(app) == ["1. Visa ending 4242, expires 12/30 (default)"]

        # a bank account
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("2")  # a bank account
        await enter(pilot, 2)
        assert text_of(pilot, "#heading") == "Step 2 of 2: New bank account details"
        await type_text(pilot, "110000000")
        await enter(pilot)
        await type_text(pilot, "000123456789")
        await enter(pilot, 2)  # checking, as it is
        await type_text(pilot, "Wanda Wallet")
        await enter(pilot)
        assert isinstance(app.screen, WalletScreen)
        assert lines(app)[1] == "2. Checking account ending 6789"

        # the bank account becomes the default (it is chosen after being added)
        await pilot.press("d")
        await settle(pilot)
        assert text_of(pilot, "#status") == "Done: Checking account ending 6789 is now your " \
                                            "default method."
        assert lines(app)[1].endswith("(default)") and not lines(app)[0].endswith("(default)")

        # automatic payments use the card: removing it is refused in the portal's words
        client = await app.portal()
        card = next(m for m in await client.payment_methods() if m.kind == "card")
        await client.set_autopay(AutopaySettings(
            payment_method_id=card.payment_method_id,
            amount=AutopayAmount(type="full_balance"), draw_day="due_date",
        ))
        await pilot.press("up", "x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        status = text_of(pilot, "#status")
        assert status.startswith("Problem: Not removed. Automatic payments use this method.")
        assert len(lines(app)) == 2

        # the bank account goes (after a question answered yes)
        await pilot.press("down", "x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert text_of(pilot, "#status").startswith("Done: Removed: Checking account ending 6789.")
        assert lines(app) == ["1. Visa ending 4242, expires 12/30"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
