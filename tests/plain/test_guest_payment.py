"""Pay without signing in from plain mode's first menu, as a screen-reader user meets it: the
member id from the bill and the date of birth (a wrong one said as a sentence, the member id
kept as the default), Enter on the amount due, a new card, the reference said in groups; then
the first menu again. No escape, no noise (tests/plain/noise.py)."""

from __future__ import annotations

from hcpay.portal.demo import DEMO_MEMBER_ID
from tests.plain.terminal import START_TIMEOUT, PlainTerminal

FIRST_MENU = "Enter a number between 1 and 5, or press Enter for 1: "


def test_a_guest_pays_the_demo_bill_from_the_first_menu(terminal: PlainTerminal) -> None:
    term = terminal
    term.expect(r"4\. Pay without signing in", timeout=START_TIMEOUT)
    term.expect(r"5\. Quit")
    term.answer(FIRST_MENU, "4")
    term.expect(r"Pay without signing in, in 6 steps\.")
    term.expect(r"Step 1 of 6: Find your bill\.")
    term.answer("Member id or pay code", DEMO_MEMBER_ID.lower())
    term.answer("Date of birth", "March 15, 1984")
    term.expect(r"Error: We could not find a bill for those details\.")
    term.expect(r"Step 1 of 6: Find your bill\.")
    term.answer("Member id or pay code", "")  # what was typed is the default
    term.answer("Date of birth", "March 14, 1984")
    term.expect(r"The member's first initial is D\.")
    term.expect(r"Step 2 of 6: Amount\.")
    term.answer("Amount to pay ($) (press Enter for ", "")
    term.expect(r"Step 3 of 6: Payment method\.")
    term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "")
    term.expect(r"Step 4 of 6: New card details\.")
    term.answer("Card number (typing is not shown): ", "4242 4242 4242 4242")
    term.answer("Expiry date (MM/YY)", "12/34")
    term.answer("Security code (typing is not shown): ", "123")
    term.answer("Name on card (optional)", "")
    term.expect(r"Checked: Visa ending 4242")
    term.expect(r"Step 5 of 6: Review and pay\.")
    term.expect(r"not saved")
    term.answer("Press Enter to pay $", "")
    term.expect(r"Step 6 of 6: Confirmation\.")
    term.expect(r"Paid: \$\d+\.\d\d from Visa ending 4242\.")
    term.expect(r"Your reference number is HCP-[0-9A-Z]{4}-[0-9A-Z]{4}\.")
    term.expect(r"Read out in groups: ")
    term.answer("Press Enter to finish: ", "")
    term.answer(FIRST_MENU, "5")
    term.expect(r"Goodbye\.")
    assert term.finish() == 0
    assert "4242 4242 4242 4242" not in term.output()
    assert "Traceback" not in term.output()
