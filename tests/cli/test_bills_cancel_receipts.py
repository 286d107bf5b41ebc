"""No dead ends on the command line: `hcpay bills` gives the ids `pay --invoice` takes, `pay
--json` names the bills its receipt names, `hcpay pay cancel REF` cancels a scheduled payment,
`receipt --pdf -` writes to stdout and no file is replaced without --force; what `pay` and
`history` print reads in a screen reader and fits 80 columns."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from hcpay.commands.exits import Exit
from tests.cli.helpers import add_card, hcpay


def test_bills_lists_the_open_bills_and_pay_invoice_takes_their_ids(signed_in: Path) -> None:
    listed = hcpay("bills", "--json")
    assert listed.code == Exit.OK, listed.err
    bills = listed.json()["bills"]
    status = hcpay("status", "--json").json()
    assert status["next_due"]["invoice_id"] in {b["invoice_id"] for b in bills}
    assert listed.json()["total_left_cents"] == sum(b["left_cents"] for b in bills)
    bill = bills[0]

    words = hcpay("bills")
    assert bill["invoice_id"] in words.out
    assert "January" in words.out or re.search(r"[A-Z][a-z]+ \d{4}", words.out)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", words.out)  # dates in words for people

    paid = hcpay("pay", "--amount", "1.01", "--invoice", bill["invoice_id"].lower(), "--yes",
                 "--json")
    assert paid.code == Exit.OK, paid.err
    payment = paid.json()["payment"]
    assert payment["invoice_ids"] == [bill["invoice_id"]]
    receipt = hcpay("receipt", payment["reference"])
    assert bill["invoice_id"] in receipt.out  # the receipt names the same bill


def test_pay_json_names_the_bills_when_none_was_asked_for(signed_in: Path) -> None:
    paid = hcpay("pay", "--amount", "1.02", "--yes", "--json")
    assert paid.code == Exit.OK, paid.err
    payment = paid.json()["payment"]
    assert payment["invoice_ids"]  # oldest open bill first
    receipt = hcpay("receipt", payment["reference"]).out
    assert all(invoice in receipt for invoice in payment["invoice_ids"])


def test_pay_cancel_cancels_a_scheduled_payment(signed_in: Path) -> None:
    today = date.fromisoformat(hcpay("status", "--json").json()["as_of"][:10])  # the portal's
    day = (today + timedelta(days=5)).isoformat()
    made = hcpay("pay", "--amount", "1.03", "--date", day, "--yes", "--json")
    assert made.code == Exit.OK, made.err
    scheduled = made.json()["payment"]
    assert scheduled["status"] == "scheduled"
    reference = scheduled["reference"]
    said = hcpay("pay", "--amount", "1.04", "--date", day, "--yes").out
    assert re.search(r"`hcpay pay cancel HCP-[0-9A-Z]{4}-[0-9A-Z]{4}`", said)  # how to undo it

    asked = hcpay("pay", "cancel", reference, stdin="y\n")
    assert asked.code == Exit.NOT_CONFIRMED and "--yes" in asked.err

    done = hcpay("pay", "cancel", reference.lower(), "--yes", "--json")
    assert done.code == Exit.OK, done.err
    assert done.json()["payment"]["status"] == "canceled"
    canceled = hcpay("history", "--json", "--status", "canceled").json()["payments"]
    assert reference in [p["reference"] for p in canceled]
    again = hcpay("pay", "cancel", reference, "--yes")
    assert again.code == Exit.OK and "already canceled" in again.err


def test_receipt_to_stdout_and_never_over_a_file_without_force(
    signed_in: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paid = hcpay("pay", "--amount", "1.05", "--yes", "--json").json()["payment"]["reference"]
    pdf = hcpay("receipt", paid, "--pdf", "-")
    assert pdf.code == Exit.OK, pdf.err
    assert pdf.raw.startswith(b"%PDF")
    assert not (tmp_path / "-").exists()
    text = hcpay("receipt", paid, "--txt", "-")
    assert paid in text.out and text.code == Exit.OK

    target = tmp_path / "receipt.pdf"
    assert hcpay("receipt", paid, "--pdf", str(target)).code == Exit.OK
    first = target.read_bytes()
    target.write_bytes(b"my own file")
    refused = hcpay("receipt", paid, "--pdf", str(target))
    assert refused.code == Exit.NOT_CONFIRMED
    assert "--force" in refused.err
    assert target.read_bytes() == b"my own file"
    forced = hcpay("receipt", paid, "--pdf", str(target), "--force")
    assert forced.code == Exit.OK, forced.err
    assert target.read_bytes()[:4] == first[:4] == b"%PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.pdf"]  # no partial file left


def test_pay_says_the_reference_in_words_not_in_a_box(signed_in: Path) -> None:
    result = hcpay("pay", "--amount", "1.06", "--yes")
    assert result.code == Exit.OK, result.err
    reference = re.search(r"HCP-[0-9A-Z]{4}-[0-9A-Z]{4}", result.out)
    assert reference
    assert result.out.splitlines()[0] == f"Reference number: {reference.group()}"
    assert not re.search(r"[+|]|-{3,}|={3,}", result.out)


def test_history_fits_80_columns_with_long_notes(signed_in: Path) -> None:
    add_card("4000000000000069")  # expired_card: a failed payment with a long message
    assert hcpay("pay", "--amount", "1.07", "--method", "0069", "--yes").code == Exit.REFUSED
    assert hcpay("pay", "--amount", "1.08", "--method", "6789", "--yes").code == Exit.OK
    result = hcpay("history", "--limit", "0")
    assert result.code == Exit.OK, result.err
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    assert any(line.startswith("  settles by ") for line in lines)  # the bank payment's note
    failed = hcpay("history", "--json", "--status", "failed").json()["payments"][0]
    assert failed["failure_message"].split()[0] in result.out
