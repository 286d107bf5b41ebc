"""`hcpay pay --guest`: pay the demo member's bill without signing in. The member id and date of
birth come from flags (or are asked at a terminal), the card from stdin one answer a line (never
a flag); --json, the exit codes and "no question without a terminal" as for `hcpay pay`."""

from __future__ import annotations

from pathlib import Path

from hcpay.portal.demo import DEMO_MEMBER_ID
from tests.cli.helpers import hcpay, spawn

CARD = "4242 4242 4242 4242\n12/34\n123\n\n"
WHO = ("--member-id", DEMO_MEMBER_ID.lower(), "--date-of-birth", "1984-03-14")


def test_a_guest_pays_from_a_script_without_signing_in(cli_home: Path) -> None:
    result = hcpay("pay", "--guest", *WHO, "--amount", "12.34", "--yes", "--json", stdin=CARD)
    assert result.code == 0, result.err
    paid = result.json()["payment"]
    assert paid["amount_cents"] == 1234 and paid["status"] == "succeeded"
    assert paid["source"] == "guest"
    assert paid["reference"].startswith("HCP-")
    assert result.json()["idempotency_key"]
    assert "first initial is D" in result.err  # said on stderr, never in the data
    assert "4242 4242" not in result.err + result.out


def test_what_is_missing_or_wrong_is_said_and_nothing_is_charged(cli_home: Path) -> None:
    missing = hcpay("pay", "--guest", "--amount", "5", "--yes", stdin=CARD)
    assert missing.code == 2 and "--member-id is needed" in missing.err
    shape = hcpay("pay", "--guest", "--member-id", "12345", "--date-of-birth", "1984-03-14",
                  "--amount", "5", "--yes", stdin=CARD)
    assert shape.code == 2 and "member id printed on your bill" in shape.err
    wrong = hcpay("pay", "--guest", "--member-id", DEMO_MEMBER_ID, "--date-of-birth",
                  "1984-03-15", "--amount", "5", "--yes", "--json", stdin=CARD)
    assert wrong.code == 3, wrong.err
    assert "could not find a bill" in wrong.err
    assert wrong.json()["error"]["code"] == "no_match"
    unconfirmed = hcpay("pay", "--guest", *WHO, "--amount", "5", stdin=CARD)
    assert unconfirmed.code == 6 and "--yes" in unconfirmed.err
    bad_card = hcpay("pay", "--guest", *WHO, "--amount", "5", "--yes",
                     stdin="4242 4242 4242 4241\n12/34\n123\n\n")
    assert bad_card.code == 1 and "Card number:" in bad_card.err
    assert "Nothing was charged." in bad_card.err
    flag = hcpay("pay", "--guest", *WHO, "--card-number", "4242424242424242")
    assert flag.code == 2  # no such option: a card number is never a flag


def test_at_a_terminal_the_member_id_and_card_are_asked(cli_home: Path) -> None:
    term = spawn(cli_home, "pay", "--guest", "--amount", "7.50")
    term.expect(r"Member id \(on your bill, like M-7K2M-9QX4\): ")
    term.sendline(DEMO_MEMBER_ID)
    term.expect(r"Date of birth \(like April 30, 1980\): ")
    term.sendline("March 14, 1984")
    term.expect("first initial is D")
    term.expect(r"Card number \(typing is not shown\): ")
    term.sendline("4242424242424242")
    term.expect(r"Expiry date \(MM/YY\): ")
    term.sendline("12/34")
    term.expect(r"Security code \(typing is not shown\): ")
    term.sendline("123")
    term.expect(r"Name on card \(optional\): ")
    term.sendline("")
    term.expect(r"Pay now\? \[y/N\] ")
    term.sendline("y")
    term.expect(r"Reference number: HCP-[0-9A-Z]{4}-[0-9A-Z]{4}")
    term.expect(r"Paid: \$7\.50")
    term.expect(pexpect_eof())
    term.close()
    assert term.exitstatus == 0


def pexpect_eof() -> object:
    import pexpect

    return pexpect.EOF


def test_a_guest_pays_by_bank_account_from_stdin(cli_home: Path) -> None:
    bank = "110000000\n000123456789\nchecking\nPat Tester\n"
    result = hcpay("pay", "--guest", *WHO, "--amount", "3.21", "--bank", "--yes", "--json",
                   stdin=bank)
    assert result.code == 0, result.err
    paid = result.json()["payment"]
    assert paid["status"] == "processing" and paid["source"] == "guest"
    assert "000123456789" not in result.out + result.err
