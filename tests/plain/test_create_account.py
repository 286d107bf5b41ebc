"""Create an account in plain mode on a pseudo-terminal, through verification: the sandbox
inbox is read out after step 3, so the code is heard and typed at step 4."""

from __future__ import annotations

import re

from tests.plain.terminal import START_TIMEOUT, PlainTerminal, escapes_in

PASSWORD = "Quiet-Harbour-Lantern-42"


def test_create_account_through_verification_and_sign_in(terminal: PlainTerminal) -> None:
    term = terminal
    term.answer("Enter a number between 1 and 5, or press Enter for 1: ", "2",
                timeout=START_TIMEOUT)
    term.expect(r"Step 1 of 5: Personal details\.")
    term.answer("First name: ", "Robin")
    term.answer("Last name: ", "Okafor")
    term.answer("Date of birth, like YYYY-MM-DD: ", "04/30/1980")
    term.answer("Social Security number (typing is not shown): ", "12345")
    term.expect(r"Error: A Social Security number has 9 digits, like 123-45-6789\.")
    term.answer("Social Security number (typing is not shown): ", "212-55-4321")
    term.expect(r"Step 2 of 5: Contact details\.")
    term.answer("Email address, like name@example.com: ", "robin.okafor@example.com")
    term.answer("Mobile phone (optional), like 617-555-0100: ", "")
    term.expect(r"Step 3 of 5: Username and password\.")
    term.answer("Username: ", "robin_okafor")
    term.answer("Password (typing is not shown): ", PASSWORD)
    term.answer("Type the password again (typing is not shown): ", "Something-Else-Entirely-7")
    term.expect(r"Error: The two passwords differ; type the same one twice\.")
    term.answer("Password (typing is not shown): ", PASSWORD)
    term.answer("Type the password again (typing is not shown): ", PASSWORD)
    term.expect(r"Your account is made\. We sent a 6-digit code to ")
    term.expect(r"Message to robin\.okafor@example\.com, subject: ")
    spoken = term.expect(r"The code in it is (\d \d \d, \d \d \d)\.")  # in groups, as read aloud
    code = re.sub(r"\D", "", spoken)
    term.expect(r"Step 4 of 5: Verify your identity\.")
    wrong = "000000" if code != "000000" else "111111"
    term.answer("Verification code (6 digits): ", wrong)
    term.expect(r"Error: [A-Z][^\r\n]*\.")
    term.answer("Verification code (6 digits): ", "inbox")
    term.expect(r"The code in it is \d \d \d, \d \d \d\.")
    term.answer("Verification code (6 digits): ", code)
    term.expect(r"Your account is verified\.")
    term.expect(r"Step 5 of 5: Done\.")
    term.answer("Press Enter to go to my dashboard: ", "")
    term.expect(r"Signed in as robin_okafor\.")
    term.expect(r"Hello, Robin\.")
    term.expect(r"You owe \$[\d,]+\.\d\d now\.")
    term.answer("Enter a number between 1 and 9, or press Enter for 1: ", "9")  # 9. Quit
    term.expect(r"Goodbye\.")
    assert term.finish() == 0
    output = term.output()
    assert PASSWORD not in output
    assert escapes_in(output) == []
