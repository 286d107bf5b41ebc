"""Fields that lay out what is typed (SSN dashes, card number groups, expiry slash) keep every
character when the keys come in one burst, as from auto-type or a terminal paste: each key is
sent before the first is handled, and a paste comes as one event."""

from __future__ import annotations

from fastapi import FastAPI
from textual import events
from textual.widgets import Input

from screens.create_account import CreateAccountScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import ready
from tests.tui.pay_helpers import enter, open_payment, seed_payer
from tests.tui.test_key_burst import burst


async def test_an_ssn_typed_in_one_burst_is_kept_whole(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CreateAccountScreen)
        app.screen.query_one("#field-ssn", Input).focus()
        await pilot.pause()
        # with the dashes a person types (it became 123-57-89), then without
        await burst(pilot, *"123-45-6789")
        ssn = app.screen.query_one("#field-ssn", Input)
        assert ssn.value == "123-45-6789"
        ssn.value = ""
        await pilot.pause()
        await burst(pilot, *"541223344")
        assert ssn.value == "541-22-3344"
        assert app.screen.values["ssn"] == "541-22-3344"  # what the form will check and send


async def test_a_card_number_in_one_burst_or_a_paste_is_kept_whole(
    make_app: AppFactory, tui_portal: FastAPI
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_payment(pilot, seed_payer(tui_portal, "burst"))
        await enter(pilot, 2)  # amount, date
        await pilot.press("3")  # after the two saved methods: a new card
        await enter(pilot)
        card = app.screen.query_one("#field-card_number", Input)
        assert card.has_focus
        await burst(pilot, *"4000000000009995")  # it became 4000 0000 0099 95
        assert card.value == "4000 0000 0000 9995"
        card.value = ""
        await pilot.pause()
        # a plain paste: one event with the whole number, spaces and all
        card.post_message(events.Paste("4242 4242 4242 4242"))
        await pilot.pause()
        assert card.value == "4242 4242 4242 4242"
        await pilot.press("enter")  # on to the expiry, typed in a burst too
        await burst(pilot, *"1230")
        assert app.screen.query_one("#field-card_expiry", Input).value == "12/30"
        # a digit too many is kept as typed, for the check to name it (never cut off)
        card.value = ""
        card.focus()
        await pilot.pause()
        await burst(pilot, *"42424242424242421")
        assert card.value.replace(" ", "") == "42424242424242421"
