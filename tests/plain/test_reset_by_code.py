"""Issue 13 item 12, as a screen-reader user meets it: a forgotten password reset by a code a
person can hear and type. Every byte plain mode writes is read: the code is said in groups, a
mistyped code is refused at its own step (and counts), the right one lets a new password be
chosen, and the new password signs in. No escape, no noise (tests/plain/noise.py)."""

from __future__ import annotations

import re

from tests.plain.terminal import START_TIMEOUT, PlainTerminal

FIRST_MENU = "Enter a number between 1 and 5, or press Enter for 1: "
NEW_PASSWORD = "violet tractor under moonlight 42"


def test_reset_a_forgotten_password_by_a_code_heard_in_groups(terminal: PlainTerminal) -> None:
    term = terminal
    term.answer(FIRST_MENU, "3", timeout=START_TIMEOUT)  # Forgot password
    term.expect(r"Step 1 of 4: Find your account\.")
    term.answer("Username or email address: ", "pastdue")
    term.expect(r"If that account exists, a reset code is on its way to its email\.")
    term.expect(r"subject: Your hcpay password reset code\.")
    spoken = term.expect(r"The code in it is ([0-9A-Z] ){3}[0-9A-Z], ([0-9A-Z] ){3}[0-9A-Z]\.")
    code = re.sub(r"[^0-9A-Z]", "", spoken.removeprefix("The code in it is "))
    assert len(code) == 8
    assert "token" not in term.output().lower()  # one word for it: "reset code"
    term.expect(r"Step 2 of 4: Reset code\.")
    wrong = ("1" if code[0] != "1" else "2") + code[1:]
    term.answer("Reset code (like 7K2M-9QX4): ", wrong)
    term.expect(r"Error: That reset code does not work\.")
    term.expect(r"5 wrong tries end it")
    # typed the way a person types it: lower case, a space in the middle
    term.answer("Reset code", f"{code[:4].lower()} {code[4:].lower()}")
    term.expect(r"Step 3 of 4: New password\.")
    term.answer("New password (typing is not shown): ", NEW_PASSWORD)
    term.answer("Type the new password again (typing is not shown): ", NEW_PASSWORD)
    term.expect(r"Your password is changed\. Sign in with the new one\.")
    term.expect(r"Step 4 of 4: Done\.")
    term.answer("Press Enter to go back to sign in: ", "")
    term.answer(FIRST_MENU, "1")
    term.answer("Username", "pastdue")
    term.answer("Password (typing is not shown): ", NEW_PASSWORD)
    term.answer("or press Enter for no: ", "")
    term.expect(r"Signed in as pastdue\.")
    assert NEW_PASSWORD not in term.output()
    assert "Traceback" not in term.output()
