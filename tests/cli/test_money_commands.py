"""status, history, pay, receipt and autopay against the real embedded portal (demo-seeded
SQLite in a temp HCPAY_HOME), signed in once with `hcpay login` as the demo member."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest

from hcpay.commands.render import PAYMENT_CSV_FIELDS
from tests.cli.helpers import add_card, hcpay


def references(*args: str) -> list[str]:
    result = hcpay("history", "--json", "--limit", "0", *args)
    assert result.code == 0, result.err
    return [p["reference"] for p in result.json()["payments"]]


def test_status_json_has_cents_and_formatted_money(signed_in: Path) -> None:
    result = hcpay("status", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["version"] == 1
    assert data["member"] == {"first_name": "Dana", "username": "demo"}
    assert isinstance(data["balance_due_cents"], int)
    cents = data["balance_due_cents"]
    assert data["balance_due"] == f"${cents // 100:,}.{cents % 100:02d}"
    assert data["coverage_status"] == "active"

    words = hcpay("status")
    assert words.code == 0
    assert "Your coverage is active." in words.out
    assert data["balance_due"] in words.out or "You owe nothing" in words.out


def test_pay_yes_then_history_json_shows_the_reference(signed_in: Path) -> None:
    paid = hcpay("pay", "--amount", "12.34", "--yes", "--json")
    assert paid.code == 0, paid.err
    payment = paid.json()["payment"]
    assert payment["status"] == "succeeded"
    assert payment["amount_cents"] == 1234 and payment["amount"] == "$12.34"

    history = hcpay("history", "--json")
    assert history.code == 0, history.err
    newest = history.json()["payments"][0]
    assert newest["reference"] == payment["reference"]
    assert newest["amount_cents"] == 1234
    assert newest["method"] == "Visa ending 4242"


def test_pay_prints_the_reference_large_and_the_bank_settlement_date(signed_in: Path) -> None:
    result = hcpay("pay", "--amount", "5", "--method", "6789", "--yes")
    assert result.code == 0, result.err
    reference = references()[0]
    lines = result.out.splitlines()
    assert f"Reference number: {reference}" in lines  # whole, on a line of its own
    assert any(line.startswith("Read aloud as: H C P, ") for line in lines)
    assert not {"+", "|", "="} & set(result.out)  # no box a screen reader reads as symbols
    assert "Expected to settle on" in result.out
    processing = hcpay("history", "--json", "--status", "processing").json()["payments"]
    settles = processing[0]["expected_settlement_date"]
    assert processing[0]["reference"] == reference and settles
    assert hcpay("history").out.count(reference) == 1


def test_pay_without_yes_when_stdin_is_not_a_terminal_names_the_flag(signed_in: Path) -> None:
    before = references()
    result = hcpay("pay", "--amount", "7.00", stdin="y\n")  # a "y" waiting is not a yes
    assert result.code == 6
    assert "--yes" in result.err
    assert "Traceback" not in result.err
    assert references() == before


def test_the_same_idempotency_key_never_pays_twice(signed_in: Path) -> None:
    first = hcpay("pay", "--amount", "3.21", "--yes", "--json", "--idempotency-key", "run-42")
    again = hcpay("pay", "--amount", "3.21", "--yes", "--json", "--idempotency-key", "run-42")
    assert first.code == again.code == 0, again.err
    assert first.json()["payment"]["reference"] == again.json()["payment"]["reference"]
    assert references().count(first.json()["payment"]["reference"]) == 1
    other = hcpay("pay", "--amount", "3.21", "--yes", "--json", "--allow-duplicate")
    assert other.json()["idempotency_key"] != "run-42"
    assert other.json()["payment"]["reference"] != first.json()["payment"]["reference"]


def test_a_lost_answer_is_retried_with_the_same_key_one_payment(
    signed_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portal takes the payment but the answer never arrives: the client sends the same
    request (same Idempotency-Key) again and gets the first payment back."""
    real = httpx.ASGITransport.handle_async_request
    keys: list[str] = []

    async def drop_first_answer(
        self: httpx.ASGITransport, request: httpx.Request
    ) -> httpx.Response:
        response = await real(self, request)
        if request.method == "POST" and request.url.path.endswith("/me/payments"):
            keys.append(request.headers["Idempotency-Key"])
            if len(keys) == 1:
                raise httpx.ReadError("connection dropped", request=request)
        return response

    monkeypatch.setattr(httpx.ASGITransport, "handle_async_request", drop_first_answer)
    before = references()
    result = hcpay("pay", "--amount", "4.56", "--yes", "--json")
    assert result.code == 0, result.err
    assert len(keys) == 2 and keys[0] == keys[1]
    after = references()
    assert len(after) == len(before) + 1
    assert after[0] == result.json()["payment"]["reference"]


