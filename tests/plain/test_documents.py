"""Documents in plain mode, line by line on a pseudo-terminal: the demo member lists the tax
forms, hears the 2025 Form 1095-A read out (no underlines, every month), saves it as a PDF under
a name they type, and sets bills to paper by mail; nothing said is noise to a screen reader
(the terminal fixture checks every byte)."""

from __future__ import annotations

import re

from tests.plain.terminal import PlainTerminal
from tests.plain.test_demo_session import MAIN_MENU, sign_in_as_demo

DOCUMENTS = "7"
KINDS_MENU = "Enter a number between 1 and 7, or press Enter for 1: "
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def test_hear_the_2025_form_save_it_as_pdf_and_choose_mail_for_bills(
    terminal: PlainTerminal,
) -> None:
    term = terminal
    sign_in_as_demo(term)
    term.answer(MAIN_MENU, DOCUMENTS)
    term.expect(r"Documents\.")
    term.expect(r"4\. Tax forms \(Form 1095-A\)")
    term.answer(KINDS_MENU, "4")
    term.expect(r"1 document:")
    term.expect(r"1\. Tax forms \(Form 1095-A\): Form 1095-A for 2025, made on \w+ \d+, \d{4}")
    term.answer("Enter a number between 1 and 2, or press Enter for 2: ", "1")
    term.expect(r"Form 1095-A for 2025")
    term.expect(r"Recipient, Dana Rivera")
    for month in MONTHS:
        term.expect(rf"{month}, \$[\d,.]+, \$[\d,.]+, \$[\d,.]+")
    term.expect(r"Annual totals, \$6,120\.00, \$6,420\.00, \$4,944\.00")
    term.expect(r"End of the document\.")
    term.answer("Enter a number between 1 and 3, or press Enter for 3: ", "1")
    term.answer("(press Enter for form-1095-a-for-2025-DOC-", "my-form.pdf")
    saved = term.expect(r"Saved Form 1095-A for 2025 to \S+my-form\.pdf\.")
    path = re.search(r" to (\S+my-form\.pdf)\.", saved)
    assert path is not None
    with open(path.group(1), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    term.answer("Enter a number between 1 and 3, or press Enter for 3: ", "")
    term.answer("Enter a number between 1 and 2, or press Enter for 2: ", "")

    # Paperless or paper by mail, one question a kind
    term.answer(KINDS_MENU, "6")
    term.expect(r"Bills: Paperless \(by email\)\.")
    term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "2")  # bills: mail
    term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "")
    term.answer("Enter a number between 1 and 2, or press Enter for 1: ", "")
    term.expect(r"Saved\.")
    term.expect(r"Bills: Paper \(by mail\)\.")
    term.answer(KINDS_MENU, "7")
    term.answer(MAIN_MENU, "9")
    term.expect(r"Goodbye\.")
    assert term.finish() == 0
    assert "=====" not in term.output() and "Traceback" not in term.output()
