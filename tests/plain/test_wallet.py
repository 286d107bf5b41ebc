"""Wallet in plain mode, line by line on a pseudo-terminal: the demo member hears the saved
methods, adds a card in the two numbered steps (the security code not echoed), makes it the
default, and removes it again."""

from __future__ import annotations

import re

from tests.plain.terminal import PlainTerminal
from tests.plain.test_demo_session import MAIN_MENU, sign_in_as_demo

WALLET = "6"


def test_add_a_card_make_it_default_and_remove_it(terminal: PlainTerminal) -> None:
    term = terminal
    sign_in_as_demo(term)
    term.answer(MAIN_MENU, WALLET)
    term.expect(r"Wallet: 2 saved\.")
    term.expect(r"1\. Visa ending 4242, expires 12/\d{2} \(default\)")
    term.expect(r"2\. Checking account ending 6789")
    term.answer("Enter a number between 1 and 4, or press Enter for 4: ", "1")
    term.expect(r"Add a card or bank account, in 2 steps\.")
    term.expect(r"Step 1 of 2: Card or bank account\.")
    term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "")  # a card
    term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "")  # not default
    term.expect(r"Step 2 of 2: New card details\.")
    term.answer("Card number", "5555 5555 5555 4444")
    term.answer("Expiry date (MM/YY)", "12/30")
    term.answer("Security code (typing is not shown): ", "123")
    term.answer("Name on card (optional)", "")
    term.expect(r"Saved: Mastercard ending 4444\.")

    term.expect(r"Wallet: 3 saved\.")
    term.answer("Enter a number between 1 and 4, or press Enter for 4: ", "2")
    term.expect(r"Which one should be your default\?")
    term.answer("Enter a number between 1 and 3: ", "3")
    term.expect(r"Mastercard ending 4444 is now your default method\.")

    term.answer("Enter a number between 1 and 4, or press Enter for 4: ", "3")
    term.answer("Enter a number between 1 and 3: ", "3")
    term.answer("or press Enter for no: ", "y")
    term.expect(r"Removed: Mastercard ending 4444\. You have no default method now")
    term.expect(r"Wallet: 2 saved\.")
    term.answer("Enter a number between 1 and 4, or press Enter for 4: ", "")
    term.answer(MAIN_MENU, "9")
    term.expect(r"Goodbye\.")
    assert term.finish() == 0
    output = term.output()
    assert "123\r\n" not in output.split("Security code", 1)[1][:60], "the code was echoed"
    assert re.search(r"Traceback", output) is None