def test_a_declined_card_says_why_in_plain_words(signed_in: Path) -> None:
    add_card("4000000000000002")  # declines, generic_decline
    result = hcpay("pay", "--amount", "6", "--method", "0002", "--yes")
    assert result.code == 3
    assert "hcpay pay: Declined: The card was declined." in result.err
    assert "Traceback" not in result.err
    failed = hcpay("history", "--json", "--status", "failed").json()["payments"]
    assert failed and failed[0]["failure_code"]
    assert failed[0]["reference"] in result.err


def test_history_csv_has_a_header_row(signed_in: Path) -> None:
    result = hcpay("history", "--csv", "--limit", "3")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert tuple(rows[0]) == PAYMENT_CSV_FIELDS
    assert len(rows) == 4
    assert all(len(row) == len(PAYMENT_CSV_FIELDS) for row in rows)


def test_history_limit_and_status_filter(signed_in: Path) -> None:
    one = hcpay("history", "--json", "--limit", "1").json()
    assert len(one["payments"]) == 1 and one["more"] is True
    every = hcpay("history", "--json", "--limit", "0").json()
    assert every["more"] is False and len(every["payments"]) > 12  # a year of demo history
    paid = hcpay("history", "--json", "--status", "paid", "--limit", "0").json()["payments"]
    assert paid and {p["status"] for p in paid} == {"succeeded"}
    bad = hcpay("history", "--status", "bogus")
    assert bad.code == 2 and "succeeded" in bad.err


def test_receipt_to_pdf_and_as_text(signed_in: Path, tmp_path: Path) -> None:
    reference = references()[0]
    target = tmp_path / "receipt.pdf"
    result = hcpay("receipt", reference, "--pdf", str(target))
    assert result.code == 0, result.err
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in result.err

    text = hcpay("receipt", reference.lower().replace("-", " "))  # as typed from a call
    assert text.code == 0, text.err
    assert reference in text.out

    saved = tmp_path / "receipt.txt"
    assert hcpay("receipt", reference, "--txt", str(saved)).code == 0
    assert reference in saved.read_text()

    missing = hcpay("receipt", "HCP-0000-0000")
    assert missing.code == 3
    assert "hcpay history" in missing.err


def test_autopay_set_show_change_and_off(signed_in: Path) -> None:
    assert hcpay("autopay", "off", "--yes").code == 0
    assert "off" in hcpay("autopay", "show").out

    made = hcpay("autopay", "set", "--amount", "50", "--day", "5", "--yes", "--json")
    assert made.code == 0, made.err
    autopay = made.json()["autopay"]
    assert autopay["amount"] == {"type": "fixed", "amount_cents": 5000, "amount": "$50.00"}
    assert autopay["draw_day"] == 5 and autopay["frequency"] == "monthly"
    assert autopay["next_draw_date"].endswith("-05")

    changed = hcpay("autopay", "set", "--amount", "full", "--frequency", "quarterly", "--yes")
    assert changed.code == 0, changed.err
    shown = hcpay("autopay", "show", "--json").json()["autopay"]
    assert shown["amount"]["type"] == "full_balance"
    assert shown["frequency"] == "quarterly" and shown["draw_day"] == 5  # the day was kept

    refused = hcpay("autopay", "off")
    assert refused.code == 6 and "--yes" in refused.err
    assert hcpay("autopay", "show", "--json").json()["autopay"] is not None

    assert hcpay("autopay", "off", "--yes").code == 0
    assert hcpay("autopay", "show", "--json").json()["autopay"] is None


def test_usage_mistakes_exit_2(signed_in: Path) -> None:
    missing = hcpay("pay")
    assert missing.code == 2 and "--amount" in missing.err
    assert "usage: hcpay pay" in missing.err
    bad_amount = hcpay("pay", "--amount", "12.345", "--yes")
    assert bad_amount.code == 2
    assert "Cents have two digits" in bad_amount.err
    bad_day = hcpay("autopay", "set", "--day", "31", "--yes")
    assert bad_day.code == 2 and "1 to 28" in bad_day.err
    assert "usage: hcpay autopay set" in bad_day.err
