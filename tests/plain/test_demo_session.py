"""A screen-reader user's whole visit, typed line by line on a pseudo-terminal: sign in as demo,
hear the summary, pay what is due with Enter at every step to a reference number, find that
payment in History, sign out and quit. Nothing but lines of text may be written."""

from __future__ import annotations

import re

from tests.plain.conftest import DEMO_DATE
from tests.plain.terminal import START_TIMEOUT, PlainTerminal, escapes_in

PASSWORD = "Demo-Pass-2026!"
MAIN_MENU = "Enter a number between 1 and 9, or press Enter for 1: "


def sign_in_as_demo(term: PlainTerminal) -> None:
    term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "1",
                timeout=START_TIMEOUT)
    term.expect(r"Step 1 of 2: Username and password\.")
    term.answer("Username: ", "demo")
    term.answer("Password (typing is not shown): ", PASSWORD)
    term.answer("Remember me on this computer? Enter y for yes or n for no, or press Enter "
                "for no: ", "")
    term.expect(r"Signed in as demo\.")


def test_demo_signs_in_pays_with_enter_finds_it_in_history_and_signs_out(
    terminal: PlainTerminal,
) -> None:
    term = terminal
    sign_in_as_demo(term)

    # The summary, in sentences.
    term.expect(r"Account summary\.")
    term.expect(r"You owe \$98\.00 now\.")
    term.expect(r"Your next bill, \$98\.00, is due \w+day, \w+ \d+, \d{4}: \d+ days left\.")
    term.expect(r"Your coverage is active\.")

    # Make a payment: the TUI's step numbers and titles, Enter on every default.
    term.answer(MAIN_MENU, "2")
    term.expect(r"Step 1 of 7: Amount\.")
    term.answer("Amount to pay ($) (press Enter for 98.00): ", "")
    term.expect(r"Pays the \$98\.00 due in full\.")
    term.expect(r"Step 2 of 7: Payment date\.")
    term.answer("(press Enter for ", "")
    term.expect(r"Step 3 of 7: Payment method\.")
    # the demo's Visa expires in December three years after the demo's day
    term.expect(rf"1\. Visa ending 4242, expires 12/{(DEMO_DATE.year + 3) % 100:02d} \(default\)")
    term.answer("Enter a number between 1 and 4, or press Enter for 1: ", "")
    term.expect(r"Step 5 of 7: Review\.")  # a saved card needs no step 4
    term.expect(r"Amount: \$98\.00")
    term.answer("Press Enter to confirm, or type back for the step before: ", "")
    term.expect(r"Step 6 of 7: Submit\.")
    term.answer("Press Enter to pay $98.00 now, or type back for the step before: ", "")
    term.expect(r"Step 7 of 7: Confirmation\.")
    term.expect(r"Paid: \$98\.00 from Visa ending 4242\.")
    reference = term.expect(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}")
    groups = ", ".join(" ".join(part) for part in reference.split("-"))
    term.expect(re.escape(f"Read out in groups: {groups}."))
    term.answer("Press Enter to finish: ", "")

    # The summary now says it is paid.
    term.answer(MAIN_MENU, "1")
    term.expect(r"You owe nothing now\.")

    # History: the payment just made is first, newest first, ten at a time.
    term.answer(MAIN_MENU, "4")
    term.answer("Enter a number between 1 and 3, or press Enter for 1: ", "1")
    term.expect(r"Payments 1 to 10, newest first:")
    term.expect(r"1\. \w+day, \w+ \d+, \d{4}: \$98\.00 by Visa ending 4242, paid\. "
                + re.escape(f"Reference {reference}."))
    term.answer("Enter n for the next 10, a number from 1 to 10 to hear that payment's "
                "receipt, or press Enter to go back: ", "n")
    term.expect(r"Payments 11 to \d+, newest first:")
    term.answer("or press Enter to go back: ", "")
    term.answer("Enter a number between 1 and 3, or press Enter for 1: ", "3")

    # Sign out, then quit from the first menu.
    term.answer(MAIN_MENU, "8")
    term.expect(r"You are signed out\.")
    term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "5")
    term.expect(r"Goodbye\.")
    assert term.finish() == 0

    output = term.output()
    typed_after = output.split("Password (typing is not shown): ", 1)[1]
    assert PASSWORD not in typed_after, "the password was echoed"  # (the demo banner says it)
    assert "Traceback" not in output
    assert escapes_in(output) == []


def test_wrong_answers_are_said_as_sentences_and_asked_again(terminal: PlainTerminal) -> None:
    term = terminal
    term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "9",
                timeout=START_TIMEOUT)
    term.expect(r"Error: Enter a number between 1 and 5\.")
    term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "1")
    term.answer("Username: ", "demo")
    term.answer("Password (typing is not shown): ", "not-the-password")
    term.answer("or press Enter for no: ", "")
    term.expect(r"Error: [A-Z][^\r\n]*\.")  # the portal's sentence, never a traceback
    term.expect(r"Step 1 of 2: Username and password\.")
    term.answer("Username (press Enter for demo): ", "")
    term.answer("Password (typing is not shown): ", PASSWORD)
    term.expect(r"Signed in as demo\.")  # "Remember me?" was answered once, not again
    term.answer(MAIN_MENU, "2")
    term.answer("Amount to pay ($) (press Enter for 98.00): ", "ten dollars")
    term.expect(r"Error: Enter the amount with digits only, for example 125\.00")
    term.answer("Amount to pay ($) (press Enter for 98.00): ", "cancel")
    term.expect(r"Canceled\. Back to the main menu\.")
    term.child.sendeof()  # Ctrl+D quits from any question
    term.expect(r"Goodbye\.")
    assert term.finish() == 0
    assert "Traceback" not in term.output()
