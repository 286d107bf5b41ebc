"""Issue 13, items 13-16, as a screen reader hears them: the main journeys of plain mode walked
on a pseudo-terminal, every byte read. The ``terminal`` fixture fails on any escape sequence
and on any noise (tests/plain/noise.py: "(s)", ISO dates and months, runs of 5+ punctuation
marks, box drawing, em/en dashes); these walks reach the sentences that the other plain-mode
tests do not: automatic payments, the guides' own words, a payment plan's terms before the
question, a support code asked for without a needless "are you sure"."""

from __future__ import annotations

import re

from tests.plain.terminal import START_TIMEOUT, PlainTerminal

PASSWORD = "Demo-Pass-2026!"
MAIN_MENU = "Enter a number between 1 and 9, or press Enter for 1: "


def sign_in(term: PlainTerminal, username: str) -> None:
    term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "1",
                timeout=START_TIMEOUT)
    term.answer("Username: ", username)
    term.answer("Password (typing is not shown): ", PASSWORD)
    term.answer("or press Enter for no: ", "")
    term.expect(rf"Signed in as {username}\.")


def test_autopay_history_and_the_guides_in_plain_words(terminal: PlainTerminal) -> None:
    term = terminal
    sign_in(term, "demo")
    term.expect(r"Your next bill, \$98\.00, is due \w+day, \w+ \d+, \d{4}")

    # Automatic payments: seven steps, every one said, Enter on each default.
    term.answer(MAIN_MENU, "3")
    term.answer("or press Enter for 2: ", "1")
    for step in range(1, 6):
        term.expect(rf"Step {step} of 7: ")
        term.answer(": ", "")
    term.expect(r"Step 6 of 7: Review\.")
    term.expect(r"First draw: about \w+day, \w+ \d+, \d{4}")
    term.answer("Press Enter to confirm, or type back for the step before: ", "")
    term.expect(r"Step 7 of 7: Activate\.")
    term.expect(r"You authorize these payments")  # the consent is asked after the terms
    term.answer("Press Enter to turn on automatic payments, or type back for the step "
                "before: ", "")
    term.expect(r"Automatic payments are ON: the full balance monthly")
    term.answer("or press Enter for 4: ", "")

    # Guide 3 lists the latest payments and asks which one at once.
    term.answer(MAIN_MENU, "5")
    term.answer("or press Enter for 7: ", "3")
    term.expect(r"give a reference, or the number of one, to look it up:")
    term.answer("(or a number from the list), or press Enter to skip: ", "1")
    term.expect(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}[^\r\n]*(paid|settled|processing)")
    term.answer("or press Enter for 4: ", "4")  # back to the guides

    # Guide 1 says what to choose, in plain mode's own words: no screen keys.
    term.answer("or press Enter for 7: ", "1")
    term.expect(r"Send a reset code, in this guide, sends one now")
    term.expect(r"Step 4 of 5: Reset the password\. Forgot password, where you sign in")
    term.answer("or press Enter for 5: ", "5")

    # Guide 5: a support code is simply made (nothing to agree to), and said in groups.
    term.answer("or press Enter for 7: ", "5")
    term.expect(r"Choose Get a support code in this guide")
    term.answer("or press Enter for 5: ", "4")
    term.expect(r"Your support code: \d+")
    term.answer("or press Enter for 5: ", "5")
    term.answer("or press Enter for 7: ", "7")
    term.answer(MAIN_MENU, "9")
    term.expect(r"Goodbye\.")
    assert term.finish() == 0
    said = term.output()
    assert "are you sure" not in said.lower()
    for screen_words in ("Press r", "press r", "(press r", "F3", "F4", "(h)", "(s)",
                         "on the dashboard", "sign-in screen"):
        assert screen_words not in said, f"plain mode spoke the screen's keys: {screen_words!r}"


def test_a_payment_plan_is_agreed_to_only_after_its_terms(terminal: PlainTerminal) -> None:
    term = terminal
    sign_in(term, "pastdue")
    term.answer(MAIN_MENU, "5")
    term.answer("or press Enter for 7: ", "4")
    term.expect(r"the first unpaid month is \w+ \d{4}\)")  # a month in words
    term.answer("or press Enter for 5: ", "4")  # Request a payment plan
    term.answer("Installments (2-6) (press Enter for 3): ", "2")
    terms = term.expect(r"The plan: \$[\d,.]+ past due, in 2 monthly installments drawn from "
                        r"Visa ending 4242:")
    first = term.expect(r"1\. \$[\d,.]+ on \w+day, \w+ \d+, \d{4}, today: the first "
                        r"installment is drawn at once\.")
    term.expect(r"2\. \$[\d,.]+ on \w+day, \w+ \d+, \d{4}\.")
    term.answer("Set up this payment plan? Enter y for yes or n for no, or press Enter for "
                "no: ", "y")
    term.expect(r"Payment plan PLN-[0-9A-Z]{4}-[0-9A-Z]{4}: 2 installments")
    assert terms and first
    said = term.output()
    assert said.index("drawn at once") < said.index("Set up this payment plan?")
    assert re.search(r"Nothing was done", said) is None
