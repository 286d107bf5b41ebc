"""`hcpay methods list|add|default|remove` against the real embedded portal (demo member): the
card or bank details come from stdin (never from flags), go to the gateway, and the saved method
is listed; a method automatic payments use is not removed, and the portal's words say why."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import hcpay


def test_list_add_default_and_remove(signed_in: Path) -> None:
    listed = hcpay("methods", "list", "--json")
    assert listed.code == 0, listed.err
    before = listed.json()["methods"]
    assert {m["last4"] for m in before} >= {"4242", "6789"}
    assert listed.json()["version"] == 1

    # a card from stdin, one answer a line (the name left empty)
    added = hcpay("methods", "add", stdin="5555 5555 5555 4444\n12/30\n123\n\n")
    assert added.code == 0, added.err
    assert "Saved: Mastercard ending 4444." in added.out
    # a bank account, made the default
    bank = hcpay("methods", "add", "--bank", "--default", "--json",
                 stdin="110000000\n000123456789\nsavings\nPat Demo\n")
    assert bank.code == 0, bank.err
    saved = bank.json()["method"]
    assert saved["kind"] == "bank_account" and saved["account_type"] == "savings"
    assert saved["is_default"] is True
    after = hcpay("methods", "list", "--json").json()["methods"]
    assert len(after) == len(before) + 2
    assert [m["payment_method_id"] for m in after if m["is_default"]] == [
        saved["payment_method_id"]
    ]

    # the default back to the Visa, by its last 4
    made = hcpay("methods", "default", "4242")
    assert made.code == 0 and "Visa ending 4242 is now your default method." in made.out

    # automatic payments from the Mastercard: it cannot be removed, said in words
    assert hcpay("autopay", "set", "--method", "4444", "--yes").code == 0
    refused = hcpay("methods", "remove", "4444", "--yes")
    assert refused.code == 3
    assert "Not removed. Automatic payments use this method." in refused.err
    assert "Traceback" not in refused.err
    assert hcpay("autopay", "off", "--yes").code == 0
    removed = hcpay("methods", "remove", "4444", "--yes")
    assert removed.code == 0 and "Removed: Mastercard ending 4444." in removed.out
    assert "4444" not in hcpay("methods", "list").out


def test_details_are_never_flags_and_a_wrong_one_saves_nothing(signed_in: Path) -> None:
    count = len(hcpay("methods", "list", "--json").json()["methods"])
    flag = hcpay("methods", "add", "--number", "4242424242424242")
    assert flag.code == 2  # no such option: a card number is never taken from the command line
    wrong = hcpay("methods", "add", stdin="4242 4242 4242 4241\n12/30\n123\n\n")
    assert wrong.code == 1
    assert wrong.err.startswith("hcpay methods add: Card number:")
    assert "Nothing was saved." in wrong.err
    short = hcpay("methods", "add", stdin="4242424242424242\n")
    assert short.code == 1 and "No expiry date" in short.err
    assert len(hcpay("methods", "list", "--json").json()["methods"]) == count
    # a remove that is not confirmed, from a script, changes nothing
    unconfirmed = hcpay("methods", "remove", "PM-DEMO-BANK")
    assert unconfirmed.code == 6 and "--yes" in unconfirmed.err
    assert len(hcpay("methods", "list", "--json").json()["methods"]) == count
